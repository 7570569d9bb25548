"""Two records of one person made one (domain.md §1: one record per person).

Staff pick the record to keep (the *survivor*) and its duplicate. Every row that points at the
duplicate moves to the survivor: the relations are found with `Runner._meta.related_objects`,
so a table added later moves too without anyone remembering to list it here. The duplicate
stays, empty and marked merged (`merged_into`), out of every search and match: the access log
is append-only and names the record that was opened, so the record must go on existing.

Rules where the two can't simply be added together:
- one login per person: if both records have a login, the merge is refused (the runner would
  lose one of their passwords and passkeys without being asked); a duplicate's login moves to
  a survivor without one;
- a one-to-one row (history, reminder settings, adherence summary) both records have: the
  survivor's reminder settings are kept; anything else is refused, with what to do first;
- a row the database allows once per runner (a current program, a live run plan, a morning
  pain a day...): refused when both records hold one (`REFUSALS` says what to do), except the
  message ledger, whose clashing rows stay with the duplicate as its history
  (`LEFT_WITH_DUPLICATE`);
- contact details: the survivor's, except those staff choose to take from the duplicate, and
  blanks, which take the duplicate's value.

All of it runs in one transaction that first locks both people's identity keys (so a booking
by either waits) and then both runner rows, in a fixed order: two staff merging at once run
one after the other, and the second finds the record already merged.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import UniqueConstraint
from django.utils import timezone

from clinic.booking.identity import identity_keys, lock_keys
from clinic.models import AccessLog, ReminderPreference, Runner

# The details staff may take from the duplicate instead of keeping the survivor's.
CONTACT_FIELDS = ("first_name", "last_name", "email", "phone", "date_of_birth")
# Blank on the survivor: filled from the duplicate without asking (nothing is overwritten).
FILLED_IF_BLANK = (*CONTACT_FIELDS, "location", "clinician")

# Relations that stay with the duplicate: the access log is append-only (a trigger refuses
# UPDATE on Postgres) and says which record was opened; records merged earlier are re-pointed.
STAYS = {AccessLog}

# Per unique constraint (by name): what staff must do before the two records can be merged.
REFUSALS = {
    "program_one_current_per_runner": (
        "Both records have a current program. Complete or discharge one of them first."
    ),
    "run_plan_one_live": "Both records have a live return-to-run plan. End one of them first.",
}
# Unique constraints whose clashing rows stay on the duplicate (a ledger: history, not care).
LEFT_WITH_DUPLICATE = {"one_delivery_per_runner_kind_day"}


class MergeRefused(Exception):
    """The two records can't be merged as they stand; the message says why, for staff."""


@dataclass
class MergeResult:
    survivor: Runner
    duplicate: Runner
    moved: dict[str, int] = field(default_factory=dict)  # verbose name plural -> rows
    left: dict[str, int] = field(default_factory=dict)  # rows that stayed on the duplicate
    taken: list[str] = field(default_factory=list)  # details taken from the duplicate


def relations():
    """Every relation pointing at a runner, except the ones that stay with the record."""
    return [
        rel
        for rel in Runner._meta.related_objects
        if rel.related_model not in STAYS and not rel.many_to_many
    ]


def related_counts(runner: Runner) -> dict[str, int]:
    """How many rows of each kind point at `runner`, for the side-by-side preview."""
    counts = {}
    for rel in relations():
        model = rel.related_model
        label = str(model._meta.verbose_name_plural)
        if rel.remote_field.model is Runner and model is Runner:
            label = "records merged in earlier"
        counts[label] = model._base_manager.filter(**{rel.field.name: runner}).count()
    return counts


def refusal(survivor: Runner, duplicate: Runner) -> str:
    """Why these two can't be merged as they stand, or "" (checks that need no locks)."""
    if survivor.pk == duplicate.pk:
        return "A record can't be merged into itself."
    if survivor.merged_into_id or duplicate.merged_into_id:
        return "One of these records has already been merged."
    if survivor.anonymised_at or duplicate.anonymised_at:
        return "An anonymised record can't be merged."
    if survivor.user_id and duplicate.user_id:
        return (
            "Both records have a login. Keep the one the runner uses: deactivate the other "
            "login first, or ask the runner which they use."
        )
    return ""


def _unique_sets(model):
    """(name, fields, condition) of each set of fields the database keeps unique."""
    for constraint in model._meta.constraints:
        if isinstance(constraint, UniqueConstraint) and constraint.fields:
            yield constraint.name, constraint.fields, constraint.condition
    for fields in model._meta.unique_together:
        yield f"{model._meta.db_table} unique together", fields, None


def _unique_clashes(rel, survivor, duplicate):
    """For each unique constraint naming the runner, the duplicate's rows that would break it."""
    model, fk = rel.related_model, rel.field.name
    for name, fields, condition in _unique_sets(model):
        if fk not in fields:
            continue
        others = [other for other in fields if other != fk]
        rows = model._base_manager.all()
        if condition is not None:
            rows = rows.filter(condition)
        theirs = set(rows.filter(**{fk: survivor}).values_list(*others)) if others else None
        if not others:
            clashing = (
                list(rows.filter(**{fk: duplicate}).values_list("pk", flat=True))
                if rows.filter(**{fk: survivor}).exists()
                else []
            )
        else:
            clashing = [
                pk
                for pk, *key in rows.filter(**{fk: duplicate}).values_list("pk", *others)
                # NULLs never clash in a unique index
                if None not in key and tuple(key) in theirs
            ]
        if clashing:
            yield name, clashing


