import uuid

from django.db.models import F, Q, Value
from django.db.models.functions import Replace

from .models import AccessLog, Runner


def digits_only(field: str):
    """The field with the usual phone punctuation removed, so 9195550101 finds 919-555-0101."""
    expression = F(field)
    for mark in ("-", " ", "(", ")", ".", "+"):
        expression = Replace(expression, Value(mark), Value(""))
    return expression


def search_runners(query: str, *, limit: int = 50):
    """Runners matching a name, phone or email fragment, as the front desk types it."""
    runners = Runner.objects.select_related("clinician", "location").annotate(
        phone_digits=digits_only("phone")
    )
    query = (query or "").strip()
    if not query:
        return runners[:limit]
    digits = "".join(ch for ch in query if ch.isdigit())
    condition = Q(email__icontains=query)
    for part in query.split():
        condition |= Q(first_name__icontains=part) | Q(last_name__icontains=part)
    if len(digits) >= 3:
        condition |= Q(phone_digits__contains=digits)
    return runners.filter(condition)[:limit]


def search_access_log(*, runner: str = "", actor: str = "", date_from=None, date_to=None):
    """Access entries for the admin's report, newest first, filtered as the search form says."""
    entries = AccessLog.objects.select_related("actor", "runner")
    runner = (runner or "").strip()
    if runner:
        try:
            entries = entries.filter(runner_code=uuid.UUID(runner))
        except ValueError:
            for part in runner.split():
                entries = entries.filter(
                    Q(runner__first_name__icontains=part) | Q(runner__last_name__icontains=part)
                )
    if actor:
        entries = entries.filter(actor__email__icontains=actor.strip())
    if date_from:
        entries = entries.filter(at__date__gte=date_from)
    if date_to:
        entries = entries.filter(at__date__lte=date_to)
    return entries
