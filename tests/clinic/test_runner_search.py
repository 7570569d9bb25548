"""Runner search, as the front desk types it: the same rule on the runner list and in booking."""

import pytest
from django.urls import reverse

from clinic.models import Runner
from tests.factories import RunnerFactory


@pytest.fixture
def runners(db):
    return {
        "alex": RunnerFactory(
            first_name="Alex", last_name="Morgan", email="alex@x.test", phone="919-555-0101"
        ),
        "alexis": RunnerFactory(
            first_name="Alexis", last_name="Chen", email="ac@x.test", phone="(919) 555-0199"
        ),
        "sam": RunnerFactory(
            first_name="Sam", last_name="Morgan", email="sam@x.test", phone="+1 252 555 0177"
        ),
    }


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("", {"alex", "alexis", "sam"}),  # nothing typed: everyone
        ("alex", {"alex", "alexis"}),  # part of a first name
        ("morgan", {"alex", "sam"}),  # a last name
        ("alex morgan", {"alex"}),  # every word must match: not every Alex and every Morgan
        ("morgan alex", {"alex"}),  # in any order
        ("ALEX", {"alex", "alexis"}),  # case does not matter
        ("sam@x", {"sam"}),  # part of an email
        ("9195550101", {"alex"}),  # phone digits, however the number was punctuated
        ("919-555", {"alex", "alexis"}),
        ("555 0177", {"sam"}),
        ("nobody", set()),
    ],
)
def test_search_matches_every_word_or_the_phone_digits(runners, query, found):
    names = {name for name, runner in runners.items() if runner in Runner.objects.search(query)}
    assert names == found


def test_the_runner_list_and_the_booking_search_agree(client, cast, runners):
    client.force_login(cast.front_desk)
    listed = client.get(reverse("clinic:runner_list"), {"q": "alex morgan"})
    offered = client.get(reverse("clinic:booking_runner_search"), {"q": "alex morgan"})
    for response in (listed, offered):
        assert "Alex Morgan" in response.text and "Alexis" not in response.text
