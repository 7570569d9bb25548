"""Each role logs in through the real login page and lands on its own home."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import login, shot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(
    ("role", "home", "heading"),
    [
        ("admin", "clinic:admin_home", "The practice"),
        ("clinician", "programs:dashboard", "My runners"),
        ("front_desk", "clinic:schedule_day", "Cary"),  # the front desk lives in the schedule
    ],
)
def test_staff_land_on_their_home(live_server, desktop_page, cast, password, role, home, heading):
    login(desktop_page, live_server, cast.user(role).email, password)
    assert desktop_page.url == f"{live_server.url}{reverse(home)}"
    expect(desktop_page.get_by_role("heading", level=1)).to_contain_text(heading)
    shot(desktop_page, f"home-{role}")


def test_runner_lands_on_their_home_on_a_phone(live_server, phone_page, cast, password):
    login(phone_page, live_server, cast.runner_a.email, password)
    assert phone_page.url == f"{live_server.url}{reverse('programs:today')}"
    expect(phone_page.get_by_role("heading", level=1)).to_contain_text(cast.runner_a.first_name)
    shot(phone_page, "home-runner-phone")


def test_wrong_password_stays_on_login_with_a_message(live_server, desktop_page, cast):
    login(desktop_page, live_server, cast.clinician.email, "not-the-password")
    assert "/accounts/login/" in desktop_page.url
    expect(desktop_page.get_by_text("not correct").first).to_be_visible()
    expect(desktop_page.get_by_label("Email")).to_have_value(cast.clinician.email)
