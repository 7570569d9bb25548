from django.urls import path

from intake.views import notes, questionnaires, record, screenings

app_name = "intake"

urlpatterns = [
    # The runner, on their phone
    path("me/", questionnaires.my_questionnaires, name="my_questionnaires"),
    path("me/history/", record.my_history, name="my_history"),
    path("me/<slug:kind>/", questionnaires.answer, name="answer"),
    path("link/<str:token>/", questionnaires.answer_by_link, name="answer_by_link"),
    path("responses/<uuid:code>/", questionnaires.response_detail, name="response_detail"),
    # Clinicians
    path("runners/<uuid:code>/", record.record, name="record"),
    path("runners/<uuid:code>/history/", record.history_edit, name="history_edit"),
    path("runners/<uuid:code>/history/versions/", record.history_log, name="history_log"),
    path("runners/<uuid:code>/screenings/new/", screenings.screening_new, name="screening_new"),
    path("runners/<uuid:code>/paper/<slug:kind>/", questionnaires.paper_entry, name="paper_entry"),
    path("screenings/<uuid:code>/", screenings.screening_detail, name="screening_detail"),
    path("screenings/<uuid:code>/edit/", screenings.screening_edit, name="screening_edit"),
    path("screenings/<uuid:code>/amend/", screenings.screening_amend, name="screening_amend"),
    path("screenings/<uuid:code>/override/", screenings.override_flag, name="override_flag"),
    # Visit notes (SOAP): one per visit, by the visit's code; then by the note's own code
    path("visits/<uuid:code>/note/", notes.visit_note_new, name="visit_note_new"),
    path("notes/<uuid:code>/", notes.visit_note_detail, name="visit_note_detail"),
    path("notes/<uuid:code>/edit/", notes.visit_note_edit, name="visit_note_edit"),
    path("notes/<uuid:code>/amend/", notes.visit_note_amend, name="visit_note_amend"),
]
