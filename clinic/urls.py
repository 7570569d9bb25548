from django.contrib import admin
from django.urls import include, path

from . import reminder_views, views, views_booking, views_online

clinic_patterns = [
    path("", views.home, name="home"),
    path("me/", views.runner_home, name="runner_home"),
    path("clinician/", views.clinician_home, name="clinician_home"),
    path("practice/", views.admin_home, name="admin_home"),
    path("runners/", views.runner_list, name="runner_list"),
    path("runners/<uuid:code>/", views.runner_detail, name="runner_detail"),
    path("healthz/", views.healthz, name="healthz"),
    path("me/reminders/", reminder_views.reminder_settings, name="reminder_settings"),
    path("reminders/stop/<str:token>/", reminder_views.unsubscribe, name="unsubscribe"),
    path("outbox/", reminder_views.outbox, name="outbox"),
    # Booking: the front desk's schedule and appointments
    path("schedule/", views_booking.schedule_day, name="schedule_day"),
    path("schedule/week/", views_booking.schedule_week, name="schedule_week"),
    path("schedule/book/", views_booking.book_appointment, name="book_appointment"),
    path("schedule/runner-search/", views_booking.runner_search, name="booking_runner_search"),
    path("appointments/<uuid:code>/", views_booking.appointment_detail, name="appointment_detail"),
    path(
        "appointments/<uuid:code>/cancel/",
        views_booking.appointment_cancel,
        name="appointment_cancel",
    ),
    path(
        "appointments/<uuid:code>/move/",
        views_booking.appointment_reschedule,
        name="appointment_reschedule",
    ),
    path(
        "appointments/<uuid:code>/attendance/",
        views_booking.appointment_attendance,
        name="appointment_attendance",
    ),
    # Booking online: public, no login
    path("book/", views_online.online_booking, name="online_booking"),
    path("book/details/", views_online.online_booking_details, name="online_booking_details"),
    path("booking/<str:token>/", views_online.manage_booking, name="manage_booking"),
    path(
        "booking/<str:token>/cancel/",
        views_online.manage_booking_cancel,
        name="manage_booking_cancel",
    ),
    path(
        "booking/<str:token>/move/",
        views_online.manage_booking_reschedule,
        name="manage_booking_reschedule",
    ),
    path("", include("clinic.trust_urls")),
]

urlpatterns = [
    path("", include((clinic_patterns, "clinic"))),
    path("accounts/", include("allauth.urls")),
    path("intake/", include("intake.urls")),
    path("programs/", include("programs.urls")),
    path("admin/", admin.site.urls),
]
