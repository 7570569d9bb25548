"""Signed links that let a runner answer one questionnaire without logging in.

A link carries the runner's code, the questionnaire and a one-time nonce, signed with the site's
secret and a salt of its own, and expires after LINK_MAX_AGE. The nonce is stored on the response
it produces, so a link can be answered only once.
"""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse

LINK_SALT = "intake.questionnaire-link"
# Practice rule: two weeks covers booking-to-visit for almost every runner.
LINK_MAX_AGE = timedelta(days=14)


@dataclass(frozen=True)
class LinkGrant:
    runner_code: str
    questionnaire: str
    nonce: str


def make_token(runner, questionnaire: str) -> str:
    payload = {"r": str(runner.code), "q": questionnaire, "n": secrets.token_hex(8)}
    return signing.dumps(payload, salt=LINK_SALT, compress=True)


def link_url(runner, questionnaire: str) -> str:
    path = reverse("intake:answer_by_link", kwargs={"token": make_token(runner, questionnaire)})
    return f"{settings.SITE_URL}{path}"


def read_token(token: str) -> LinkGrant | None:
    """The grant in a valid, unexpired token; None for anything forged, altered or too old."""
    try:
        payload = signing.loads(token, salt=LINK_SALT, max_age=LINK_MAX_AGE)
        return LinkGrant(payload["r"], payload["q"], payload["n"])
    except (signing.BadSignature, KeyError, TypeError):
        return None
