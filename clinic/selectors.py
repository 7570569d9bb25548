from django.db.models import Q

from .models import Runner


def search_runners(query: str, *, limit: int = 50):
    """Runners matching a name, phone or email fragment, as the front desk types it."""
    runners = Runner.objects.select_related("clinician", "location")
    query = (query or "").strip()
    if not query:
        return runners[:limit]
    digits = "".join(ch for ch in query if ch.isdigit())
    condition = Q(email__icontains=query)
    for part in query.split():
        condition |= Q(first_name__icontains=part) | Q(last_name__icontains=part)
    if len(digits) >= 3:
        condition |= Q(phone__contains=digits)
    return runners.filter(condition)[:limit]
