"""An exercise's pictures and videos: added and removed in the library, served to those who may
see them. Files never sit under a public URL: every request comes through here and its check."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_http_methods

from clinic.access import clinical_staff_only
from programs.access import exercise_for, media_for
from programs.forms import MediaForm
from programs.media import MediaRefused
from programs.services import add_media, remove_media
from programs.views.library import exercise_page

CACHE = "private, max-age=3600"  # the browser may keep it; no shared cache may


def _serve(file, content_type: str) -> FileResponse:
    response = FileResponse(file.storage.open(file.name, "rb"), content_type=content_type)
    response["Cache-Control"] = CACHE
    response["Content-Disposition"] = "inline"
    return response


@require_GET
def exercise_media(request, code):
    media = media_for(request.user, code)
    return _serve(media.file, media.content_type)


@require_GET
def exercise_media_thumbnail(request, code):
    media = media_for(request.user, code)
    if not media.thumbnail:
        raise Http404("Videos have no thumbnail.")
    return _serve(media.thumbnail, "image/jpeg")


@clinical_staff_only
@require_http_methods(["POST"])
def exercise_media_add(request, code):
    exercise = exercise_for(request.user, code)
    form = MediaForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            add_media(
                exercise=exercise,
                data=upload.read(),
                caption=form.cleaned_data["caption"],
                by=request.user,
            )
        except MediaRefused as refused:
            form.add_error("file", str(refused))
        else:
            messages.success(request, f"Added to {exercise.name}.")
            return redirect(exercise)
    return exercise_page(request, exercise, media_form=form, status=400)


@clinical_staff_only
@require_http_methods(["POST"])
def exercise_media_remove(request, code):
    media = media_for(request.user, code)
    exercise = media.exercise
    remove_media(media=media)
    messages.success(request, f"Removed from {exercise.name}.")
    return redirect(exercise)
