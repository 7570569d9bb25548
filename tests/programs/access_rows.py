"""Access-table rows for the programs pages (see tests/clinic/access_table.py for the format).

Programs are clinical: clinicians and the practice admin see them all, the front desk none (403).
A runner reaches only their own Today, progress and handout; runner B asking for runner A's
handout by its code gets 404, so codes can't be probed. Endpoints that only take POST answer a
GET with 405 to those allowed to post.
"""

from datetime import timedelta

from clinic.clock import local_today
from tests.clinic.access_table import CLINICAL, Rule, only
from tests.programs.factories import exercise, foundations, picture_of, start_program

RUNNERS = ("runner_a", "runner_b")


def runner_a_code(cast):
    return {"code": cast.runner_a.code}


def runner_a_program(cast):
    return {"code": start_program(cast.runner_a, by=cast.clinician).code}


def runner_a_past_day(cast):
    today = local_today(cast.runner_a.time_zone)
    start_program(cast.runner_a, start=today - timedelta(days=5), by=cast.clinician)
    return {"day": today - timedelta(days=3)}


def an_exercise(cast):
    return {"code": exercise("side-lunge").code}


def runner_a_exercise_picture(cast):
    """A picture of an exercise in runner A's program (runner B has no program)."""
    start_program(cast.runner_a, by=cast.clinician)
    return {"code": picture_of("side-lunge").code}


def runner_a_discharge(cast):
    from programs.discharge import discharge_runner

    start_program(cast.runner_a, by=cast.clinician)
    discharge = discharge_runner(
        runner=cast.runner_a,
        reason="goals_met",
        note="",
        home_program=[],
        home_sessions_per_day=1,
        home_days_per_week=3,
        today=local_today(cast.runner_a.time_zone),
        by=cast.clinician,
    )
    return {"code": discharge.code}


def runner_a_alert(cast):
    from programs.alerts import raise_alert

    today = local_today(cast.runner_a.time_zone)
    alert = raise_alert(runner=cast.runner_a, kind="red_run", day=today, reason="Red run.")
    return {"code": alert.code}


def a_protocol(cast):
    return {"code": foundations().code}


ROWS: dict = {
    # The runner's own pages
    "programs:today": Rule(only(*RUNNERS)),
    "programs:today_on": Rule(
        only(*RUNNERS), kwargs=runner_a_past_day, note="runner B has no program: told so, 200"
    ),
    "programs:progress": Rule(only(*RUNNERS)),
    # The run log: a runner's own, with or without a program. An empty POST is the form again
    # with its errors (400); an empty morning-pain POST goes back to Today with a message.
    "programs:run_log": Rule(only(*RUNNERS), post=only(*RUNNERS, ok=400)),
    "programs:morning_pain": Rule(
        only(*RUNNERS, ok=405), note="POST only", post=only(*RUNNERS, ok=302)
    ),
    # POSTs (trust): an empty POST sends the runner back to Today with a message; feedback
    # without a program to attach to is 404 (the cast's runners have none).
    "programs:log_set": Rule(only(*RUNNERS, ok=405), note="POST only", post=only(*RUNNERS, ok=302)),
    "programs:undo_set": Rule(
        only(*RUNNERS, ok=405), note="POST only", post=only(*RUNNERS, ok=302)
    ),
    "programs:feedback": Rule(
        only(*RUNNERS, ok=405), note="POST only", post=only(*RUNNERS, ok=404)
    ),
    "programs:handout": Rule(only("runner_a", *CLINICAL, runner_b=404), kwargs=runner_a_program),
    "programs:handout_pdf": Rule(
        only("runner_a", *CLINICAL, runner_b=404), kwargs=runner_a_program
    ),
    # Discharge: an empty POST is a form error (a reason is needed), nothing written.
    "programs:discharge_new": Rule(
        only(*CLINICAL), kwargs=runner_a_code, post=only(*CLINICAL, ok=400)
    ),
    "programs:discharge_detail": Rule(
        only("runner_a", *CLINICAL, runner_b=404), kwargs=runner_a_discharge
    ),
    "programs:discharge_pdf": Rule(
        only("runner_a", *CLINICAL, runner_b=404), kwargs=runner_a_discharge
    ),
    # The clinician's pages
    "programs:dashboard": Rule(only(*CLINICAL)),
    "programs:alert_seen": Rule(
        only(*CLINICAL, ok=405), kwargs=runner_a_alert, post=only(*CLINICAL, ok=302)
    ),
    "programs:assign": Rule(only(*CLINICAL), kwargs=runner_a_code),
    "programs:running": Rule(only(*CLINICAL), kwargs=runner_a_code),
    # An empty POST is the plan form again with its errors (400), nothing saved.
    "programs:run_plan": Rule(only(*CLINICAL), kwargs=runner_a_code, post=only(*CLINICAL, ok=400)),
    # Runner A has no plan: confirming a stage of it is 404.
    "programs:run_plan_stage": Rule(
        only(*CLINICAL, ok=405), kwargs=runner_a_code, post=only(*CLINICAL, ok=404)
    ),
    "programs:program_detail": Rule(only(*CLINICAL), kwargs=runner_a_program),
    "programs:program_tune": Rule(
        only(*CLINICAL), kwargs=runner_a_program, post=only(*CLINICAL, ok=400)
    ),
    "programs:program_status": Rule(
        only(*CLINICAL, ok=405), kwargs=runner_a_program, post=only(*CLINICAL, ok=302)
    ),
    # Moving a live program to the library's current instructions or protocol version.
    "programs:program_instructions": Rule(
        only(*CLINICAL, ok=405), kwargs=runner_a_program, post=only(*CLINICAL, ok=302)
    ),
    "programs:program_protocol": Rule(
        only(*CLINICAL, ok=405), kwargs=runner_a_program, post=only(*CLINICAL, ok=302)
    ),
    # The library
    "programs:exercise_list": Rule(only(*CLINICAL)),
    # An empty POST is a form with errors, shown again (400) with nothing saved.
    "programs:exercise_create": Rule(only(*CLINICAL), post=only(*CLINICAL, ok=400)),
    "programs:exercise_detail": Rule(only(*CLINICAL), kwargs=an_exercise),
    "programs:exercise_edit": Rule(
        only(*CLINICAL), kwargs=an_exercise, post=only(*CLINICAL, ok=400)
    ),
    # Pictures and videos: only through this check; runner B (no program with it) gets 404.
    "programs:exercise_media_add": Rule(
        only(*CLINICAL, ok=405), kwargs=an_exercise, post=only(*CLINICAL, ok=400)
    ),
    "programs:exercise_media": Rule(
        only("runner_a", *CLINICAL, runner_b=404), kwargs=runner_a_exercise_picture
    ),
    "programs:exercise_media_thumbnail": Rule(
        only("runner_a", *CLINICAL, runner_b=404), kwargs=runner_a_exercise_picture
    ),
    "programs:exercise_media_remove": Rule(
        only(*CLINICAL, ok=405),
        kwargs=runner_a_exercise_picture,
        post=only(*CLINICAL, ok=302),
    ),
    "programs:protocol_list": Rule(only(*CLINICAL)),
    "programs:protocol_create": Rule(only(*CLINICAL)),
    "programs:protocol_detail": Rule(only(*CLINICAL), kwargs=a_protocol),
    "programs:protocol_edit": Rule(only(*CLINICAL), kwargs=a_protocol),
    "programs:protocol_copy": Rule(
        only(*CLINICAL, ok=405), kwargs=a_protocol, post=only(*CLINICAL, ok=400)
    ),
}
