"""A URLconf with a view that fails, to see what a visitor is shown when the server errs."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.template import engines
from django.urls import include, path

SECRET = "SELECT password FROM clinic_user -- secret-detail-7f3a"


@login_not_required
def boom(request):
    raise RuntimeError(SECRET)


INLINE = '<script nonce="{{ CSP_NONCE }}">document.title = "ok";</script>'


@login_not_required
def inline_script(request):
    """A page with an inline script written the only allowed way: with the nonce."""
    template = engines["django"].from_string(INLINE)
    return HttpResponse(template.render({}, request))


FRAGILE_FORM = '<form method="post"><input name="weekly_km" type="number"></form>'


@login_not_required
def fragile(request):
    """A careless view that trusts its input: the hostile-input test must catch it."""
    if request.method == "POST":
        int(request.POST["weekly_km"])
    int(request.GET.get("weeks", "4"))  # nothing links to ?weeks=: only the view knows it
    return HttpResponse(FRAGILE_FORM)


urlpatterns = [
    path("fragile/", fragile, name="fragile"),
    path("boom/", boom, name="boom"),
    path("inline/", inline_script, name="inline"),
    path("", include("clinic.urls")),
]
