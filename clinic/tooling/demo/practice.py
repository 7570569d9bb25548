"""The demo practice: what seed_demo loads for the practice itself (people, places)."""

import datetime
from dataclasses import dataclass, field

from clinic.models import Location, Role, Runner, User

DEMO_PASSWORD = "roadmap-demo"  # printed by seed_demo; demo data only

STAFF = [
    ("admin@roadmap.test", "Pat", "Admin", Role.PRACTICE_ADMIN),
    ("clinician@roadmap.test", "Dana", "Whitfield", Role.CLINICIAN),
    ("clinician2@roadmap.test", "Marcus", "Lee", Role.CLINICIAN),
    ("frontdesk@roadmap.test", "Robin", "Hale", Role.FRONT_DESK),
]

# (first, last, date of birth, phone, time zone, clinician index)
RUNNERS = [
    ("Alex", "Morgan", datetime.date(1979, 4, 12), "919-555-0101", "America/New_York", 0),
    ("Jamie", "Chen", datetime.date(1984, 9, 3), "919-555-0102", "America/New_York", 0),
    ("Sam", "Ortiz", datetime.date(1975, 1, 28), "919-555-0103", "America/New_York", 0),
    ("Taylor", "Brooks", datetime.date(1990, 6, 17), "919-555-0104", "America/Chicago", 0),
    ("Jordan", "Patel", datetime.date(1968, 11, 5), "919-555-0105", "America/New_York", 0),
    ("Casey", "Nguyen", datetime.date(1982, 2, 22), "919-555-0106", "America/Los_Angeles", 0),
    ("Riley", "Johnson", datetime.date(1977, 8, 30), "919-555-0107", "America/New_York", 1),
    ("Morgan", "Davis", datetime.date(1988, 3, 14), "919-555-0108", "America/New_York", 1),
    ("Avery", "Kim", datetime.date(1972, 12, 1), "919-555-0109", "America/Denver", 1),
    ("Quinn", "Rivera", datetime.date(1986, 5, 9), "919-555-0110", "America/New_York", 1),
    ("Drew", "Foster", datetime.date(1980, 10, 21), "919-555-0111", "America/New_York", 1),
    ("Harper", "Sullivan", datetime.date(1969, 7, 7), "919-555-0112", "Europe/London", 1),
]


@dataclass
class DemoPractice:
    """What the practice seeder made, handed to each app's seeder in turn."""

    location: Location
    admin: User
    clinicians: list[User]
    front_desk: User
    runners: list[Runner]
    logins: list[tuple[str, str]] = field(default_factory=list)  # (what it shows, email)


def runner_email(first: str, last: str) -> str:
    return f"{first}.{last}@runners.test".lower()


def _user(email, first, last, role):
    user, _ = User.objects.get_or_create(email=email)
    user.first_name, user.last_name, user.role = first, last, role
    user.is_staff = user.is_superuser = role == Role.PRACTICE_ADMIN
    user.is_active = True
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user


def seed() -> DemoPractice:
    cary, _ = Location.objects.get_or_create(
        name="Cary",
        defaults={"address": "Cary, North Carolina", "time_zone": "America/New_York"},
    )
    # The letterhead of handouts and summaries gives the street address (the phone: booking.py).
    if cary.address == "Cary, North Carolina":
        cary.address = "1 Kildaire Farm Rd, Suite 200\nCary, NC 27511"
        cary.save(update_fields=["address"])
    staff = {email: _user(email, first, last, role) for email, first, last, role in STAFF}
    clinicians = [staff["clinician@roadmap.test"], staff["clinician2@roadmap.test"]]
    runners = []
    for first, last, dob, phone, tz, clinician_index in RUNNERS:
        email = runner_email(first, last)
        runner, _ = Runner.objects.update_or_create(
            user=_user(email, first, last, Role.RUNNER),
            defaults={
                "first_name": first,
                "last_name": last,
                "email": email,
                "date_of_birth": dob,
                "phone": phone,
                "time_zone": tz,
                "location": cary,
                "clinician": clinicians[clinician_index],
            },
        )
        runners.append(runner)
    logins = [(role.label, email) for email, _first, _last, role in STAFF]
    logins.append(("Runner", f"{runners[0].email}  (and {len(runners) - 1} more)"))
    return DemoPractice(
        location=cary,
        admin=staff["admin@roadmap.test"],
        clinicians=clinicians,
        front_desk=staff["frontdesk@roadmap.test"],
        runners=runners,
        logins=logins,
    )
