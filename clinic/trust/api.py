"""Who is calling the API: a logged-in member of staff, or one of the practice's systems.

A system sends `Authorization: Bearer <key>`; the key's token acts as its user. A revoked or
unknown key, or none, is no one: the view answers 401 with a WWW-Authenticate header.
"""

from django.utils import timezone

from clinic.models import ApiToken


def bearer_key(request) -> str | None:
    scheme, _, key = request.headers.get("Authorization", "").partition(" ")
    return key.strip() or None if scheme.lower() == "bearer" else None


def caller(request):
    """The user this request acts as (a token's user, or the session's), or None."""
    key = bearer_key(request)
    if key is None:
        return request.user if request.user.is_authenticated else None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=ApiToken.hash(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
