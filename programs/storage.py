"""Exercise media on the local disk, with no public address.

Files are read through `programs:exercise_media`, which checks who is asking; asking this storage
for a URL is a mistake in a template, so it fails loudly instead of leaking a path.
"""

from django.core.files.storage import FileSystemStorage


class PrivateFileSystemStorage(FileSystemStorage):
    def url(self, name):
        raise ValueError("Exercise media have no public URL: link to programs:exercise_media.")
