"""The reports page and its CSVs: for the admin and clinicians, figures as the queries count
them, a bad month told next to the field instead of a 500."""

import csv
import io

import pytest
from django.urls import reverse

from tests.clinic.reports.practice import build

PERIOD = "end=2026-03&months=3"


@pytest.fixture
def practice(db):
    return build()


@pytest.fixture
def admin_client(client, cast):
    client.force_login(cast.admin)
    return client


def test_the_page_shows_each_report_with_charts(admin_client, practice):
    page = admin_client.get(f"{reverse('clinic:reports')}?{PERIOD}").content.decode()
    for title in (
        "Runner's Roadmap funnel",
        "No-show rate",
        "Clinician utilisation",
        "Reaching the meaningful change",
        "Adherence distribution",
    ):
        assert title in page
    assert 'id="report-charts"' in page and "js/reports.js" in page
    assert "33.3%" in page  # February's no-show rate


def test_a_csv_per_report(admin_client, practice):
    url = f"{reverse('clinic:report_csv', kwargs={'report': 'no-shows'})}?{PERIOD}"
    response = admin_client.get(url)
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["month", "attended", "no-shows", "no-show rate %"]
    assert rows[1:] == [["2026-01", "3", "1", "25.0"], ["2026-02", "2", "1", "33.3"],
                        ["2026-03", "2", "0", "0.0"]]  # fmt: skip


def test_one_location_at_a_time(admin_client, practice):
    url = reverse("clinic:report_csv", kwargs={"report": "funnel"})
    response = admin_client.get(f"{url}?{PERIOD}&location={practice.nashville.pk}")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1][:3] == ["2026-01", "1", "1"]
    assert "nashville" in response["Content-Disposition"]


@pytest.mark.parametrize("end", ["2026-13", "9999-01", "abc", "2026-1\x00"])
def test_a_bad_month_is_told_not_a_500(admin_client, end):
    response = admin_client.get(reverse("clinic:reports"), {"end": end})
    assert response.status_code == 200
    page = response.content.decode()
    assert "is-invalid" in page
    assert "Choose a month" in page or "Null characters are not allowed" in page


def test_an_unknown_report_is_404(admin_client):
    assert admin_client.get(reverse("clinic:report_csv", kwargs={"report": "x"})).status_code == 404
