from django.contrib import admin

from intake.models import QuestionnaireResponse, RedFlag, RedFlagOverride, RunnerHistory, Screening


class RedFlagInline(admin.TabularInline):
    model = RedFlag
    extra = 0


@admin.register(Screening)
class ScreeningAdmin(admin.ModelAdmin):
    """Read-mostly: corrections go through amendments on the site, so the original is kept."""

    list_display = ["runner", "screened_on", "clinician", "signed_at", "amends"]
    list_filter = ["clinician"]
    search_fields = ["runner__first_name", "runner__last_name"]
    readonly_fields = ["code", "created_at", "signed_at", "amends"]
    inlines = [RedFlagInline]


@admin.register(RedFlagOverride)
class RedFlagOverrideAdmin(admin.ModelAdmin):
    list_display = ["screening", "kind", "clinician", "created_at"]


@admin.register(QuestionnaireResponse)
class QuestionnaireResponseAdmin(admin.ModelAdmin):
    list_display = ["runner", "questionnaire", "completed_on", "source"]
    list_filter = ["questionnaire", "source"]
    readonly_fields = ["code", "answers", "scores", "created_at", "link_nonce"]


admin.site.register(RunnerHistory)
