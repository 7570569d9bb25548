"""The practice admin's report: who opened this runner's chart."""

from django.urls import reverse

from clinic.models import AccessLog

REPORT = reverse("clinic:audit_report")


def opened(cast, actor, runner, what="runner record"):
    return AccessLog.objects.create(
        actor=actor,
        actor_role=actor.role,
        runner=runner,
        runner_code=runner.code,
        what=what,
        path="/",
    )


def rows(response):
    return list(response.context["page"].object_list)


def test_report_finds_who_opened_a_runners_chart_by_name(client, cast):
    mine = opened(cast, cast.clinician, cast.runner_a)
    opened(cast, cast.front_desk, cast.runner_b)
    client.force_login(cast.admin)
    response = client.get(REPORT, {"runner": cast.runner_a.last_name})
    assert rows(response) == [mine]
    assert cast.clinician.email in response.content.decode()


def test_report_finds_a_runner_by_record_code(client, cast):
    mine = opened(cast, cast.clinician, cast.runner_a)
    opened(cast, cast.clinician, cast.runner_b)
    client.force_login(cast.admin)
    assert rows(client.get(REPORT, {"runner": str(cast.runner_a.code)})) == [mine]


def test_report_filters_by_who_opened(client, cast):
    opened(cast, cast.clinician, cast.runner_a)
    desk = opened(cast, cast.front_desk, cast.runner_a)
    client.force_login(cast.admin)
    assert rows(client.get(REPORT, {"actor": "frontdesk@"})) == [desk]


def test_report_rejects_an_end_date_before_the_start_with_a_message(client, cast):
    opened(cast, cast.clinician, cast.runner_a)
    client.force_login(cast.admin)
    response = client.get(REPORT, {"date_from": "2026-05-02", "date_to": "2026-05-01"})
    assert response.status_code == 200
    assert "The end date is before the start date." in response.content.decode()
    assert rows(response) == []


def test_report_answers_the_same_number_of_queries_for_few_and_many_entries(
    client, cast, django_assert_max_num_queries
):
    client.force_login(cast.admin)
    opened(cast, cast.clinician, cast.runner_a)
    client.get(REPORT)  # warm the session
    with django_assert_max_num_queries(8) as few:
        client.get(REPORT)
    for _ in range(30):
        opened(cast, cast.other_clinician, cast.runner_b)
    with django_assert_max_num_queries(8) as many:
        client.get(REPORT)
    assert len(few.captured_queries) == len(many.captured_queries)


def test_change_history_shows_diffs_to_the_admin(client, cast):
    cast.runner_a.phone = "919-555-4242"
    cast.runner_a.save()
    client.force_login(cast.admin)
    page = client.get(reverse("clinic:change_history")).content.decode()
    assert "919-555-4242" in page


def test_demo_audit_trail_is_written_once(db):
    from django.core.management import call_command

    call_command("seed_demo")
    count = AccessLog.objects.count()
    call_command("seed_demo")
    assert count >= 10 and AccessLog.objects.count() == count


def test_change_history_shows_a_change_to_a_field_named_items(client, cast):
    """A prescription's `items` once shadowed the dict's own `items` in the template: a 500."""
    from auditlog.models import LogEntry

    LogEntry.objects.log_create(
        cast.runner_a,
        action=LogEntry.Action.UPDATE,
        changes={"items": ["3 exercises", "4 exercises"], "keys": ["a", "b"]},
    )
    client.force_login(cast.admin)
    response = client.get(reverse("clinic:change_history"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "3 exercises → 4 exercises" in page
    assert "a → b" in page


def test_change_history_shows_many_to_many_changes(client, cast):
    from auditlog.models import LogEntry

    LogEntry.objects.log_create(
        cast.runner_a,
        action=LogEntry.Action.UPDATE,
        changes={"tags": {"type": "m2m", "operation": "add", "objects": ["knee"]}},
    )
    client.force_login(cast.admin)
    assert "knee" in client.get(reverse("clinic:change_history")).content.decode()
