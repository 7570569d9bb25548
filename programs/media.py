"""Checking an uploaded exercise picture or video by its content, and making its thumbnail.

The name and the browser's stated type are never trusted: a picture must decode with Pillow as
one of the formats below, a video must open with the signature of an MP4/QuickTime or WebM
container. Pictures are saved again without their metadata (a phone photo's EXIF can carry where
it was taken), turned upright, and given a thumbnail.
"""

import io
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_IMAGE_BYTES = 10 * 1024 * 1024
MAX_VIDEO_BYTES = 50 * 1024 * 1024  # short clips: about a minute of phone video
MAX_IMAGE_PIXELS = 40_000_000  # a 40-megapixel photo; past that, a decompression bomb
THUMBNAIL_SIZE = (480, 480)

IMAGE_FORMATS = {
    "JPEG": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
    "WEBP": ("image/webp", "webp"),
}
# ISO base media file format brands (the 'ftyp' box): MP4 and QuickTime clips from phones.
MP4_BRANDS = {
    b"isom",
    b"iso2",
    b"iso4",
    b"iso5",
    b"iso6",
    b"mp41",
    b"mp42",
    b"avc1",
    b"M4V ",
    b"dash",
}
QUICKTIME_BRAND = b"qt  "
EBML_MAGIC = b"\x1a\x45\xdf\xa3"


class MediaRefused(ValueError):
    """The file is not a picture or video we take; the message says why, for the form."""


@dataclass(frozen=True)
class Inspected:
    kind: str  # "image" or "video"
    content_type: str
    extension: str
    content: bytes  # what to store: the re-encoded picture, or the video as uploaded
    thumbnail: bytes | None  # a JPEG, for pictures


def _video_type(head: bytes) -> tuple[str, str] | None:
    if len(head) >= 12 and head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand == QUICKTIME_BRAND:
            return "video/quicktime", "mov"
        if brand in MP4_BRANDS:
            return "video/mp4", "mp4"
    if head.startswith(EBML_MAGIC) and b"webm" in head[:64]:
        return "video/webm", "webm"
    return None


def _picture(data: bytes) -> Inspected:
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()  # structure: truncated or forged files fail here
        image = Image.open(io.BytesIO(data))
        if image.format not in IMAGE_FORMATS:
            raise MediaRefused("Pictures must be JPEG, PNG or WebP.")
        if image.width * image.height > MAX_IMAGE_PIXELS:
            raise MediaRefused("That picture has too many pixels; please send a smaller one.")
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as error:
        raise MediaRefused("That file is not a picture we can read.") from error
    content_type, extension = IMAGE_FORMATS[image.format]
    upright = ImageOps.exif_transpose(image)
    clean = io.BytesIO()
    if image.format == "JPEG":
        upright.convert("RGB").save(clean, "JPEG", quality=90, optimize=True)
    else:
        upright.save(clean, image.format)  # metadata is not copied unless asked for
    thumb = upright.convert("RGB")
    thumb.thumbnail(THUMBNAIL_SIZE)
    small = io.BytesIO()
    thumb.save(small, "JPEG", quality=82, optimize=True)
    return Inspected("image", content_type, extension, clean.getvalue(), small.getvalue())


def inspect(data: bytes) -> Inspected:
    """What the upload really is, or MediaRefused with a reason a clinician can act on."""
    if not data:
        raise MediaRefused("The file is empty.")
    video = _video_type(data[:64])
    if video is not None:
        if len(data) > MAX_VIDEO_BYTES:
            raise MediaRefused(f"Videos may be up to {MAX_VIDEO_BYTES // 1024 // 1024} MB.")
        content_type, extension = video
        return Inspected("video", content_type, extension, data, None)
    if len(data) > MAX_IMAGE_BYTES:
        raise MediaRefused(f"Pictures may be up to {MAX_IMAGE_BYTES // 1024 // 1024} MB.")
    return _picture(data)
