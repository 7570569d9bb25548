from django.contrib import admin
from django.urls import include, path

from . import reminder_views, views

clinic_patterns = [
    path("", views.home, name="home"),
    path("me/", views.runner_home, name="runner_home"),
    path("clinician/", views.clinician_home, name="clinician_home"),
    path("front-desk/", views.front_desk_home, name="front_desk_home"),
    path("practice/", views.admin_home, name="admin_home"),
    path("runners/", views.runner_list, name="runner_list"),
    path("runners/<uuid:code>/", views.runner_detail, name="runner_detail"),
    path("healthz/", views.healthz, name="healthz"),
    path("me/reminders/", reminder_views.reminder_settings, name="reminder_settings"),
    path("reminders/stop/<str:token>/", reminder_views.unsubscribe, name="unsubscribe"),
    path("outbox/", reminder_views.outbox, name="outbox"),
]

urlpatterns = [
    path("", include((clinic_patterns, "clinic"))),
    path("accounts/", include("allauth.urls")),
    path("intake/", include("intake.urls")),
    path("programs/", include("programs.urls")),
    path("admin/", admin.site.urls),
]
