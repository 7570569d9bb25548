"""Every page opened daily costs the same number of queries with 2 and with 50 runners' worth of
data, and no more than its budget.

Budgets count everything the request does: the session and the user (2), the page's own reads,
and for pages with a form the CSRF-free parts. A budget is the count today; raising it is a
decision to write down here, with why.
"""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.perf.practice import grow, practice

FEW, MANY = 2, 50

# The outbox has its own test below: its rows are deliveries, which the grown practice lacks.
BUDGETS = {
    "floor": 2,  # the benchmark's floor: the session and the user, nothing else
    # also tests/programs/test_query_counts.py (1 vs 30 days of logs); 10, and the exercises'
    # pictures and videos (issue 15); 14 with the run card (issue 14: the last four weeks' runs,
    # this morning's pain, the runner's distance unit, the return-to-run plan); the red-flag hold
    # (the latest screening and its flags; the overrides only when a flag stands)
    "runner_today": 17,
    "runner_run_log": 5,  # session, user, runner, distance unit (issue 14)
    # 9, and the running load, the runner's unit, the chart's runs and morning pains (issue 14)
    "runner_progress": 13,
    # session, user, runner, access entry, program, its progress (5), load, unit, the chart's
    # runs and mornings, the runs table, the plan, the red-flag check (2) (issue 14); a runner
    # with a plan adds the stage's runs (20)
    "runner_running": 19,
    # also tests/programs/test_query_counts.py (1 vs 8 runners); 8 before the adherence summary,
    # and the open alerts (issue 14)
    "clinician_dashboard": 6,
    # 10, plus the access entry (trust, HIPAA 164.312(b): who opened it), plus the visit notes
    # and the visits still waiting for one (issue 15)
    "runner_record": 13,
    # session, user, runner, access entry, visits, program with its adherence summary, the
    # questionnaire responses (issue 13: the staff runner page at a glance)
    "staff_runner_page": 7,
    "front_desk_day": 10,
    "front_desk_booking": 8,
    "online_booking": 5,  # no login: no session or user query
}


def pages(grown):
    """page -> (who opens it, its address)."""
    cast = grown.cast
    where = f"location={cast.location.pk}"
    return {
        "floor": (cast.runner_a.user, reverse("clinic:floor")),
        "runner_today": (cast.runner_a.user, reverse("programs:today")),
        "runner_progress": (cast.runner_a.user, reverse("programs:progress")),
        "runner_run_log": (cast.runner_a.user, reverse("programs:run_log")),
        "clinician_dashboard": (cast.clinician, reverse("programs:dashboard")),
        "runner_running": (
            cast.clinician,
            reverse("programs:running", kwargs={"code": cast.runner_a.code}),
        ),
        "runner_record": (
            cast.clinician,
            reverse("intake:record", kwargs={"code": cast.runner_a.code}),
        ),
        "staff_runner_page": (
            cast.clinician,
            reverse("clinic:runner_detail", kwargs={"code": cast.runner_a.code}),
        ),
        "front_desk_day": (
            cast.front_desk,
            f"{reverse('clinic:schedule_day')}?{where}&date={grown.day.isoformat()}",
        ),
        "front_desk_booking": (cast.front_desk, f"{reverse('clinic:book_appointment')}?{where}"),
        "online_booking": (None, f"{reverse('clinic:online_booking')}?{where}"),
    }


def queries_for(client, user, url) -> int:
    client.logout()
    if user is not None:
        client.force_login(user)
    client.get(url)  # a first visit may set up the session; count the daily one
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.fixture(scope="module")
def counted(module_cast, django_db_blocker) -> dict[str, tuple[int, int]]:
    """page -> its queries at FEW and at MANY runners' worth.

    The practice grows once for the module (in the module's transaction, rolled back at its
    end): every page is counted at FEW, then all again at MANY. The reports are counted last at
    each size, their cache emptied first, as another module's practice may have filled it. The
    outbox test below counts its own deliveries, whatever else the practice holds.
    """
    from django.core.cache import cache

    client = Client()
    with django_db_blocker.unblock():
        grown = practice(module_cast)
        counts = {}
        for size in (FEW, MANY):
            grow(grown, size)
            for page, (user, url) in pages(grown).items():
                counts.setdefault(page, []).append(queries_for(client, user, url))
            if size == FEW:
                cache.clear()
            counts.setdefault("reports", []).append(
                queries_for(client, module_cast.admin, reverse("clinic:reports"))
            )
    return {page: tuple(pair) for page, pair in counts.items()}


@pytest.mark.parametrize("page", list(BUDGETS))
def test_page_queries_stay_fixed_from_2_to_50_runners(db, counted, page):
    few, many = counted[page]
    assert (few, many) == (few, few), f"{page}: {few} queries at {FEW} runners, {many} at {MANY}"
    assert many <= BUDGETS[page], f"{page}: {many} queries, budget {BUDGETS[page]}"


OUTBOX_BUDGET = 5  # session, user, status counts, page count, the page's deliveries with runners


def add_deliveries(runners: int):
    import datetime

    from clinic.models import Delivery, DeliveryKind, DeliveryStatus
    from tests.factories import RunnerFactory

    day = datetime.date(2026, 11, 27)
    for runner in RunnerFactory.create_batch(runners):
        for offset, status in enumerate(
            [DeliveryStatus.SENT, DeliveryStatus.SKIPPED, DeliveryStatus.FAILED]
        ):
            Delivery.objects.create(
                runner=runner,
                kind=DeliveryKind.DAILY_EXERCISE,
                local_date=day - datetime.timedelta(days=offset),
                status=status,
                reason="all sets already logged" if status == DeliveryStatus.SKIPPED else "",
                error="mailbox full" if status == DeliveryStatus.FAILED else "",
            )


def test_outbox_queries_stay_fixed_from_2_to_50_runners(client, cast):
    url = reverse("clinic:outbox")
    add_deliveries(FEW)
    few = queries_for(client, cast.front_desk, url)
    add_deliveries(MANY - FEW)
    many = queries_for(client, cast.front_desk, url)
    assert (few, many) == (few, few), f"outbox: {few} queries at {FEW} runners, {many} at {MANY}"
    assert many <= OUTBOX_BUDGET, f"outbox: {many} queries, budget {OUTBOX_BUDGET}"


# The reports read every runner's data, but as aggregates: the count depends on the number of
# locations (bookings, hours and time off: 5 queries each) and months, never on runners. The grown
# practice has one location: session, user, locations (2), funnel (3), attendance, utilisation
# (4 with the clinicians), outcomes; the adherence distribution comes from the cache on the
# second visit (one query a month on the first).
REPORTS_BUDGET = 12


def test_reports_queries_stay_fixed_from_2_to_50_runners(db, counted):
    few, many = counted["reports"]
    assert (few, many) == (few, few), f"reports: {few} queries at {FEW} runners, {many} at {MANY}"
    assert many <= REPORTS_BUDGET, f"reports: {many} queries, budget {REPORTS_BUDGET}"
