"""What a browser fetches on its own at the site's root: the favicon (and, for runners'
phones, the web app manifest and service worker)."""

import hashlib
import json

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@login_not_required
@require_GET
def favicon(request):
    """Browsers ask for /favicon.ico before reading any page (and for PDFs, which link none)."""
    return redirect(static("icons/favicon.ico"), permanent=True)


# What Today and the run log need with no network: styles, scripts and icons (hashed names in
# production).
OFFLINE_FILES = (
    "vendor/bootstrap/bootstrap.min.css",
    "css/site.css",
    "vendor/bootstrap/bootstrap.bundle.min.js",
    "js/site.js",
    "js/queue.js",
    "js/today.js",
    "js/runs.js",
    "js/intervals.js",
    "icons/icon.svg",
    "icons/favicon.ico",
)


@login_not_required
@require_GET
def manifest(request):
    """The web app manifest: a runner can add Roadmap to their home screen, opening on Today."""
    context = {
        "today_url": reverse("programs:today"),
        "icon_192": static("icons/icon-192.png"),
        "icon_512": static("icons/icon-512.png"),
        "icon_maskable": static("icons/icon-maskable-512.png"),
    }
    return render(
        request,
        "app_shell/manifest.webmanifest",
        context,
        content_type="application/manifest+json",
    )


@login_not_required
@require_GET
@never_cache
def service_worker(request):
    """Served from the root so it may control Today and the run log; never cached, so a new one
    is found."""
    urls = [static(name) for name in OFFLINE_FILES]
    context = {
        "version": hashlib.sha256("".join(urls).encode()).hexdigest()[:12],
        "today_url": reverse("programs:today"),
        "run_log_url": reverse("programs:run_log"),
        "login_url": reverse("account_login"),
        "static_urls": json.dumps(urls),
    }
    return render(request, "app_shell/service_worker.js", context, content_type="text/javascript")