def _plan(rel, survivor, duplicate) -> tuple[list[int] | None, str]:
    """What moving `rel`'s rows would do: (the duplicate's rows that must stay on it, or None to
    drop a one-to-one row the survivor has too, "") or (None, why it can't be done)."""
    model, fk = rel.related_model, rel.field.name
    if rel.one_to_one:
        if not model._base_manager.filter(**{fk: duplicate}).exists():
            return [], ""
        if not model._base_manager.filter(**{fk: survivor}).exists():
            return [], ""
        if model is ReminderPreference:  # the survivor's settings are the ones in use
            return None, ""
        return None, (
            f"Both records have a {model._meta.verbose_name}: only one can be kept, and "
            "merging would lose the other. Ask the practice's administrator."
        )
    left = []
    for name, clashing in _unique_clashes(rel, survivor, duplicate):
        if name not in LEFT_WITH_DUPLICATE:
            label = model._meta.verbose_name_plural
            return None, REFUSALS.get(name) or (
                f"Both records have {label} the practice keeps once per runner ({name})."
            )
        left += clashing
    return sorted(set(left)), ""


def _move(rel, plan, survivor, duplicate, result: MergeResult) -> None:
    model, fk = rel.related_model, rel.field.name
    label = str(model._meta.verbose_name_plural)
    rows = model._base_manager.filter(**{fk: duplicate})
    if plan is None:  # a one-to-one row the survivor has its own of
        rows.delete()
        return
    if plan:
        result.left[label] = len(plan)
        rows = rows.exclude(pk__in=plan)
    moved = rows.update(**{fk: survivor})
    if moved:
        result.moved[label] = result.moved.get(label, 0) + moved


def _audit(runner, *, by, what, where) -> None:
    AccessLog.objects.create(
        actor=by,
        actor_role=by.role,
        runner=runner,
        runner_code=runner.code,
        what=what[: AccessLog._meta.get_field("what").max_length],
        path=where.get("path", "")[: AccessLog._meta.get_field("path").max_length],
        ip_address=where.get("ip_address"),
        user_agent=where.get("user_agent", "")[
            : AccessLog._meta.get_field("user_agent").max_length
        ],
    )


def merge_runners(
    survivor: Runner, duplicate: Runner, *, by, take=(), where: dict | None = None
) -> MergeResult:
    """Move everything of `duplicate` to `survivor`, keep one login, mark `duplicate` merged and
    write an access-log entry on each record naming the other and `by`. `take`: names from
    CONTACT_FIELDS whose value comes from the duplicate. `where`: the request's path, address
    and browser for the audit entries. Raises MergeRefused, changing nothing."""
    take = [name for name in take if name in CONTACT_FIELDS]
    reason = refusal(survivor, duplicate)
    if reason:
        raise MergeRefused(reason)
    with transaction.atomic():
        lock_keys(
            identity_keys(email=survivor.email, phone=survivor.phone)
            + identity_keys(email=duplicate.email, phone=duplicate.phone)
        )
        locked = {
            runner.pk: runner
            for runner in Runner.objects.select_for_update()
            .filter(pk__in=[survivor.pk, duplicate.pk])
            .order_by("pk")
        }
        if len(locked) != 2:
            raise MergeRefused("One of these records no longer exists.")
        survivor, duplicate = locked[survivor.pk], locked[duplicate.pk]
        reason = refusal(survivor, duplicate)  # again, now that no one else can change them
        if reason:
            raise MergeRefused(reason)
        result = MergeResult(survivor=survivor, duplicate=duplicate)
        plans = [(rel, *_plan(rel, survivor, duplicate)) for rel in relations()]
        refusals = [why for _rel, _plan_, why in plans if why]
        if refusals:  # the ones that say what to do first
            named = [why for why in refusals if why in REFUSALS.values()]
            raise MergeRefused((named or refusals)[0])
        for rel, plan, _why in plans:
            _move(rel, plan, survivor, duplicate, result)

        for name in FILLED_IF_BLANK:
            theirs = getattr(duplicate, name)
            if theirs and (name in take or not getattr(survivor, name)):
                setattr(survivor, name, theirs)
                result.taken.append(name)
        if duplicate.user_id and not survivor.user_id:  # the one login, and its history
            survivor.user_id = duplicate.user_id
            survivor.activated_at = duplicate.activated_at
            survivor.invited_at = duplicate.invited_at
            result.taken.append("login")
        duplicate.user = None
        duplicate.invitation_nonce = ""  # its invitation link no longer opens anything
        duplicate.merged_into = survivor
        duplicate.merged_at = timezone.now()
        duplicate.save()  # first: the login's one-to-one is free before the survivor takes it
        survivor.save()

        where = where or {}
        _audit(survivor, by=by, what=f"merged in record {duplicate.code}", where=where)
        _audit(duplicate, by=by, what=f"merged into record {survivor.code}", where=where)
    return result
