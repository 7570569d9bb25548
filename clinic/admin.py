from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from clinic.models import (
    AccessLog,
    ApiToken,
    Appointment,
    AppointmentType,
    Heartbeat,
    Location,
    PracticeSecurity,
    Runner,
    ScheduleChange,
    User,
    WorkingHours,
)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "role", "is_active"]
    list_filter = ["role", "is_active", "is_staff"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Person", {"fields": ["first_name", "last_name", "role"]}),
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "role", "password1", "password2"]}),
    ]


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ["name", "time_zone", "phone"]


@admin.register(Runner)
class RunnerAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "email", "phone", "clinician", "location"]
    list_filter = ["location", "clinician"]
    search_fields = ["first_name", "last_name", "email", "phone"]
    autocomplete_fields = ["user"]
    readonly_fields = ["code", "created_at"]


@admin.register(Heartbeat)
class HeartbeatAdmin(admin.ModelAdmin):
    list_display = ["created_at", "hostname"]
    readonly_fields = ["created_at", "hostname"]


@admin.register(AppointmentType)
class AppointmentTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "duration_minutes", "is_free", "bookable_online", "active"]


@admin.register(WorkingHours)
class WorkingHoursAdmin(admin.ModelAdmin):
    list_display = ["clinician", "location", "weekday", "start_time", "end_time"]
    list_filter = ["location", "clinician", "weekday"]


@admin.register(ScheduleChange)
class ScheduleChangeAdmin(admin.ModelAdmin):
    list_display = ["clinician", "kind", "location", "starts_at", "ends_at", "note"]
    list_filter = ["kind", "clinician"]


@admin.register(Appointment)
class AppointmentAdmin(admin.ModelAdmin):
    list_display = ["starts_at", "runner", "clinician", "location", "appointment_type", "status"]
    list_filter = ["status", "location", "clinician", "appointment_type"]
    list_select_related = ["runner", "clinician", "location", "appointment_type"]
    search_fields = ["runner__first_name", "runner__last_name", "runner__email"]
    raw_id_fields = ["runner"]
    readonly_fields = ["code", "created_at", "updated_at"]


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    """Read-only for everyone, superusers included: audit entries are evidence."""

    list_display = ["at", "actor", "actor_role", "what", "runner", "ip_address"]
    list_filter = ["actor_role", "what"]
    search_fields = ["actor__email", "runner__first_name", "runner__last_name", "=runner_code"]
    date_hierarchy = "at"
    list_select_related = ["runner", "actor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PracticeSecurity)
class PracticeSecurityAdmin(admin.ModelAdmin):
    list_display = ["__str__", "require_staff_two_factor", "updated_at"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Keys are issued by `manage.py create_api_token` (the key is shown once); here they are
    listed and revoked, never edited into another person's name."""

    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    fields = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["name", "user", "prefix", "created_at", "last_used_at"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
