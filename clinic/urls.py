"""Every URL of the site. The practice's own pages are in the `clinic` namespace, by area; intake
and programs bring their own URLconfs. Paths never change: links in old mail must still work."""

from django.contrib import admin
from django.urls import include, path

from clinic.reports import views as reports
from clinic.views import (
    accounts,
    api,
    app_shell,
    audit,
    data_rights,
    home,
    hours,
    notifications,
    online_booking,
    runners,
    schedule,
    security,
    staff,
    webhooks,
)
from programs.views import my_clinic

clinic_patterns = [
    # Homes: everyone lands on their role's own page
    path("", home.home, name="home"),
    # The runner's own clinic page reads every app (visits, program, screening): it lives in
    # programs, the top of the apps' stack.
    path("me/", my_clinic.my_clinic, name="runner_home"),
    path("clinician/", home.clinician_home, name="clinician_home"),
    path("practice/", home.admin_home, name="admin_home"),
    path("healthz/", home.healthz, name="healthz"),
    path("floor/", home.floor, name="floor"),
    path("favicon.ico", app_shell.favicon, name="favicon"),
    path("manifest.webmanifest", app_shell.manifest, name="manifest"),
    path("sw.js", app_shell.service_worker, name="service_worker"),
    # Runners, as the practice's staff see them
    path("runners/", runners.runner_list, name="runner_list"),
    path("runners/<uuid:code>/", runners.runner_detail, name="runner_detail"),
    # Runner accounts: the staff's invitation, the runner's one-time link to set up a login
    path("runners/<uuid:code>/invite/", accounts.runner_invite, name="runner_invite"),
    # Two records of one person made one (clinical staff: the preview counts health records)
    path("runners/<uuid:code>/merge/", runners.runner_merge, name="runner_merge"),
    path("welcome/<str:token>/", accounts.activate_account, name="activate_account"),
    # Notifications: the runner's reminder settings, one-click unsubscribe, the staff's outbox
    path("me/reminders/", notifications.reminder_settings, name="reminder_settings"),
    path("reminders/stop/<str:token>/", notifications.unsubscribe, name="unsubscribe"),
    path("outbox/", notifications.outbox, name="outbox"),
    # Providers' delivery reports, signed by the provider (no login)
    path("webhooks/email/", webhooks.email_events, name="email_events"),
    path("webhooks/sms/<uuid:code>/", webhooks.sms_status, name="sms_status"),
    # Booking: the front desk's schedule and appointments
    path("schedule/", schedule.schedule_day, name="schedule_day"),
    path("schedule/week/", schedule.schedule_week, name="schedule_week"),
    path("schedule/book/", schedule.book_appointment, name="book_appointment"),
    path("schedule/runner-search/", schedule.runner_search, name="booking_runner_search"),
    path("appointments/<uuid:code>/", schedule.appointment_detail, name="appointment_detail"),
    path(
        "appointments/<uuid:code>/cancel/",
        schedule.appointment_cancel,
        name="appointment_cancel",
    ),
    path(
        "appointments/<uuid:code>/move/",
        schedule.appointment_reschedule,
        name="appointment_reschedule",
    ),
    path(
        "appointments/<uuid:code>/attendance/",
        schedule.appointment_attendance,
        name="appointment_attendance",
    ),
    # Booking online: public, no login
    path("book/", online_booking.online_booking, name="online_booking"),
    path("book/details/", online_booking.online_booking_details, name="online_booking_details"),
    path("booking/<str:token>/", online_booking.manage_booking, name="manage_booking"),
    path(
        "booking/<str:token>/cancel/",
        online_booking.manage_booking_cancel,
        name="manage_booking_cancel",
    ),
    path(
        "booking/<str:token>/move/",
        online_booking.manage_booking_reschedule,
        name="manage_booking_reschedule",
    ),
    # Trust: the audit trail, the practice's security settings, data rights
    path("practice/audit/", audit.audit_report, name="audit_report"),
    path("practice/audit/changes/", audit.change_history, name="change_history"),
    path("practice/security/", security.security_settings, name="security_settings"),
    # The practice's staff: invite, roles, deactivate, two-factor (the admin's page)
    path("practice/staff/", staff.staff_list, name="staff_list"),
    path("practice/staff/invite/", staff.staff_invite, name="staff_invite"),
    path("practice/staff/<int:pk>/", staff.staff_change, name="staff_change"),
    path("practice/locations/", staff.locations, name="locations"),
    # Clinicians' weekly hours, time off and extra hours (the admin's page)
    path("practice/hours/", hours.hours, name="hours"),
    path("practice/hours/add/", hours.hours_add, name="hours_add"),
    path("practice/hours/<int:pk>/remove/", hours.hours_remove, name="hours_remove"),
    path("practice/hours/changes/add/", hours.change_add, name="schedule_change_add"),
    path(
        "practice/hours/changes/<int:pk>/remove/",
        hours.change_remove,
        name="schedule_change_remove",
    ),
    path("practice/locations/<int:pk>/", staff.location_edit, name="location_edit"),
    # The practice's own numbers (site layer: they read every app)
    path("practice/reports/", reports.practice_reports, name="reports"),
    path("practice/reports/<slug:report>.csv", reports.report_csv, name="report_csv"),
    path("me/data/", data_rights.my_data, name="my_data"),
    path("me/data.json", data_rights.my_data_json, name="my_data_json"),
    path("me/data.pdf", data_rights.my_data_pdf, name="my_data_pdf"),
    path("me/data.fhir.json", data_rights.my_data_fhir, name="my_data_fhir"),
    path("runners/<uuid:code>/data/", data_rights.runner_data, name="runner_data"),
    path("runners/<uuid:code>/data.json", data_rights.runner_data_json, name="runner_data_json"),
    path("runners/<uuid:code>/data.pdf", data_rights.runner_data_pdf, name="runner_data_pdf"),
    path(
        "runners/<uuid:code>/data.fhir.json", data_rights.runner_data_fhir, name="runner_data_fhir"
    ),
    path(
        "runners/<uuid:code>/anonymise/",
        data_rights.runner_anonymise,
        name="runner_anonymise",
    ),
    # The API for the practice's own systems (a key, or a clinical session)
    path(
        "api/fhir/Patient/<uuid:code>/$everything",
        api.patient_everything,
        name="api_patient_everything",
    ),
]

urlpatterns = [
    path("", include((clinic_patterns, "clinic"))),
    path("accounts/", include("allauth.urls")),
    path("intake/", include("intake.urls")),
    path("programs/", include("programs.urls")),
    path("admin/", admin.site.urls),
]
