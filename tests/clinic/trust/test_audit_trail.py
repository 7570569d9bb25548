"""Audit controls (HIPAA 164.312(b)): who opened which record, what changed, none of it editable."""

import datetime
import inspect
import re

import pytest
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.apps import apps
from django.db import connection, models, transaction
from django.db.utils import DatabaseError
from django.urls import reverse
from django.utils import timezone

from clinic.celery import app as current_app
from clinic.models import AccessLog, Runner
from clinic.trust.data_rights import project_app_configs
from tests.intake.factories import QuestionnaireResponseFactory, ScreeningFactory

BROWSER = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) Safari/604.1"


def open_as(client, user, url, **extra):
    client.force_login(user)
    return client.get(url, HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="203.0.113.7", **extra)


def test_opening_a_runner_record_writes_who_what_when_and_from_where(client, cast):
    before = timezone.now()
    open_as(client, cast.clinician, cast.runner_a.get_absolute_url())
    entry = AccessLog.objects.get()
    assert entry.actor == cast.clinician
    assert entry.actor_role == "clinician"
    assert entry.runner == cast.runner_a
    assert entry.runner_code == cast.runner_a.code
    assert entry.what == "runner record"
    assert entry.ip_address == "203.0.113.7"
    assert entry.user_agent == BROWSER
    assert entry.at >= before
    assert entry.at.utcoffset() == datetime.timedelta(0)  # stored and read in UTC


@pytest.mark.parametrize(
    ("url", "what"),
    [
        (lambda s, r: reverse("intake:record", kwargs={"code": s.runner.code}), "intake record"),
        (lambda s, r: reverse("intake:screening_detail", kwargs={"code": s.code}), "screening"),
        (
            lambda s, r: reverse("intake:response_detail", kwargs={"code": r.code}),
            "questionnaire scores",
        ),
    ],
    ids=["intake record", "screening", "scores"],
)
def test_opening_clinical_records_writes_an_access_entry(client, cast, url, what):
    screening = ScreeningFactory(runner=cast.runner_a, clinician=cast.clinician)
    response = QuestionnaireResponseFactory(runner=cast.runner_a)
    assert open_as(client, cast.other_clinician, url(screening, response)).status_code == 200
    entry = AccessLog.objects.get(what=what)
    assert (entry.actor, entry.runner) == (cast.other_clinician, cast.runner_a)


def test_refused_and_guessed_requests_write_no_access_entry(client, cast):
    open_as(client, cast.runner_b.user, cast.runner_a.get_absolute_url())  # 403 by role
    guessed = reverse(
        "clinic:runner_detail", kwargs={"code": "00000000-0000-4000-8000-000000000000"}
    )
    assert open_as(client, cast.admin, guessed).status_code == 404
    assert not AccessLog.objects.exists()


def test_forwarded_address_is_taken_from_the_proxy_hop_only_when_behind_the_proxy(
    client, cast, settings
):
    url = cast.runner_a.get_absolute_url()
    open_as(client, cast.admin, url, HTTP_X_FORWARDED_FOR="198.51.100.1, 192.0.2.9")
    settings.USE_X_FORWARDED_FOR = True
    open_as(client, cast.admin, url, HTTP_X_FORWARDED_FOR="not-an-ip, 192.0.2.9")
    open_as(client, cast.admin, url, HTTP_X_FORWARDED_FOR="garbage")
    addresses = list(AccessLog.objects.order_by("id").values_list("ip_address", flat=True))
    assert addresses == ["203.0.113.7", "192.0.2.9", "203.0.113.7"]


def test_changing_a_runner_keeps_a_diff_with_the_actor_and_address(client, cast):
    client.force_login(cast.admin)
    change_url = reverse("admin:clinic_runner_change", args=[cast.runner_a.pk])
    form = client.get(change_url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}
    data.update(phone="919-555-9999", location=cast.location.pk, clinician=cast.clinician.pk)
    data["user"] = cast.runner_a.user.pk
    response = client.post(change_url, data, REMOTE_ADDR="203.0.113.8")
    assert response.status_code == 302, response.context["adminform"].form.errors
    entry = LogEntry.objects.get_for_object(cast.runner_a).filter(action=LogEntry.Action.UPDATE)
    entry = entry.get()
    assert entry.changes_dict["phone"][1] == "+1 919-555-9999"  # as stored: one spelling
    assert entry.actor == cast.admin
    assert entry.remote_addr == "203.0.113.8"


def test_creating_and_deleting_clinical_data_keeps_diffs(cast):
    screening = ScreeningFactory(runner=cast.runner_a, clinician=cast.clinician)
    response = QuestionnaireResponseFactory(runner=cast.runner_a)
    response_pk = response.pk
    response.delete()
    assert LogEntry.objects.get_for_object(screening).filter(action=LogEntry.Action.CREATE)
    deleted = LogEntry.objects.filter(object_pk=str(response_pk), action=LogEntry.Action.DELETE)
    assert deleted.count() == 1


