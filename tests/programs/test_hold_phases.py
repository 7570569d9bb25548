"""The 90/90 is held as PAILs then RAILs, each its own phase with its own cue and hold."""

import re

import pytest
from django.urls import reverse

from programs.holds import hold_phases
from tests.programs.factories import start_program


@pytest.mark.parametrize(
    "slug, labels",
    [
        ("ninety-ninety-pails-rails", ["PAILs", "RAILs"]),
        ("hooklying-breathing", []),
        ("side-lunge", []),
        ("no-such-exercise", []),
    ],
)
def test_which_holds_have_phases(slug, labels):
    assert [label for label, _ in hold_phases(slug)] == labels


def test_every_phase_has_its_own_cue():
    cues = [cue for _, cue in hold_phases("ninety-ninety-pails-rails")]
    assert cues[0].startswith("Press") and cues[1].startswith("Lift")


def test_today_lists_pails_then_rails_with_the_prescribed_hold(client, cast):
    start_program(cast.runner_a, by=cast.clinician)  # the 90/90 at 3 x 20 s each side
    client.force_login(cast.runner_a.user)
    page = client.get(reverse("programs:today")).content.decode()
    card = page[page.index("90/90 hip stretch") :]
    phases = re.search(r"<ol class=\"hold-phases[^>]*>(.*?)</ol>", card, re.S).group(1)
    items = re.findall(r'<li data-label="(\w+)" data-cue="([^"]+)">.*?, (\d+) s</li>', phases)
    assert [(label, seconds) for label, _, seconds in items] == [("PAILs", "20"), ("RAILs", "20")]
    assert items[0][1].startswith("Press the front knee")


def test_other_exercises_have_no_phase_list(client, cast):
    start_program(cast.runner_a, by=cast.clinician)
    client.force_login(cast.runner_a.user)
    page = client.get(reverse("programs:today")).content.decode()
    assert page.count("data-hold-phases") == 1
