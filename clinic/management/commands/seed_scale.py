"""Fill a Postgres database with a practice at scale, to measure the pages against.

    python manage.py seed_scale --runners 10000          # refuses if runners exist
    python manage.py seed_scale --runners 10000 --wipe   # drops the schema, migrates, seeds

3 locations, 25 clinicians, 3 front desks; each runner has a login, a history, a signed
screening, questionnaires every few weeks, a year-long program and about a year of daily set logs
and session feedback, and a year of appointments (ten months back, two ahead).

People are made with `bulk_create` (one password hash shared by all); the bulk of the rows (set
logs, feedback, appointments) is generated inside Postgres with `INSERT ... SELECT` over
`generate_series`, which is many times faster than sending rows from Python. The generator is
deterministic (hashes of ids, not `random()`), so two seeds of the same size are the same data
apart from UUIDs and timestamps. Postgres only: it is a measuring tool, not a demo.
"""

import json
import time
from contextlib import contextmanager
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from clinic.models import Appointment, Location, Role, Runner, User, WorkingHours
from intake.models import Questionnaire, QuestionnaireResponse, ResponseSource
from intake.questionnaires import items, score
from programs import summaries
from programs.models import Exercise, Protocol, SessionFeedback, SetLog

PASSWORD = "roadmap-scale"
DOMAIN = "scale.test"
LOCATIONS = [
    ("Cary", "1 Kildaire Farm Rd, Cary, NC", "America/New_York"),
    ("Durham", "200 Main St, Durham, NC", "America/New_York"),
    ("Nashville", "300 Broadway, Nashville, TN", "America/Chicago"),
]
CLINICIANS = 25
FIRST_NAMES = [
    "Alex",
    "Sam",
    "Jordan",
    "Casey",
    "Riley",
    "Morgan",
    "Taylor",
    "Jamie",
    "Drew",
    "Quinn",
]
LAST_NAMES = [
    "Morgan",
    "Lee",
    "Patel",
    "Garcia",
    "Nguyen",
    "Smith",
    "Okafor",
    "Rossi",
    "Kim",
    "Berg",
]
BATCH = 5_000


