"""Access-table rows for the intake pages (see tests/clinic/access_table.py for the format).

Screenings, scores and the intake record are clinical: clinicians and the practice admin only;
the front desk gets 403. Runners reach only their own questionnaires (their own login) and their
own responses: another runner's response answers 404, so codes can't be probed.
"""

from intake.links import make_token
from tests.clinic.access_table import CLINICAL, Rule, only, public
from tests.intake.factories import (
    QuestionnaireResponseFactory,
    ScreeningFactory,
    VisitNoteFactory,
    visit_of,
)

RUNNERS = ("runner_a", "runner_b")


def runner_a_code(cast):
    return {"code": cast.runner_a.code}


def runner_a_paper(cast):
    return {"code": cast.runner_a.code, "kind": "koos"}


def signed_screening(cast):
    return {"code": ScreeningFactory(runner=cast.runner_a, clinician=cast.clinician).code}


def draft_screening(cast):
    screening = ScreeningFactory(runner=cast.runner_a, clinician=cast.clinician, draft=True)
    return {"code": screening.code}


def flagged_screening(cast):
    screening = ScreeningFactory(
        runner=cast.runner_a, clinician=cast.clinician, red_flags=["locked_knee"]
    )
    return {"code": screening.code}


def runner_a_visit(cast):
    return {"code": visit_of(cast.runner_a, cast.clinician).code}


def signed_note(cast):
    return {"code": VisitNoteFactory(runner=cast.runner_a, clinician=cast.clinician).code}


def draft_note(cast):
    note = VisitNoteFactory(runner=cast.runner_a, clinician=cast.clinician, signed_at=None)
    return {"code": note.code}


def runner_a_response(cast):
    return {"code": QuestionnaireResponseFactory(runner=cast.runner_a).code}


ROWS: dict = {
    # The runner's own pages, by login
    "intake:my_questionnaires": Rule(only(*RUNNERS)),
    "intake:my_history": Rule(only(*RUNNERS)),
    "intake:answer": Rule(only(*RUNNERS), kwargs=lambda cast: {"kind": "koos"}),
    # The emailed link is the credential: whoever holds it answers that one questionnaire.
    "intake:answer_by_link": Rule(
        public(), kwargs=lambda cast: {"token": make_token(cast.runner_a, "koos")}
    ),
    "intake:response_detail": Rule(
        only("runner_a", *CLINICAL, runner_b=404), kwargs=runner_a_response
    ),
    # Clinical pages
    "intake:record": Rule(only(*CLINICAL), kwargs=runner_a_code),
    "intake:history_edit": Rule(only(*CLINICAL), kwargs=runner_a_code),
    "intake:screening_new": Rule(only(*CLINICAL), kwargs=runner_a_code),
    "intake:paper_entry": Rule(only(*CLINICAL), kwargs=runner_a_paper),
    "intake:screening_detail": Rule(only(*CLINICAL), kwargs=signed_screening),
    "intake:screening_edit": Rule(only(*CLINICAL), kwargs=draft_screening),
    "intake:screening_amend": Rule(only(*CLINICAL), kwargs=signed_screening),
    "intake:override_flag": Rule(only(*CLINICAL), kwargs=flagged_screening),
    "intake:history_log": Rule(only(*CLINICAL), kwargs=runner_a_code),
    # Visit notes: an empty POST is a draft with nothing in it, saved (302); signing needs text.
    "intake:visit_note_new": Rule(
        only(*CLINICAL), kwargs=runner_a_visit, post=only(*CLINICAL, ok=302)
    ),
    "intake:visit_note_detail": Rule(only(*CLINICAL), kwargs=signed_note),
    "intake:visit_note_edit": Rule(
        only(*CLINICAL), kwargs=draft_note, post=only(*CLINICAL, ok=302)
    ),
    "intake:visit_note_amend": Rule(
        only(*CLINICAL), kwargs=signed_note, post=only(*CLINICAL, ok=400)
    ),
}
