"""Clinicians screen a runner: plausible values only, signing, amendments, red-flag overrides."""

import pytest
from django.urls import reverse

from intake.models import RedFlagKind, RedFlagOverride, Screening
from intake.selectors import unresolved_red_flags
from tests.factories import practice_today
from tests.intake.factories import ScreeningFactory

VALID = {
    "screened_on": practice_today().isoformat(),
    "rotation_position": "supine",
    "hip_ir_left": "28",
    "hip_ir_right": "33",
    "hip_er_left": "40",
    "hip_er_right": "41",
    "knee_to_wall_left_cm": "10.5",
    "knee_to_wall_right_cm": "9.0",
    "thomas_left": "negative",
    "thomas_right": "positive",
    "single_leg_squat_left": "good",
    "single_leg_squat_right": "poor",
    "findings_notes": "Right knee valgus on squat.",
}


@pytest.fixture
def clinician_client(client, cast):
    client.force_login(cast.clinician)
    return client


def new_screening_url(cast):
    return reverse("intake:screening_new", kwargs={"code": cast.runner_a.code})


def test_signed_screening_is_dated_and_attributed(clinician_client, cast):
    response = clinician_client.post(new_screening_url(cast), {**VALID, "sign": "1"})
    screening = Screening.objects.get(runner=cast.runner_a)
    assert response.status_code == 302
    assert screening.is_signed
    assert screening.clinician == cast.clinician
    assert screening.hip_ir_left == 28


def test_draft_is_not_signed_and_can_be_edited(clinician_client, cast):
    clinician_client.post(new_screening_url(cast), {**VALID, "draft": "1"})
    screening = Screening.objects.get(runner=cast.runner_a)
    assert not screening.is_signed
    url = reverse("intake:screening_edit", kwargs={"code": screening.code})
    clinician_client.post(url, {**VALID, "hip_ir_left": "31", "sign": "1"})
    screening.refresh_from_db()
    assert screening.hip_ir_left == 31
    assert screening.is_signed


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("hip_ir_left", "91", "No hip rotates past 90°"),
        ("hip_ir_right", "120", "No hip rotates past 90°"),
        ("hip_er_left", "95", "No hip rotates past 90°"),
        ("hip_er_right", "-5", "can't be negative"),
        ("hip_ir_left", "-1", "can't be negative"),
        ("knee_to_wall_left_cm", "-2", "A distance can't be negative"),
        ("knee_to_wall_right_cm", "40", "not plausible"),
        ("hip_ir_left", "abc", "Enter a whole number"),
        ("thomas_left", "maybe", "Select a valid choice"),
        ("single_leg_squat_right", "great", "Select a valid choice"),
        ("rotation_position", "standing", "Select a valid choice"),
        ("screened_on", "2999-01-01", "can't be dated in the future"),
    ],
)
def test_implausible_measurement_is_refused_at_its_field(
    clinician_client, cast, field, value, message
):
    response = clinician_client.post(new_screening_url(cast), {**VALID, field: value, "sign": "1"})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not Screening.objects.exists()


def test_refused_form_keeps_what_was_typed(clinician_client, cast):
    response = clinician_client.post(
        new_screening_url(cast), {**VALID, "hip_ir_left": "300", "sign": "1"}
    )
    html = response.content.decode()
    assert 'value="300"' in html
    assert 'value="41"' in html  # hip_er_right, a valid field, is still there
    assert "Right knee valgus on squat." in html


def test_signed_screening_cannot_be_edited_only_amended(clinician_client, cast):
    screening = ScreeningFactory(runner=cast.runner_a, clinician=cast.clinician)
    url = reverse("intake:screening_edit", kwargs={"code": screening.code})
    response = clinician_client.post(url, {**VALID, "hip_ir_left": "10", "sign": "1"})
    assert response["Location"] == reverse(
        "intake:screening_amend", kwargs={"code": screening.code}
    )
    screening.refresh_from_db()
    assert screening.hip_ir_left != 10