class Command(BaseCommand):
    help = "Seed a Postgres database with a practice of N runners and a year of their data."

    def add_arguments(self, parser):
        parser.add_argument("--runners", type=int, default=10_000)
        parser.add_argument(
            "--wipe",
            action="store_true",
            help="Drop every table (schema public) and migrate afresh before seeding.",
        )

    def handle(self, *args, runners: int, wipe: bool, **options):
        if connection.vendor != "postgresql":
            raise CommandError("seed_scale needs Postgres (set DATABASE_URL).")
        if runners < 1:
            raise CommandError("--runners must be at least 1.")
        if wipe:
            self._wipe()
        elif Runner.objects.exists():
            raise CommandError(
                "This database already has runners; seed_scale only fills an empty practice. "
                "Run it with --wipe to drop everything and start again."
            )
        started = time.monotonic()
        steps = [
            ("people", lambda: self._people(runners)),
            ("records", self._records),
            ("programs", self._programs),
            ("set logs", self._set_logs),
            ("feedback", self._feedback),
            ("appointments", self._appointments),
            ("dashboards", lambda: summaries.rebuild(stale_only=False)),
            ("analyze", lambda: self._sql("ANALYZE")),
        ]
        for name, step in steps:
            begun = time.monotonic()
            with transaction.atomic():
                step()
            self.stdout.write(f"  {name:<14} {time.monotonic() - begun:7.1f} s")
        counts = self._counts()
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {runners:,} runners in {time.monotonic() - started:.0f} s: "
                + ", ".join(f"{n:,} {name}" for name, n in counts.items())
            )
        )
        self.stdout.write(
            f"Logins (password {PASSWORD}): admin@{DOMAIN}, clinician1@{DOMAIN}, "
            f"frontdesk1@{DOMAIN}, runner1@{DOMAIN}"
        )

    # ---- helpers -------------------------------------------------------------------------------

    def _sql(self, sql: str, params=None):
        with connection.cursor() as cursor:
            cursor.execute(sql, params or {})  # always formatted, so %% means %

    @contextmanager
    def _bulk_load(self, table: str):
        """Drop the table's indexes and FK/unique/exclusion constraints, load, then put them back.

        Building an index once over sorted rows, and checking a foreign key with one join, is
        many times faster than doing both row by row; re-adding them still checks every row, so
        nothing the app relies on is skipped. Names are kept, so later migrations find them.
        """
        with connection.cursor() as cursor:
            cursor.execute(
                """
                SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
                WHERE conrelid = %s::regclass AND contype IN ('f', 'u', 'x')
                """,
                [table],
            )
            constraints = cursor.fetchall()
            cursor.execute(
                """
                SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x
                JOIN pg_class i ON i.oid = x.indexrelid
                WHERE x.indrelid = %s::regclass AND NOT x.indisprimary
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid)
                """,
                [table],
            )
            indexes = cursor.fetchall()
            for name, _definition in constraints:
                cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            for name, _definition in indexes:
                cursor.execute(f'DROP INDEX "{name}"')
        yield
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
            for _name, definition in indexes:
                cursor.execute(definition)
            for name, definition in constraints:
                cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')

    def _wipe(self):
        self.stdout.write("Dropping schema public and migrating afresh...")
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
        call_command("migrate", verbosity=0)

    def _counts(self) -> dict[str, int]:
        return {
            "runners": Runner.objects.count(),
            "set logs": SetLog.objects.count(),
            "feedback": SessionFeedback.objects.count(),
            "responses": QuestionnaireResponse.objects.count(),
            "appointments": Appointment.objects.count(),
        }

    # ---- steps ---------------------------------------------------------------------------------

    def _people(self, count: int):
        password = make_password(PASSWORD)  # one hash for everyone: PBKDF2 per user takes hours
        locations = []
        for name, address, tz in LOCATIONS:
            location, _ = Location.objects.get_or_create(
                name=name, defaults={"address": address, "time_zone": tz}
            )
            locations.append(location)

        def user(email, role, first, last, **extra):
            return User(
                email=email,
                role=role,
                first_name=first,
                last_name=last,
                password=password,
                **extra,
            )

        staff = [user(f"admin@{DOMAIN}", Role.PRACTICE_ADMIN, "Pat", "Admin", is_staff=True)]
        staff += [
            user(f"frontdesk{n}@{DOMAIN}", Role.FRONT_DESK, "Desk", f"{loc.name}")
            for n, loc in enumerate(locations, start=1)
        ]
        clinicians = [
            user(f"clinician{n}@{DOMAIN}", Role.CLINICIAN, FIRST_NAMES[n % 10], f"Clinician{n}")
            for n in range(1, CLINICIANS + 1)
        ]
        User.objects.bulk_create(staff + clinicians, batch_size=BATCH)
        clinicians = list(User.objects.filter(role=Role.CLINICIAN, email__endswith=DOMAIN))
        clinicians.sort(key=lambda u: int(u.email.split("@")[0].removeprefix("clinician")))
        # Each clinician works Monday to Friday, 8:00-16:00, at one location.
        home = {c.pk: locations[i % len(locations)] for i, c in enumerate(clinicians)}
        WorkingHours.objects.bulk_create(
            WorkingHours(
                clinician=c,
                location=home[c.pk],
                weekday=weekday,
                start_time="08:00",
                end_time="16:00",
            )
            for c in clinicians
            for weekday in range(5)
        )
        for start in range(0, count, BATCH):
            numbers = range(start + 1, min(start + BATCH, count) + 1)
            users = User.objects.bulk_create(
                user(
                    f"runner{n}@{DOMAIN}",
                    Role.RUNNER,
                    FIRST_NAMES[n % 10],
                    f"{LAST_NAMES[(n // 10) % 10]}{n}",
                )
                for n in numbers
            )
            runners = []
            for n, account in zip(numbers, users, strict=True):
                clinician = clinicians[n % len(clinicians)]
                location = home[clinician.pk]
                runners.append(
                    Runner(
                        user=account,
                        first_name=account.first_name,
                        last_name=account.last_name,
                        email=account.email,
                        phone=f"919555{n:04d}"[-10:],
                        time_zone=location.time_zone,
                        location=location,
                        clinician=clinician,
                    )
                )
            Runner.objects.bulk_create(runners)

    def _records(self):
        """A history, one signed screening and questionnaires every six weeks, per runner."""
        today = timezone.localdate()
        self._sql(
            """
            INSERT INTO intake_runnerhistory (
                runner_id, knee_side, pain_locations, pain_now, pain_worst,
                aggravating_activities, distance_unit, weekly_distance_km, longest_run_km,
                years_running, next_race, previous_injuries, updated_at, updated_by_id)
            SELECT r.id, (ARRAY['left', 'right', 'both'])[1 + r.id %% 3], '["around_kneecap"]',
                   2 + r.id %% 4,
                   5 + r.id %% 5, '["running", "stairs"]', 'km', 20 + r.id %% 40, 10 + r.id %% 25,
                   1 + (r.id %% 30)::int, '', '', now(), r.clinician_id
            FROM clinic_runner r
            """
        )
        self._sql(
            """
            INSERT INTO intake_screening (
                code, runner_id, clinician_id, screened_on, created_at, signed_at,
                amendment_reason, forward_lean, anterior_pelvic_tilt, lumbar_compression,
                calf_ankle_tightness, rotation_position, hip_ir_left, hip_ir_right, hip_er_left,
                hip_er_right, knee_to_wall_left_cm, knee_to_wall_right_cm, thomas_left,
                thomas_right, single_leg_squat_left, single_leg_squat_right, findings_notes)
            SELECT gen_random_uuid(), r.id, r.clinician_id,
                   %(today)s::date - 368 + (r.id %% 30)::int,
                   now(), now(), '', r.id %% 2 = 0, r.id %% 3 = 0, r.id %% 5 = 0, '', 'supine',
                   20 + r.id %% 15, 22 + r.id %% 13, 30 + r.id %% 12, 32 + r.id %% 10,
                   8 + (r.id %% 50) / 10.0, 9 + (r.id %% 40) / 10.0, '', '', 'fair', 'good',
                   'Stiff hips; forward lean in standing.'
            FROM clinic_runner r
            """,
            {"today": today},
        )
        # A handful of answer sets, scored by the real scoring, picked by runner and visit.
        templates = []
        for level in range(4):
            nprs = items(Questionnaire.NPRS)[0].code
            templates.append((Questionnaire.NPRS, {nprs: 7 - 2 * level}))
            kujala = {item.code: 0 for item in items(Questionnaire.KUJALA)}
            for item in items(Questionnaire.KUJALA):
                values = [value for value, _label in item.options]
                kujala[item.code] = values[min(level + 1, len(values) - 1)]
            templates.append((Questionnaire.KUJALA, kujala))
            koos = {item.code: max(0, 3 - level) for item in items(Questionnaire.KOOS)}
            templates.append((Questionnaire.KOOS, koos))
        rows = [
            (visit, kind, answers, score(kind, answers))
            for visit, (kind, answers) in enumerate(templates)
        ]
        self._sql(
            "CREATE TEMP TABLE seed_answers (level int, kind text, answers jsonb, scores jsonb)"
        )
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO seed_answers VALUES (%s, %s, %s, %s)",
                [(n // 3, kind, json.dumps(a), json.dumps(s)) for n, kind, a, s in rows],
            )
        # Visits at weeks 0, 6, 12, 24 and 36 of the year; NPRS and Kujala each time, KOOS at
        # intake and at 24 weeks; the answers improve a level a visit or so.
        self._sql(
            """
            INSERT INTO intake_questionnaireresponse (
                code, runner_id, questionnaire, answers, scores, source, entered_by_id,
                completed_on, created_at)
            SELECT gen_random_uuid(), r.id, a.kind, a.answers, a.scores, %(source)s, NULL,
                   %(today)s::date - 365 + (r.id %% 30)::int + v.week * 7, now()
            FROM clinic_runner r
            CROSS JOIN unnest(ARRAY[0, 6, 12, 24, 36]) WITH ORDINALITY AS v(week, n)
            JOIN seed_answers a ON a.level = LEAST(3, (v.n::int - 1 + r.id %% 2))
            WHERE a.kind <> 'koos' OR v.week IN (0, 24)
            """,
            {"today": today, "source": ResponseSource.RUNNER},
        )
        self._sql("DROP TABLE seed_answers")

    def _programs(self):
        """A 52-week program per runner from about a year ago, three exercises a day.

        One in five was tuned after four months (a second set of the first exercise); one in
        twenty is paused for the last three weeks.
        """
        today = timezone.localdate()
        protocol = Protocol.objects.order_by("pk").first()
        self._sql(
            """
            INSERT INTO programs_program (
                code, runner_id, protocol_id, name, start_date, length_weeks, status,
                prescribed_by_id, created_at)
            SELECT gen_random_uuid(), r.id, %(protocol)s, 'Hip mobility year',
                   %(today)s::date - 360 + (r.id %% 30)::int, 52,
                   CASE WHEN r.id %% 20 = 1 THEN 'paused' ELSE 'active' END, r.clinician_id, now()
            FROM clinic_runner r
            """,
            {"today": today, "protocol": protocol.pk if protocol else None},
        )
        self._sql(
            """
            INSERT INTO programs_prescription (
                program_id, effective_from, sessions_per_day, days_per_week, paused, note,
                changed_by_id, created_at)
            SELECT p.id, p.start_date, 1, 7, false, '', p.prescribed_by_id, now()
            FROM programs_program p
            UNION ALL
            SELECT p.id, p.start_date + 120, 1, 7, false, 'Second set of the first exercise',
                   p.prescribed_by_id, now()
            FROM programs_program p WHERE p.runner_id %% 5 = 0
            UNION ALL
            SELECT p.id, %(today)s::date - 20, 1, 7, true, 'Paused: calf strain',
                   p.prescribed_by_id, now()
            FROM programs_program p WHERE p.status = 'paused'
            """,
            {"today": today},
        )
        exercises = list(
            Exercise.objects.order_by("pk").values_list("pk", "default_dose", "dose_kind")
        )
        if len(exercises) < 3:
            raise CommandError("The exercise library is missing (programs migration 0002).")
        self._sql("CREATE TEMP TABLE seed_exercises (n int, exercise_id int, dose int)")
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO seed_exercises VALUES (%s, %s, %s)",
                [(n, pk, dose) for n, (pk, dose, _kind) in enumerate(exercises)],
            )
        # Three consecutive exercises of the library, starting at runner id mod its size.
        self._sql(
            """
            INSERT INTO programs_prescriptionitem (
                prescription_id, exercise_id, exercise_version_id, position, sets_per_session,
                dose, notes)
            SELECT pr.id, e.exercise_id, x.current_version_id, k.k,
                   CASE WHEN k.k = 1 AND pr.note LIKE 'Second set%%' THEN 2 ELSE 1 END,
                   e.dose, ''
            FROM programs_prescription pr
            JOIN programs_program p ON p.id = pr.program_id
            CROSS JOIN generate_series(1, 3) AS k(k)
            JOIN seed_exercises e
              ON e.n = (p.runner_id + k.k) %% (SELECT count(*) FROM seed_exercises)
            JOIN programs_exercise x ON x.id = e.exercise_id
            """
        )
        self._sql("DROP TABLE seed_exercises")

    def _set_logs(self):
        """Each runner's sets, day by day, against the version in force that day.

        A runner has their own adherence (35-95 %); a day is done or skipped as a whole most
        of the time, and one runner in seven has fallen off over the last fortnight.
        """
        today = timezone.localdate()
        with self._bulk_load(SetLog._meta.db_table):
            self._sql(
                """
            WITH versions AS (
                SELECT pr.id, pr.program_id, pr.effective_from, pr.paused,
                       COALESCE(LEAD(pr.effective_from) OVER (
                           PARTITION BY pr.program_id ORDER BY pr.effective_from, pr.id
                       ) - 1, %(today)s::date) AS until
                FROM programs_prescription pr
            )
            INSERT INTO programs_setlog (
                code, program_id, runner_id, exercise_id, day, set_number, dose_kind, per_side,
                prescribed_dose, done_dose, logged_at, undone_at)
            SELECT gen_random_uuid(), p.id, p.runner_id, i.exercise_id, d.day::date, s.n,
                   e.dose_kind, e.per_side, i.dose, i.dose,
                   d.day + make_interval(
                       hours => 11 + (p.runner_id %% 12)::int, mins => s.n * 3 + i.position),
                   NULL
            FROM versions v
            JOIN programs_program p ON p.id = v.program_id
            JOIN programs_prescriptionitem i ON i.prescription_id = v.id
            JOIN programs_exercise e ON e.id = i.exercise_id
            CROSS JOIN LATERAL generate_series(v.effective_from, v.until, interval '1 day')
                AS d(day)
            CROSS JOIN LATERAL generate_series(1, i.sets_per_session) AS s(n)
            WHERE NOT v.paused
              AND abs(hashint8(p.runner_id * 7919 + (d.day::date - date '2000-01-01'))) %% 100
                  < CASE WHEN p.runner_id %% 7 = 3 AND d.day > %(today)s::date - 14 THEN 15
                         ELSE 35 + p.runner_id %% 61 END
              AND abs(hashint8(p.runner_id + i.position * 100003 + s.n * 31
                               + (d.day::date - date '2000-01-01') * 17)) %% 100 < 92
            """,
                {"today": today},
            )

    def _feedback(self):
        """How the knee felt, on about a third of the days a runner logged anything."""
        with self._bulk_load(SessionFeedback._meta.db_table):
            self._sql(
                """
            INSERT INTO programs_sessionfeedback (
                program_id, runner_id, day, knee_pain, note, created_at, updated_at)
            SELECT program_id, runner_id, day,
                   LEAST(10, abs(hashint8(runner_id * 31 + (day - date '2000-01-01'))) %% 4
                             + CASE WHEN runner_id %% 11 = 0 THEN 4 ELSE 0 END),
                   '', max(logged_at), max(logged_at)
            FROM programs_setlog
            WHERE (day - date '2000-01-01') %% 3 = runner_id %% 3
            GROUP BY program_id, runner_id, day
            """
            )

    def _appointments(self):
        """Ten months back and two ahead, hourly 8:00-16:00 on weekdays, each with one's own.

        Each clinician sees their own runners in turn, so neither a clinician nor a runner is
        ever double-booked. Past slots are 85 % taken (a few no-shows and cancellations),
        future ones 55 %, leaving open slots to book.
        """
        today = timezone.localdate()
        start, end = today - timedelta(days=300), today + timedelta(days=60)
        with self._bulk_load(Appointment._meta.db_table):
            self._sql(
                """
            WITH mine AS (
                SELECT r.id, r.clinician_id,
                       row_number() OVER (PARTITION BY r.clinician_id ORDER BY r.id) - 1 AS k
                FROM clinic_runner r
            ),
            caseload AS (
                SELECT clinician_id, count(*) AS total FROM clinic_runner GROUP BY clinician_id
            ),
            slots AS (
                SELECT w.clinician_id, w.location_id, d.day::date AS day,
                       (d.day::date + h.h * interval '1 hour') AT TIME ZONE l.time_zone
                           AS starts_at,
                       row_number() OVER (
                           PARTITION BY w.clinician_id ORDER BY d.day, h.h) - 1 AS seq
                FROM clinic_workinghours w
                JOIN clinic_location l ON l.id = w.location_id
                CROSS JOIN generate_series(%(start)s::date, %(end)s::date, interval '1 day')
                    AS d(day)
                CROSS JOIN generate_series(8, 15) AS h(h)
                WHERE extract(isodow FROM d.day) - 1 = w.weekday
            ),
            taken AS (
                SELECT s.*, c.total, s.seq %% c.total AS k,
                       abs(hashint8(s.clinician_id * 100003 + s.seq::int)) %% 100 AS roll
                FROM slots s JOIN caseload c ON c.clinician_id = s.clinician_id
            )
            INSERT INTO clinic_appointment (
                code, runner_id, clinician_id, location_id, appointment_type_id, starts_at,
                ends_at, status, source, concern, booked_by_id, cancel_reason, cancelled_at,
                created_at, updated_at)
            SELECT gen_random_uuid(), m.id, t.clinician_id, t.location_id, ty.id, t.starts_at,
                   t.starts_at + ty.duration_minutes * interval '1 minute',
                   CASE WHEN t.day >= %(today)s THEN 'booked'
                        WHEN t.roll < 3 THEN 'no_show'
                        WHEN t.roll < 7 THEN 'cancelled'
                        ELSE 'arrived' END,
                   CASE WHEN t.roll %% 3 = 0 THEN 'online' ELSE 'front_desk' END,
                   '', NULL,
                   CASE WHEN t.day < %(today)s AND t.roll BETWEEN 3 AND 6
                        THEN 'Runner called to cancel' ELSE '' END,
                   CASE WHEN t.day < %(today)s AND t.roll BETWEEN 3 AND 6
                        THEN t.starts_at - interval '1 day' END,
                   t.starts_at - interval '14 days', t.starts_at - interval '14 days'
            FROM taken t
            JOIN mine m ON m.clinician_id = t.clinician_id AND m.k = t.k
            JOIN clinic_appointmenttype ty
              ON ty.kind = CASE WHEN t.seq < t.total THEN 'roadmap' ELSE 'follow_up' END
            WHERE t.roll < CASE WHEN t.day >= %(today)s THEN 55 ELSE 85 END
            """,
                {"start": start, "end": end, "today": today},
            )
