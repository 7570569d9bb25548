"""Booking fixtures: both clinicians work 9:00–17:00 on weekdays at the cast's location."""

import pytest
from django.core.cache import cache

from tests.clinic.booking.factories import WorkingHoursFactory


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """The rate limit counts in the cache; each test starts with a clean slate."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def hours(cast):
    for clinician in (cast.clinician, cast.other_clinician):
        for weekday in range(5):
            WorkingHoursFactory(clinician=clinician, location=cast.location, weekday=weekday)
    return cast
