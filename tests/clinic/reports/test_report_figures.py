"""Every figure of the practice reports equals a count by hand on the fixture practice
(tests/clinic/reports/practice.py, January to March 2026, looked at on 1 April 2026)."""

import pytest

from clinic.reports import queries
from clinic.reports.periods import Month
from tests.clinic.reports.practice import AS_OF, build

JAN, FEB, MAR = Month(2026, 1), Month(2026, 2), Month(2026, 3)


@pytest.fixture
def practice(db):
    return build()


def scope(practice, location=None):
    locations = [location] if location else [practice.cary, practice.nashville]
    return queries.Scope([JAN, FEB, MAR], locations, AS_OF, location=location)


def stages(row):
    return (row.booked, row.attended, row.started, row.adherent, row.improved)


def test_funnel_by_month(practice):
    jan, feb, mar = queries.funnel(scope(practice))
    # Jan: booked R1 R2 R3 R5 (R5 at 23:30 on 31 Jan in Chicago); attended R1 R2 R5; a program
    # within 14 days R1 R5 (R2's came after 21); adherent R1 (100 %) R5 (20/28 = 71 %);
    # improved R1 (NPRS 6 -> 2; R5 got worse).
    assert stages(jan) == (4, 3, 2, 2, 1)
    # Feb: R4 booked, attended, started the same day, 9/28 = 32 %: not adherent.
    assert stages(feb) == (1, 1, 1, 0, 0)
    assert feb.adherence_pending == 0
    # Mar: R6 and R7 (cancelled) booked; R6 attended and started 21 Mar: 4 weeks not over.
    assert stages(mar) == (2, 1, 1, 0, 0)
    assert mar.adherence_pending == 1


def test_funnel_at_one_location(practice):
    jan, feb, mar = queries.funnel(scope(practice, practice.cary))
    assert stages(jan) == (3, 2, 1, 1, 1)  # R1 R2 R3; R5 is Nashville's
    jan, feb, mar = queries.funnel(scope(practice, practice.nashville))
    assert stages(jan) == (1, 1, 1, 1, 0)


def test_no_show_rate(practice):
    jan, feb, mar = queries.attendance(scope(practice))
    # Jan: arrived R1 R2 R5 roadmaps; R3 no-show: 1 / (3 + 1)
    assert (jan.attended, jan.no_shows, jan.no_show_rate) == (3, 1, 25.0)
    # Feb: arrived R4's roadmap and R1's follow-up; R4's follow-up a no-show: 1 / 3
    assert (feb.attended, feb.no_shows, feb.no_show_rate) == (2, 1, 33.3)
    # Mar: arrived R4's follow-up and R6's roadmap; R7's cancelled visit is neither
    assert (mar.attended, mar.no_shows, mar.no_show_rate) == (2, 0, 0.0)


def test_utilisation(practice):
    rows = queries.utilisation(scope(practice))
    found = {(row.month, row.clinician.first_name if row.clinician else None): row for row in rows}
    dana_jan = found[(JAN, "Dana")]
    # Working: Mondays 5, 12, 19, 26 Jan x 480 min + Saturday 31 Jan 180 - 19 Jan 13-17 240 = 1860.
    # Booked: R1, R2, R3 roadmaps, 60 min each (R3's no-show held its slot) = 180.
    assert (dana_jan.booked_minutes, dana_jan.working_minutes) == (180, 1860)
    assert dana_jan.utilisation == 9.7
    marcus_jan = found[(JAN, "Marcus")]
    # Fridays 2, 9, 16, 23, 30 Jan x 480 = 2400; R5's roadmap 60.
    assert (marcus_jan.booked_minutes, marcus_jan.working_minutes, marcus_jan.utilisation) == (
        60,
        2400,
        2.5,
    )
    everyone_jan = found[(JAN, None)]
    assert (everyone_jan.booked_minutes, everyone_jan.working_minutes) == (240, 4260)
    assert everyone_jan.utilisation == 5.6
    dana_feb = found[(FEB, "Dana")]
    # Mondays 2, 9, 16, 23 Feb x 480 = 1920; R4's roadmap 60 + R1's follow-up 45 + R4's
    # no-show follow-up 45 = 150.
    assert (dana_feb.booked_minutes, dana_feb.working_minutes, dana_feb.utilisation) == (
        150,
        1920,
        7.8,
    )


def test_share_reaching_the_meaningful_change(practice):
    rows = {row.questionnaire: row for row in queries.outcomes(scope(practice))}
    # Discharged: R1 (Feb; NPRS 6 -> 2 improved; Kujala 70 -> 75, under the 10-point line) and
    # R5 (Mar; NPRS 3 -> 6, meaningful but worse).
    assert (rows["nprs"].improved, rows["nprs"].scored, rows["nprs"].share) == (1, 2, 50.0)
    assert rows["nprs"].by_month == {FEB: (1, 1), MAR: (0, 1)}
    assert (rows["kujala"].improved, rows["kujala"].scored, rows["kujala"].share) == (0, 1, 0.0)
    assert rows["lefs"].scored == 0 and rows["lefs"].share is None


def test_adherence_distribution(practice):
    jan, feb, mar = queries.adherence_distribution(scope(practice))
    # Jan: R1 every day from 12 Jan: 100 %.
    assert jan.bands == [0, 0, 0, 0, 1]
    # Feb: R1 8 of 20 days (40 %), R2 0 %, R4 9 of 26 (35 %), R5 20 of 27 (74 %).
    assert feb.bands == [1, 1, 1, 1, 0]
    assert feb.adherent_share == 25.0
    # Mar (to 31 Mar): R2, R4, R5 nothing done (0 %), R6 every day since 21 Mar (100 %).
    assert mar.bands == [3, 0, 0, 0, 1]


def test_adherence_distribution_at_one_location(practice):
    _, feb, _ = queries.adherence_distribution(scope(practice, practice.cary))
    assert feb.bands == [1, 1, 1, 0, 0]  # R5 belongs to Nashville


def test_each_month_is_counted_once_then_read_from_the_cache(practice, django_assert_num_queries):
    first = [row.bands for row in queries.adherence_distribution(scope(practice))]
    with django_assert_num_queries(0):
        again = [row.bands for row in queries.adherence_distribution(scope(practice))]
    assert again == first
