"""Exercise pictures and videos: checked by content, private, shown where runners exercise."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from programs.media import MediaRefused, inspect
from programs.models import ExerciseMedia, MediaKind
from tests.programs.factories import (
    MP4_BYTES,
    exercise,
    picture_of,
    png_bytes,
    start_program,
)


def jpeg_with_location() -> bytes:
    image = Image.new("RGB", (800, 600), (200, 100, 50))
    exif = Image.Exif()
    exif[0x8825] = {2: (35.0, 47.0, 0.0)}  # GPSInfo: where the photo was taken
    exif[0x0112] = 6  # Orientation: rotate 90° to show upright
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (
            b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
            "not a picture",
        ),
        (b"GIF89a" + b"\x00" * 100, "not a picture"),
        (png_bytes()[:40], "not a picture"),  # truncated
        (b"%PDF-1.7\n" + b"x" * 100, "not a picture"),
    ],
    ids=["empty", "svg-with-script", "broken-gif", "truncated-png", "pdf"],
)
def test_files_that_are_not_pictures_or_videos_are_refused(data, message):
    with pytest.raises(MediaRefused, match=message):
        inspect(data)


def test_a_picture_is_kept_upright_without_its_metadata_and_gets_a_thumbnail():
    inspected = inspect(jpeg_with_location())
    assert (inspected.kind, inspected.content_type) == ("image", "image/jpeg")
    saved = Image.open(io.BytesIO(inspected.content))
    assert saved.size == (600, 800)  # turned upright
    assert not saved.getexif()  # no location, no orientation left
    thumb = Image.open(io.BytesIO(inspected.thumbnail))
    assert max(thumb.size) <= 480


def test_a_video_is_recognised_by_its_container_not_its_name():
    inspected = inspect(MP4_BYTES)
    assert (inspected.kind, inspected.content_type, inspected.thumbnail) == (
        "video",
        "video/mp4",
        None,
    )


@pytest.fixture
def clinician_client(client, cast):
    client.force_login(cast.clinician)
    return client


def upload(client, slug, data, name):
    url = reverse("programs:exercise_media_add", kwargs={"code": exercise(slug).code})
    return client.post(url, {"file": SimpleUploadedFile(name, data), "caption": "Side view"})


def test_a_clinician_adds_a_picture_named_as_anything(clinician_client):
    response = upload(clinician_client, "side-lunge", png_bytes(), "lunge.exe")
    assert response.status_code == 302
    media = ExerciseMedia.objects.get()
    assert media.kind == MediaKind.IMAGE and media.content_type == "image/png"
    assert media.file.name.endswith(".png") and "lunge" not in media.file.name


def test_a_refused_upload_says_why_next_to_the_field(clinician_client):
    response = upload(clinician_client, "side-lunge", b"MZ\x90\x00 not a picture", "lunge.jpg")
    assert response.status_code == 400
    assert "That file is not a picture we can read." in response.content.decode()
    assert not ExerciseMedia.objects.exists()


def test_a_runner_sees_pictures_of_exercises_in_their_program_only(client, cast):
    start_program(cast.runner_a, by=cast.clinician)
    in_program = picture_of("side-lunge")
    client.force_login(cast.runner_a.user)
    response = client.get(in_program.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "private" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    client.force_login(cast.runner_b.user)
    assert client.get(in_program.get_absolute_url()).status_code == 404


def test_today_and_the_handout_show_the_drawing_and_pictures(client, cast):
    program = start_program(cast.runner_a, by=cast.clinician)
    picture = picture_of("side-lunge")
    client.force_login(cast.runner_a.user)
    today = client.get(reverse("programs:today")).content.decode()
    assert "programs/exercises/side-lunge.svg" in today
    assert picture.thumbnail_url in today
    handout = client.get(
        reverse("programs:handout", kwargs={"code": program.code})
    ).content.decode()
    assert picture.thumbnail_url in handout


def test_the_library_lists_and_removes_media(clinician_client):
    picture = picture_of("side-lunge")
    page = clinician_client.get(exercise("side-lunge").get_absolute_url()).content.decode()
    assert picture.thumbnail_url in page
    stored = picture.file.name
    clinician_client.post(reverse("programs:exercise_media_remove", kwargs={"code": picture.code}))
    assert not ExerciseMedia.objects.exists()
    assert not picture.file.storage.exists(stored)


def test_media_files_have_no_public_url(db):
    picture = picture_of("side-lunge")
    with pytest.raises(ValueError, match="no public URL"):
        picture.file.url  # noqa: B018 - the property is what a careless template would read
