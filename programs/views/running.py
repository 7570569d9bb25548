"""The clinician's view of a runner's running: load, runs, pain and exercises on one time axis."""

from django.shortcuts import render

from clinic.access import clinical_staff_only, runner_for
from clinic.clock import local_today
from clinic.trust.audit import record_access
from programs import selectors
from programs.access import current_program
from programs.plans import live_plan, red_flag_hold, stage_colours
from programs.runs import distance_unit, recent_runs, running_timeline, weekly_load


@clinical_staff_only
def running(request, code):
    runner = runner_for(request.user, code, clinical=True)
    record_access(request, runner, "running")
    today = local_today(runner.time_zone)
    program = current_program(runner)
    adherence = selectors.progress_of(program, today).daily if program else None
    unit = distance_unit(runner)
    plan = live_plan(runner)
    return render(
        request,
        "programs/running.html",
        {
            "runner": runner,
            "program": program,
            "load": weekly_load(runner, today),
            "unit": unit,
            "timeline": running_timeline(runner, today, unit=unit, adherence=adherence),
            "runs": recent_runs(runner, today),
            "plan": plan,
            "stage_colours": stage_colours(plan) if plan else [],
            "red_flags": red_flag_hold(runner),
        },
    )
