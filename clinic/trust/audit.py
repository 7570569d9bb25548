"""The one way to record that someone opened a runner's record.

Views call `record_access(request, runner, "screening")` after the access helper let them in.
The entry says who (user, email and role at the time), what, which runner, when (UTC) and from
where (IP address and browser), for the practice admin's "who opened this chart" report.
"""

import ipaddress
import uuid

from django.conf import settings
from django.db.models import Q

from clinic.models import AccessLog, Role, Runner

USER_AGENT_LENGTH = AccessLog._meta.get_field("user_agent").max_length
PATH_LENGTH = AccessLog._meta.get_field("path").max_length


def client_ip(request) -> str | None:
    """The caller's address.

    Behind our TLS proxy (USE_X_FORWARDED_FOR on) it is the last X-Forwarded-For hop: the one
    the proxy itself appended; earlier hops are whatever the client chose to send.
    """
    candidates = [request.META.get("REMOTE_ADDR", "")]
    if settings.USE_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        candidates.insert(0, forwarded[-1].strip())
    for candidate in candidates:
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return None


def record_access(request, runner: Runner | None, what: str) -> AccessLog:
    """Write one access entry for `request.user` opening `what` of `runner`'s record."""
    user = request.user
    entry = AccessLog.objects.create(
        actor=user,
        actor_role=user.role,
        runner=runner,
        runner_code=runner.code if runner else None,
        what=what[: AccessLog._meta.get_field("what").max_length],
        path=request.get_full_path()[:PATH_LENGTH],
        ip_address=client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:USER_AGENT_LENGTH],
    )
    return entry


def record_command_access(runner: Runner, what: str) -> AccessLog:
    """An access entry for a management command run on the server: no login, no address.

    Only the practice's administrator has a shell on the server, so the role is theirs.
    """
    return AccessLog.objects.create(
        actor=None,
        actor_role=Role.PRACTICE_ADMIN,
        runner=runner,
        runner_code=runner.code,
        what=what[: AccessLog._meta.get_field("what").max_length],
        path="manage.py",
        user_agent="manage.py",
    )


REDACTED = "[anonymised]"


def redact_history(*targets) -> int:
    """Blank the values in the change diffs of `targets` (model instances or querysets).

    Used when a runner is anonymised: the diffs would otherwise still carry their name and
    notes. Field names, actions, actors and times stay: *who did what when* is intact.
    """
    from auditlog.models import LogEntry
    from django.db.models import QuerySet

    redacted = 0
    for target in targets:
        if isinstance(target, QuerySet):
            entries = LogEntry.objects.get_for_objects(target)
            label = target.model._meta.verbose_name
        else:
            entries = LogEntry.objects.get_for_object(target)
            label = target._meta.verbose_name
        for entry in entries:
            entry.changes = {field: [REDACTED, REDACTED] for field in (entry.changes or {})}
            entry.changes_text = ""
            entry.serialized_data = None
            entry.object_repr = f"{label} (anonymised)"
            entry.save(update_fields=["changes", "changes_text", "serialized_data", "object_repr"])
            redacted += 1
    return redacted


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
