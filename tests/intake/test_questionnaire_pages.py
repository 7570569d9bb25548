"""Runners answer questionnaires (own login or signed link); clinicians enter paper copies."""

import datetime

import pytest
from django.core import signing
from django.urls import reverse

from intake.links import LINK_SALT, make_token
from intake.models import QuestionnaireResponse
from intake.questionnaires import items
from tests.factories import practice_today

KOOS_CODES = [item.code for item in items("koos")]


def all_answered(kind, value=0):
    return {item.code: str(value) for item in items(kind)}


def test_runner_fills_koos_and_gets_scores(client, cast):
    client.force_login(cast.runner_a.user)
    response = client.post(reverse("intake:answer", kwargs={"kind": "koos"}), all_answered("koos"))
    assert response["Location"] == reverse("intake:my_questionnaires")
    saved = QuestionnaireResponse.objects.get()
    assert saved.runner == cast.runner_a
    assert saved.scores["pain"] == 100.0
    assert saved.source == "runner"


def test_partial_koos_is_saved_with_the_short_subscale_missing(client, cast):
    client.force_login(cast.runner_a.user)
    answers = all_answered("koos", 1)
    for code in ("P1", "P2", "P3", "P4", "P5", "P6"):
        del answers[code]
    client.post(reverse("intake:answer", kwargs={"kind": "koos"}), answers)
    scores = QuestionnaireResponse.objects.get().scores
    assert scores["pain"] is None
    assert scores["adl"] == 75.0


def test_empty_koos_is_refused(client, cast):
    client.force_login(cast.runner_a.user)
    response = client.post(reverse("intake:answer", kwargs={"kind": "koos"}), {})
    assert response.status_code == 200
    assert "at least half" in response.content.decode()
    assert not QuestionnaireResponse.objects.exists()


def test_half_filled_lefs_is_refused_and_keeps_what_was_typed(client, cast):
    client.force_login(cast.runner_a.user)
    answers = {f"L{n}": "3" for n in range(1, 11)}
    response = client.post(reverse("intake:answer", kwargs={"kind": "lefs"}), answers)
    form = response.context["form"]
    assert set(form.errors) == {f"L{n}" for n in range(11, 21)}
    assert response.content.decode().count("checked") == 10
    assert not QuestionnaireResponse.objects.exists()


def test_kujala_needs_every_item(client, cast):
    client.force_login(cast.runner_a.user)
    answers = all_answered("kujala")
    del answers["K13"]
    response = client.post(reverse("intake:answer", kwargs={"kind": "kujala"}), answers)
    assert "K13" in response.context["form"].errors


def test_kujala_answer_out_of_the_items_options_is_refused(client, cast):
    client.force_login(cast.runner_a.user)
    answers = {**all_answered("kujala"), "K1": "4"}  # limp has three options
    response = client.post(reverse("intake:answer", kwargs={"kind": "kujala"}), answers)
    assert "K1" in response.context["form"].errors


def test_unknown_questionnaire_is_404(client, cast):
    client.force_login(cast.runner_a.user)
    assert client.get(reverse("intake:answer", kwargs={"kind": "sf36"})).status_code == 404


def test_signed_link_answers_without_login(client, cast):
    url = reverse("intake:answer_by_link", kwargs={"token": make_token(cast.runner_a, "nprs")})
    response = client.post(url, {"NPRS": "6"})
    assert "Thank you" in response.content.decode()
    saved = QuestionnaireResponse.objects.get()
    assert (saved.runner, saved.questionnaire, saved.scores) == (
        cast.runner_a,
        "nprs",
        {"total": 6},
    )
    assert saved.source == "link"


def test_signed_link_works_once(client, cast):
    url = reverse("intake:answer_by_link", kwargs={"token": make_token(cast.runner_a, "nprs")})
    client.post(url, {"NPRS": "6"})
    response = client.post(url, {"NPRS": "2"})
    assert "already been answered" in response.content.decode()
    assert QuestionnaireResponse.objects.count() == 1


def test_signed_link_is_bound_to_its_questionnaire(client, cast):
    url = reverse("intake:answer_by_link", kwargs={"token": make_token(cast.runner_a, "nprs")})
    client.post(url, all_answered("koos"))  # KOOS answers sent to an NPRS link
    assert not QuestionnaireResponse.objects.filter(questionnaire="koos").exists()


def test_altered_link_is_refused(client, cast):
    token = make_token(cast.runner_a, "nprs")
    tampered = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    response = client.get(reverse("intake:answer_by_link", kwargs={"token": tampered}))
    assert response.status_code == 404
    assert "no longer works" in response.content.decode()


def test_link_for_another_runner_cannot_be_forged(client, cast):
    forged = signing.dumps({"r": str(cast.runner_b.code), "q": "nprs", "n": "x"}, salt="other")
    response = client.post(
        reverse("intake:answer_by_link", kwargs={"token": forged}), {"NPRS": "3"}
    )
    assert response.status_code == 404
    assert not QuestionnaireResponse.objects.exists()


def test_expired_link_is_refused(client, cast, monkeypatch):
    token = make_token(cast.runner_a, "nprs")
    later = signing.TimestampSigner(salt=LINK_SALT).timestamp  # noqa: F841 - documents intent
    import time

    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 15 * 24 * 3600)
    response = client.get(reverse("intake:answer_by_link", kwargs={"token": token}))
    assert response.status_code == 404


def test_clinician_enters_a_paper_copy_with_its_date(client, cast):
    client.force_login(cast.clinician)
    url = reverse("intake:paper_entry", kwargs={"code": cast.runner_a.code, "kind": "lefs"})
    paper_date = practice_today() - datetime.timedelta(days=3)
    client.post(url, {**all_answered("lefs", 4), "completed_on": paper_date.isoformat()})
    saved = QuestionnaireResponse.objects.get()
    assert saved.scores == {"total": 80}
    assert (saved.source, saved.entered_by, saved.completed_on) == (
        "paper",
        cast.clinician,
        paper_date,
    )


@pytest.mark.parametrize("kind", ["koos", "kujala", "lefs", "nprs"])
def test_every_questionnaire_page_lists_all_its_items(client, cast, kind):
    client.force_login(cast.runner_a.user)
    html = client.get(reverse("intake:answer", kwargs={"kind": kind})).content.decode()
    for item in items(kind):
        assert f'name="{item.code}"' in html