def test_amendment_keeps_the_original(clinician_client, cast):
    original = ScreeningFactory(runner=cast.runner_a, clinician=cast.clinician, hip_ir_right=18)
    url = reverse("intake:screening_amend", kwargs={"code": original.code})
    clinician_client.force_login(cast.other_clinician)
    response = clinician_client.post(
        url, {**VALID, "hip_ir_right": "28", "amendment_reason": "Typo from the sheet"}
    )
    amendment = Screening.objects.get(amends=original)
    original.refresh_from_db()
    assert response["Location"] == amendment.get_absolute_url()
    assert original.hip_ir_right == 18
    assert amendment.hip_ir_right == 28
    assert amendment.clinician == cast.other_clinician
    assert amendment.amendment_reason == "Typo from the sheet"


def test_amendment_needs_a_reason(clinician_client, cast):
    original = ScreeningFactory(runner=cast.runner_a, clinician=cast.clinician)
    url = reverse("intake:screening_amend", kwargs={"code": original.code})
    response = clinician_client.post(url, {**VALID, "amendment_reason": ""})
    assert "amendment_reason" in response.context["form"].errors
    assert not Screening.objects.filter(amends=original).exists()


def test_amended_version_replaces_the_original_for_findings_and_flags(clinician_client, cast):
    original = ScreeningFactory(
        runner=cast.runner_a, clinician=cast.clinician, red_flags=[RedFlagKind.LOCKED_KNEE]
    )
    url = reverse("intake:screening_amend", kwargs={"code": original.code})
    clinician_client.post(url, {**VALID, "amendment_reason": "Knee was not locked: misheard"})
    assert unresolved_red_flags(cast.runner_a) == []


def test_amending_a_replaced_version_goes_to_the_latest(clinician_client, cast):
    original = ScreeningFactory(runner=cast.runner_a, clinician=cast.clinician)
    url = reverse("intake:screening_amend", kwargs={"code": original.code})
    clinician_client.post(url, {**VALID, "amendment_reason": "First fix"})
    latest = Screening.objects.get(amends=original)
    response = clinician_client.get(url)
    assert response["Location"] == reverse("intake:screening_amend", kwargs={"code": latest.code})


def test_red_flag_shows_at_the_top_of_screening_and_record(clinician_client, cast):
    screening = ScreeningFactory(
        runner=cast.runner_a, clinician=cast.clinician, red_flags=[RedFlagKind.WEIGHT_LOSS]
    )
    for url in (
        screening.get_absolute_url(),
        reverse("intake:record", kwargs={"code": cast.runner_a.code}),
    ):
        html = clinician_client.get(url).content.decode()
        banner = html.index('id="red-flags"')
        assert "Unexplained weight loss" in html[banner : banner + 600]
        assert banner < html.index('<h2 class="h5')  # above every section of the page


def test_override_with_reason_lets_a_program_start(clinician_client, cast):
    screening = ScreeningFactory(
        runner=cast.runner_a, clinician=cast.clinician, red_flags=[RedFlagKind.LOCKED_KNEE]
    )
    url = reverse("intake:override_flag", kwargs={"code": screening.code})
    clinician_client.post(
        url, {"kind": "locked_knee", "reason": "Pseudo-locking only; MRI clear, ortho agrees."}
    )
    override = RedFlagOverride.objects.get()
    assert override.clinician == cast.clinician
    assert unresolved_red_flags(cast.runner_a) == []
    html = clinician_client.get(screening.get_absolute_url()).content.decode()
    assert "MRI clear" in html
    assert 'id="red-flags"' not in html


def test_override_without_a_reason_is_refused(clinician_client, cast):
    screening = ScreeningFactory(
        runner=cast.runner_a, clinician=cast.clinician, red_flags=[RedFlagKind.LOCKED_KNEE]
    )
    url = reverse("intake:override_flag", kwargs={"code": screening.code})
    response = clinician_client.post(url, {"kind": "locked_knee", "reason": "  "})
    assert "reason" in response.context["form"].errors
    assert unresolved_red_flags(cast.runner_a) == ["Locked knee"]


def test_override_of_a_flag_not_on_the_screening_is_refused(clinician_client, cast):
    screening = ScreeningFactory(
        runner=cast.runner_a, clinician=cast.clinician, red_flags=[RedFlagKind.LOCKED_KNEE]
    )
    url = reverse("intake:override_flag", kwargs={"code": screening.code})
    response = clinician_client.post(
        url, {"kind": "weight_loss", "reason": "Not relevant at all here, really."}
    )
    assert "kind" in response.context["form"].errors
    assert not RedFlagOverride.objects.exists()