def _holds_runner_data(model, seen=()) -> bool:
    """True for a model that points at a runner, directly or through another such model."""
    if model is Runner:
        return True
    for field in model._meta.concrete_fields:
        target = field.related_model if isinstance(field, models.ForeignKey) else None
        if target is None or target in seen or target is model:
            continue
        if target is Runner or _holds_runner_data(target, (*seen, model)):
            return True
    return False


# Worked out from audited rows and rebuilt at will: auditing them would log each set twice.
DERIVED = {"programs.AdherenceSummary"}


def test_every_model_holding_runner_data_keeps_diffs():
    project = {config.label for config in project_app_configs()}
    missing = [
        model._meta.label
        for model in apps.get_models()
        if model._meta.app_label in project
        and model is not AccessLog
        and model._meta.label not in DERIVED
        and _holds_runner_data(model)
        and not auditlog.contains(model)
    ]
    assert missing == [], f"add to AUDITLOG_INCLUDE_TRACKING_MODELS: {missing}"


def test_no_role_can_add_change_or_delete_access_entries_in_the_admin(client, cast):
    open_as(client, cast.admin, cast.runner_a.get_absolute_url())
    entry = AccessLog.objects.get()
    client.force_login(cast.admin)  # the practice admin is a superuser: the most powerful role
    for name in ("admin:clinic_accesslog_delete",):
        assert client.post(reverse(name, args=[entry.pk]), {"post": "yes"}).status_code == 403
    change = reverse("admin:clinic_accesslog_change", args=[entry.pk])
    client.post(change, {"what": "nothing to see"})
    assert client.post(reverse("admin:clinic_accesslog_add"), {}).status_code == 403
    bulk = client.post(
        reverse("admin:clinic_accesslog_changelist"),
        {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"},
    )
    assert bulk.status_code in (200, 302)
    entry.refresh_from_db()
    assert entry.what == "runner record"
    assert AccessLog.objects.count() == 1


def test_no_role_can_change_or_delete_diffs_in_the_admin(client, cast):
    ScreeningFactory(runner=cast.runner_a, clinician=cast.clinician)
    entry = LogEntry.objects.first()
    client.force_login(cast.admin)
    assert (
        client.post(reverse("admin:auditlog_logentry_delete", args=[entry.pk])).status_code == 403
    )
    assert LogEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.services
@pytest.mark.django_db
def test_postgres_refuses_to_update_or_delete_access_entries(cast):
    entry = AccessLog.objects.create(
        actor=cast.admin, actor_role="admin", runner=cast.runner_a, what="runner record", path="/"
    )
    for statement in (
        f"UPDATE clinic_accesslog SET what = 'x' WHERE id = {entry.pk}",
        f"DELETE FROM clinic_accesslog WHERE id = {entry.pk}",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement)
    assert AccessLog.objects.get(pk=entry.pk).what == "runner record"


def test_deleting_a_runner_with_access_entries_is_refused(client, cast):
    open_as(client, cast.admin, cast.runner_a.get_absolute_url())
    with pytest.raises(models.ProtectedError):
        cast.runner_a.delete()


# Celery: messages are stored by the broker, outside the database's protection: IDs only.
ID_PARAMETER = re.compile(r"(^|_)(id|ids|pk|pks|code|codes)$")
# Names of a choice, not data about a person (e.g. which mail: "confirmation" or "cancellation").
# `batch`: rows of [runner id, local date, channel, reference] (clinic.notifications.ledger.Planned,
# tested below), never a name, address or clinical value.
CHOICE_PARAMETERS = {"kind", "batch"}


def project_tasks():
    current_app.loader.import_default_modules()  # autodiscovery is lazy: load every tasks.py
    project_apps = [config.name for config in project_app_configs()]
    return [
        task
        for name, task in sorted(current_app.tasks.items())
        if name.split(".")[0] in project_apps
    ]


def test_celery_tasks_take_only_ids():
    tasks = project_tasks()
    assert tasks, "no project tasks found: the check would prove nothing"
    wrong = []
    for task in tasks:
        parameters = list(inspect.signature(task.run).parameters.values())
        for parameter in parameters:
            if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
                wrong.append(f"{task.name}: *{parameter.name}")
            elif (
                not ID_PARAMETER.search(parameter.name) and parameter.name not in CHOICE_PARAMETERS
            ):
                wrong.append(f"{task.name}({parameter.name})")
    assert wrong == [], "tasks must take record IDs, never health data: " + ", ".join(wrong)


def test_reminder_batches_carry_ids_dates_and_channels_only(cast):
    import datetime as dt
    import json as json_module

    from clinic.notifications.ledger import Planned

    message = Planned(cast.runner_a.pk, dt.date(2026, 5, 1), "email", "").to_message()
    text = json_module.dumps(message)
    assert message[0] == cast.runner_a.pk
    for private in (cast.runner_a.first_name, cast.runner_a.last_name, cast.runner_a.email):
        assert private not in text
