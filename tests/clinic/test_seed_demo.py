from django.core.management import call_command

from clinic.models import Location, Role, Runner, User


def test_seed_demo_makes_the_practice_and_can_run_twice(db, capsys):
    call_command("seed_demo")
    counts = (User.objects.count(), Runner.objects.count(), Location.objects.count())
    call_command("seed_demo")
    assert (User.objects.count(), Runner.objects.count(), Location.objects.count()) == counts
    assert Location.objects.get(name="Cary").time_zone == "America/New_York"
    assert User.objects.filter(role=Role.CLINICIAN).count() == 2
    assert User.objects.filter(role=Role.FRONT_DESK).count() == 1
    assert Runner.objects.filter(user__isnull=False).count() >= 12
    assert "clinician@roadmap.test" in capsys.readouterr().out


def test_the_demo_has_runners_at_several_stages_and_one_red_day(db):
    from programs.models import ClinicianAlert, RunLog, RunPlan

    call_command("seed_demo")
    call_command("seed_demo")  # idempotent: no second plan, no second red run
    assert sorted(RunPlan.objects.values_list("stage", flat=True)) == [1, 2, 4, 6]
    red = RunLog.objects.get(colour="red")
    assert (red.pain_during, red.stage) == (6, 2)
    assert ClinicianAlert.objects.filter(runner=red.runner, kind="red_run").count() == 1


def test_seed_demo_shows_runner_accounts_and_a_returning_patient(db, capsys):
    from django.utils import timezone

    from clinic.models import Appointment
    from clinic.tooling.demo.accounts import RETURNING

    call_command("seed_demo")
    call_command("seed_demo")
    invited = Runner.objects.filter(invited_at__isnull=False, activated_at__isnull=True)
    assert invited.count() == 1 and invited.get().user is None
    from_invitation = Runner.objects.filter(
        invited_at__isnull=False, activated_at__isnull=False, user__isnull=False
    )
    assert from_invitation.count() == 1
    assert from_invitation.get().user.check_password("roadmap-demo")
    returning = Runner.objects.get(email=RETURNING)
    visits = Appointment.objects.filter(runner=returning)
    assert visits.filter(starts_at__lt=timezone.now()).exists()
    assert visits.filter(starts_at__gt=timezone.now()).count() == 1
    out = capsys.readouterr().out
    assert "Invited, not activated yet" in out and "Returning patient" in out


def test_the_demo_has_a_duplicate_record_staff_can_merge(db, capsys):
    from clinic.booking.merge import merge_runners
    from clinic.tooling.demo.accounts import DUPLICATE

    call_command("seed_demo")
    duplicate = Runner.objects.get(email=DUPLICATE)
    original = (
        Runner.objects.current()
        .exclude(pk=duplicate.pk)
        .get(
            first_name=duplicate.first_name,
            last_name=duplicate.last_name,
            date_of_birth=duplicate.date_of_birth,
        )
    )
    assert duplicate.appointments.exists() and duplicate.user is None
    out = capsys.readouterr().out
    assert "Duplicate record to merge" in out and "sign-in code by text" in out
    merge_runners(original, duplicate, by=User.objects.get(email="clinician@roadmap.test"))
    assert not duplicate.appointments.exists()
    call_command("seed_demo")  # a merged duplicate stays merged
    assert Runner.objects.get(email=DUPLICATE).merged_into == original
