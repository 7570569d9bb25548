from django.urls import path

from intake.views import questionnaires, record, screenings

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
    path("runners/<uuid:code>/screenings/new/", screenings.screening_new, name="screening_new"),
    path("runners/<uuid:code>/paper/<slug:kind>/", questionnaires.paper_entry, name="paper_entry"),
    path("screenings/<uuid:code>/", screenings.screening_detail, name="screening_detail"),
    path("screenings/<uuid:code>/edit/", screenings.screening_edit, name="screening_edit"),
    path("screenings/<uuid:code>/amend/", screenings.screening_amend, name="screening_amend"),
    path("screenings/<uuid:code>/override/", screenings.override_flag, name="override_flag"),
]
