import datetime

from django.urls import path, register_converter

from programs.views import (
    dashboard,
    discharge,
    library,
    media,
    plans,
    prescribing,
    running,
    runs,
    today,
)


class IsoDateConverter:
    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError as error:
            raise ValueError(value) from error

    def to_url(self, value):
        return value.isoformat()


register_converter(IsoDateConverter, "isodate")

app_name = "programs"

urlpatterns = [
    # The runner
    path("today/", today.today, name="today"),
    path("today/<isodate:day>/", today.today, name="today_on"),
    path("log/", today.log, name="log_set"),
    path("undo/", today.undo, name="undo_set"),
    path("feedback/", today.feedback, name="feedback"),
    path("progress/", today.progress, name="progress"),
    path("runs/log/", runs.run_log, name="run_log"),
    path("runs/morning/", runs.morning_pain, name="morning_pain"),
    # The clinician
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("alerts/<uuid:code>/seen/", dashboard.alert_seen, name="alert_seen"),
    path("runners/<uuid:code>/assign/", prescribing.assign, name="assign"),
    path("runners/<uuid:code>/running/", running.running, name="running"),
    path("runners/<uuid:code>/run-plan/", plans.run_plan, name="run_plan"),
    path("runners/<uuid:code>/run-plan/stage/", plans.run_plan_stage, name="run_plan_stage"),
    path("runners/<uuid:code>/discharge/", discharge.discharge_new, name="discharge_new"),
    path("discharges/<uuid:code>/", discharge.discharge_detail, name="discharge_detail"),
    path("discharges/<uuid:code>/pdf/", discharge.discharge_pdf, name="discharge_pdf"),
    path("<uuid:code>/", prescribing.program_detail, name="program_detail"),
    path("<uuid:code>/tune/", prescribing.program_tune, name="program_tune"),
    path("<uuid:code>/status/", prescribing.program_status, name="program_status"),
    path(
        "<uuid:code>/instructions/", prescribing.program_instructions, name="program_instructions"
    ),
    path("<uuid:code>/protocol/", prescribing.program_protocol, name="program_protocol"),
    path("<uuid:code>/handout/", prescribing.handout, name="handout"),
    path("<uuid:code>/handout.pdf", prescribing.handout_pdf, name="handout_pdf"),
    # The library
    path("exercises/", library.exercise_list, name="exercise_list"),
    path("exercises/new/", library.exercise_create, name="exercise_create"),
    path("exercises/<uuid:code>/", library.exercise_detail, name="exercise_detail"),
    path("exercises/<uuid:code>/edit/", library.exercise_edit, name="exercise_edit"),
    path("exercises/<uuid:code>/media/", media.exercise_media_add, name="exercise_media_add"),
    # Pictures and videos, only through the check (never a public URL)
    path("media/<uuid:code>/", media.exercise_media, name="exercise_media"),
    path(
        "media/<uuid:code>/thumbnail/",
        media.exercise_media_thumbnail,
        name="exercise_media_thumbnail",
    ),
    path("media/<uuid:code>/remove/", media.exercise_media_remove, name="exercise_media_remove"),
    path("protocols/", library.protocol_list, name="protocol_list"),
    path("protocols/new/", library.protocol_create, name="protocol_create"),
    path("protocols/<uuid:code>/", library.protocol_detail, name="protocol_detail"),
    path("protocols/<uuid:code>/edit/", library.protocol_edit, name="protocol_edit"),
    path("protocols/<uuid:code>/copy/", library.protocol_copy, name="protocol_copy"),
]
