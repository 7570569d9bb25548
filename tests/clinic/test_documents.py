"""PDFs on the practice's letterhead: the handout, the data export; nothing fetched from outside."""

import io

import pypdf
import pytest
from django.urls import reverse

from clinic.documents import LocalFetcher, render_pdf
from clinic.models import AccessLog
from tests.programs.factories import picture_of, start_program


def text_of(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)


def images_in(content: bytes) -> int:
    return sum(len(page.images) for page in pypdf.PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def letterhead(cast):
    cast.location.address = "101 Kildaire Farm Rd, Cary, NC 27511"
    cast.location.phone = "+19195550100"
    cast.location.save()
    return cast.location


def test_the_handout_pdf_has_the_letterhead_exercises_and_pictures(client, cast, letterhead):
    program = start_program(cast.runner_a, by=cast.clinician)
    picture_of("side-lunge")
    client.force_login(cast.runner_a.user)
    response = client.get(reverse("programs:handout_pdf", kwargs={"code": program.code}))
    assert response["Content-Type"] == "application/pdf"
    text = text_of(response.content)
    assert "Cary" in text and "101 Kildaire Farm Rd" in text and "+1 919-555-0100" in text
    assert "Side lunge" in text and "Hooklying breathing with a block" in text
    assert "call the practice on +1 919-555-0100" in text.replace("\n", " ")
    assert images_in(response.content) >= 1  # the uploaded picture (drawings are vector)


def test_the_data_export_pdf_is_audited(client, cast, letterhead):
    client.force_login(cast.runner_a.user)
    response = client.get(reverse("clinic:my_data_pdf"))
    assert "attachment" in response["Content-Disposition"]
    text = text_of(response.content)
    assert f"Data held about {cast.runner_a.full_name}" in text
    assert AccessLog.objects.filter(what="data export (PDF)", runner=cast.runner_a).exists()


def test_documents_never_fetch_from_outside_the_site():
    fetcher = LocalFetcher({})
    with pytest.raises(ValueError, match="only the site's own files"):
        fetcher.fetch("https://example.com/tracker.png")


def test_a_document_with_an_outside_image_still_renders_without_it(db, tmp_path, settings):
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    (tmp_path / "outside.html").write_text(
        '{% extends "documents/base.html" %}{% block content %}'
        '<p>Hello</p><img src="https://example.com/x.png">{% endblock %}'
    )
    content = render_pdf("outside.html", {})
    assert "Hello" in text_of(content) and images_in(content) == 0
