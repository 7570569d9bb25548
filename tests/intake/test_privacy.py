"""Health data is private: the front desk and other runners can't read or write intake records.

GETs of every URL are in access_rows.py; these prove the POSTs and the guessed codes.
"""

import uuid

import pytest
from django.urls import reverse

from intake.models import QuestionnaireResponse, RedFlagOverride, Screening
from tests.intake.factories import QuestionnaireResponseFactory, ScreeningFactory

SCREENING = {"screened_on": "2026-01-05", "rotation_position": "supine", "sign": "1"}


def post_urls(cast):
    flagged = ScreeningFactory(runner=cast.runner_a, red_flags=["locked_knee"])
    draft = ScreeningFactory(runner=cast.runner_a, draft=True)
    return {
        "screening_new": (
            reverse("intake:screening_new", kwargs={"code": cast.runner_a.code}),
            SCREENING,
        ),
        "screening_edit": (
            reverse("intake:screening_edit", kwargs={"code": draft.code}),
            SCREENING,
        ),
        "screening_amend": (
            reverse("intake:screening_amend", kwargs={"code": flagged.code}),
            {**SCREENING, "amendment_reason": "x"},
        ),
        "override_flag": (
            reverse("intake:override_flag", kwargs={"code": flagged.code}),
            {"kind": "locked_knee", "reason": "A reason long enough to pass"},
        ),
        "paper_entry": (
            reverse("intake:paper_entry", kwargs={"code": cast.runner_a.code, "kind": "nprs"}),
            {"NPRS": "3", "completed_on": "2026-01-05"},
        ),
        "history_edit": (
            reverse("intake:history_edit", kwargs={"code": cast.runner_a.code}),
            {"distance_unit": "km", "pain_now": "3"},
        ),
    }


@pytest.mark.parametrize("role", ["front_desk", "runner_a", "runner_b"])
@pytest.mark.parametrize(
    "page",
    [
        "screening_new",
        "screening_edit",
        "screening_amend",
        "override_flag",
        "paper_entry",
        "history_edit",
    ],
)
def test_clinical_forms_refuse_posts_from_non_clinicians(client, cast, role, page):
    url, data = post_urls(cast)[page]
    screenings_before = Screening.objects.count()
    client.force_login(cast.user(role))
    response = client.post(url, data)
    assert response.status_code == 403
    assert Screening.objects.count() == screenings_before
    assert not RedFlagOverride.objects.exists()
    assert not QuestionnaireResponse.objects.exists()


def test_front_desk_sees_no_clinical_content_on_runner_detail(client, cast):
    ScreeningFactory(runner=cast.runner_a, red_flags=["locked_knee"], findings_notes="Secret note")
    client.force_login(cast.front_desk)
    html = client.get(reverse("clinic:runner_detail", kwargs={"code": cast.runner_a.code}))
    text = html.content.decode()
    assert "Secret note" not in text
    assert "Locked knee" not in text
    assert "Intake record" not in text


@pytest.mark.parametrize(
    "name",
    ["intake:record", "intake:history_edit", "intake:screening_new"],
)
def test_guessed_runner_code_is_404_for_clinicians(client, cast, name):
    client.force_login(cast.clinician)
    assert client.get(reverse(name, kwargs={"code": uuid.uuid4()})).status_code == 404


@pytest.mark.parametrize(
    "name",
    [
        "intake:screening_detail",
        "intake:screening_edit",
        "intake:screening_amend",
        "intake:override_flag",
    ],
)
def test_guessed_screening_code_is_404(client, cast, name):
    client.force_login(cast.clinician)
    assert client.get(reverse(name, kwargs={"code": uuid.uuid4()})).status_code == 404


def test_runner_cannot_read_another_runners_response(client, cast):
    response = QuestionnaireResponseFactory(runner=cast.runner_b)
    client.force_login(cast.runner_a.user)
    url = reverse("intake:response_detail", kwargs={"code": response.code})
    assert client.get(url).status_code == 404


def test_runner_reads_their_own_response(client, cast):
    response = QuestionnaireResponseFactory(runner=cast.runner_a)
    client.force_login(cast.runner_a.user)
    url = reverse("intake:response_detail", kwargs={"code": response.code})
    assert client.get(url).status_code == 200


def test_runner_answers_only_as_themselves(client, cast):
    client.force_login(cast.runner_b.user)
    client.post(reverse("intake:answer", kwargs={"kind": "nprs"}), {"NPRS": "5"})
    assert QuestionnaireResponse.objects.get().runner == cast.runner_b


def test_runners_list_shows_only_their_own_scores(client, cast):
    QuestionnaireResponseFactory(runner=cast.runner_b, scores={"total": 9}, answers={"NPRS": 9})
    client.force_login(cast.runner_a.user)
    html = client.get(reverse("intake:my_questionnaires")).content.decode()
    assert "Your scores" in html
    assert "intake/responses/" not in html
