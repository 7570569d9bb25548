"""A member of staff adds a passkey in the browser (Chromium's virtual authenticator), and the
practice's two-factor requirement is met by it."""

import pytest
from allauth.mfa.models import Authenticator
from playwright.sync_api import expect

from tests.browser.conftest import login, shot
from tests.clinic.trust.test_authentication import require_two_factor

pytestmark = pytest.mark.django_db(transaction=True)


def test_staff_add_a_passkey_and_pass_the_two_factor_requirement(
    live_server, desktop_page, cast, password, settings
):
    settings.MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True  # the live server is plain http
    require_two_factor()
    page = desktop_page
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    login(page, live_server, cast.front_desk.email, password)
    page.goto(f"{live_server.url}/accounts/2fa/webauthn/add/")
    if "/reauthenticate/" in page.url:
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Confirm").click()
        page.wait_for_url("**/webauthn/add/")
    page.get_by_label("Name").fill("Front desk laptop")
    shot(page, "passkey-add-desktop")
    page.locator("#mfa_webauthn_add").click()
    # A first second factor: allauth shows the recovery codes to keep.
    page.wait_for_url("**/2fa/recovery-codes/")
    shot(page, "passkey-added-recovery-codes-desktop")
    assert Authenticator.objects.filter(
        user=cast.front_desk, type=Authenticator.Type.WEBAUTHN
    ).exists()
    page.goto(f"{live_server.url}/runners/")
    expect(page.get_by_role("heading", name="Runners")).to_be_visible()
