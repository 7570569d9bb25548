"""The clinician prescribes and edits a runner's return-to-run plan, and confirms its stage."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from clinic.access import clinical_staff_only, runner_for
from clinic.clock import local_today
from programs.forms import PlanStageFormSet, RunPlanForm, StageForm
from programs.models import RunPlan, default_entry_criteria, default_plan_stages
from programs.plans import PlanRefused, confirm_stage, live_plan, prescribe_plan, red_flag_hold


@clinical_staff_only
@require_http_methods(["GET", "POST"])
def run_plan(request, code):
    runner = runner_for(request.user, code, clinical=True)
    plan = live_plan(runner)
    initial = {
        "stage": plan.stage if plan else 1,
        "sessions_per_week": plan.sessions_per_week if plan else 3,
        "entry_criteria": plan.entry_criteria if plan else default_entry_criteria(),
    }
    stages = plan.stages if plan else default_plan_stages()
    if request.method == "POST":
        form = RunPlanForm(request.POST)
        formset = PlanStageFormSet(request.POST, prefix="stages")
        if form.is_valid() and formset.is_valid():
            try:
                plan = prescribe_plan(
                    runner=runner,
                    stages=[f.cleaned_data for f in formset.forms],
                    today=local_today(runner.time_zone),
                    by=request.user,
                    **form.cleaned_data,
                )
            except PlanRefused as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, f"Plan saved: stage {plan.stage}, {plan.session_text}.")
                return redirect("programs:running", code=runner.code)
    else:
        form = RunPlanForm(initial=initial)
        formset = PlanStageFormSet(initial=stages, prefix="stages")
    return render(
        request,
        "programs/run_plan.html",
        {
            "runner": runner,
            "plan": plan,
            "form": form,
            "formset": formset,
            "red_flags": red_flag_hold(runner),
        },
        status=400 if form.is_bound else 200,
    )


@clinical_staff_only
@require_http_methods(["POST"])
def run_plan_stage(request, code):
    runner = runner_for(request.user, code, clinical=True)
    plan = get_object_or_404(RunPlan, runner=runner, is_live=True)
    form = StageForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Pick a stage from 1 to 7.")
        return redirect("programs:running", code=runner.code)
    try:
        plan = confirm_stage(
            plan=plan,
            stage=form.cleaned_data["stage"],
            today=local_today(runner.time_zone),
            by=request.user,
        )
    except PlanRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"{runner.first_name} is now at stage {plan.stage}.")
    return redirect("programs:running", code=runner.code)
