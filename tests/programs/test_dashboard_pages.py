"""A clinician with many runners reads the dashboard a page at a time."""

from django.urls import reverse

from programs.views.dashboard import RUNNERS_PER_PAGE
from tests.factories import RunnerFactory


def test_dashboard_shows_runners_a_page_at_a_time(client, cast):
    RunnerFactory.create_batch(RUNNERS_PER_PAGE + 2, clinician=cast.clinician)
    total = RUNNERS_PER_PAGE + 3  # with runner A
    client.force_login(cast.clinician)

    first = client.get(reverse("programs:dashboard")).content.decode()
    second = client.get(reverse("programs:dashboard"), {"page": 2}).content.decode()

    assert first.count("data-runner=") == RUNNERS_PER_PAGE
    assert second.count("data-runner=") == total - RUNNERS_PER_PAGE
    assert f"of {total}" in first
    assert "page=2" in first


def test_dashboard_page_number_out_of_range_shows_the_last_page(client, cast):
    client.force_login(cast.clinician)
    response = client.get(reverse("programs:dashboard"), {"page": "999x"})
    assert response.status_code == 200
    assert cast.runner_a.full_name in response.content.decode()
