"""The runner's history is versioned: an edit keeps the earlier answer, with who and when."""

from decimal import Decimal

import pytest
from django.urls import reverse

from intake.models import RunnerHistory, RunnerHistoryRevision

FORM = {
    "knee_side": "right",
    "pain_now": "3",
    "pain_worst": "6",
    "distance_unit": "km",
    "weekly_distance": "40",
    "longest_run": "21",
}


@pytest.fixture
def runner_client(client, cast):
    client.force_login(cast.runner_a.user)
    return client


def test_a_change_keeps_the_earlier_answer_with_who_and_when(client, cast):
    client.force_login(cast.runner_a.user)
    client.post(reverse("intake:my_history"), FORM)
    first = RunnerHistory.objects.get(runner=cast.runner_a)
    client.force_login(cast.clinician)
    url = reverse("intake:history_edit", kwargs={"code": cast.runner_a.code})
    client.post(url, {**FORM, "weekly_distance": "55"})
    history = RunnerHistory.objects.get(runner=cast.runner_a)
    assert history.weekly_distance_km == Decimal("55.0")
    assert history.updated_by == cast.clinician
    revision = RunnerHistoryRevision.objects.get(history=history)
    assert revision.answers["weekly_distance_km"] == "40.0"
    assert revision.written_by == cast.runner_a.user
    assert revision.written_at == first.updated_at
    assert revision.replaced_by == cast.clinician


def test_saving_the_same_answers_adds_no_version(runner_client, cast):
    runner_client.post(reverse("intake:my_history"), FORM)
    runner_client.post(reverse("intake:my_history"), FORM)
    assert not RunnerHistoryRevision.objects.exists()


def test_the_versions_page_shows_what_changed(runner_client, client, cast):
    runner_client.post(reverse("intake:my_history"), FORM)
    runner_client.post(reverse("intake:my_history"), {**FORM, "pain_now": "1"})
    client.force_login(cast.clinician)
    page = client.get(
        reverse("intake:history_log", kwargs={"code": cast.runner_a.code})
    ).content.decode()
    assert "Pain now" in page
    assert "<td>3</td><td>1</td>" in page.replace("\n", "").replace("  ", "")


def test_the_versions_page_is_paged(runner_client, client, cast):
    runner_client.post(reverse("intake:my_history"), FORM)
    for km in range(41, 66):  # 25 edits: 25 earlier versions
        runner_client.post(reverse("intake:my_history"), {**FORM, "weekly_distance": str(km)})
    client.force_login(cast.clinician)
    url = reverse("intake:history_log", kwargs={"code": cast.runner_a.code})
    first = client.get(url)
    assert len(first.context["versions"]) == 20
    assert "Page 1 of 2" in first.content.decode()
    assert len(client.get(url, {"page": 2}).context["versions"]) == 5
