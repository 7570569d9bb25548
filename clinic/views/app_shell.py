"""What a browser fetches on its own at the site's root: the favicon (and, for runners'
phones, the web app manifest and service worker)."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect
from django.templatetags.static import static
from django.views.decorators.http import require_GET


@login_not_required
@require_GET
def favicon(request):
    """Browsers ask for /favicon.ico before reading any page (and for PDFs, which link none)."""
    return redirect(static("icons/favicon.ico"), permanent=True)
