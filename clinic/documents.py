"""Printable documents: a template rendered to PDF with WeasyPrint, on the practice's letterhead.

Every document (the handout, the discharge summary, the runner's data export) extends
`templates/documents/base.html`, whose header is the letterhead of the runner's location: its
name, address and phone. WeasyPrint never reaches the network: our static files are read from
disk, anything else the caller hands over as bytes (a private picture), everything else is
left out of the page.
"""

import mimetypes
from urllib.parse import urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.text import slugify
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from clinic.models import Location

PDF = "application/pdf"
BASE_URL = "https://roadmap.invalid/"  # resolves relative links; never fetched


class LocalFetcher(URLFetcher):
    """Resolve the document's images and styles from this site's own files only."""

    def __init__(self, resources: dict[str, tuple[bytes, str]]):
        super().__init__(allowed_protocols={"https", "data"})
        self.resources = resources

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        path = urlparse(url).path
        if path in self.resources:
            body, mime = self.resources[path]
            return URLFetcherResponse(url, body, {"Content-Type": mime})
        static = "/" + settings.STATIC_URL.strip("/") + "/"
        if path.startswith(static):
            name = path[len(static) :]
            mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, _static_bytes(name), {"Content-Type": mime})
        raise ValueError(f"Documents load only the site's own files, not {url}")


def _static_bytes(name: str) -> bytes:
    found = finders.find(name)
    if found:
        with open(found, "rb") as file:
            return file.read()
    with staticfiles_storage.open(name) as file:  # collected (production)
        return file.read()


def letterhead(runner=None) -> Location | None:
    """The location whose name, address and phone head the page: the runner's, or the first."""
    if runner is not None and runner.location_id:
        return runner.location
    return Location.objects.order_by("pk").first()


def render_pdf(template: str, context: dict, *, resources=None) -> bytes:
    """The template as a PDF. `resources` maps a path the page uses to (bytes, MIME type)."""
    context = {"letterhead": letterhead(context.get("runner")), **context}
    html = render_to_string(template, context)
    return HTML(
        string=html, base_url=BASE_URL, url_fetcher=LocalFetcher(resources or {})
    ).write_pdf()


def pdf_response(content: bytes, filename: str, *, download: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type=PDF)
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{slugify(filename)}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
