import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _reports_counted_afresh():
    """The reports keep a month's adherence in the cache; each test's practice is its own."""
    cache.clear()
    yield
    cache.clear()
