"""The demo practice seed_demo loads: the practice's people and places, then each area on top.

The order matters: intake before programs (programs' demo leaves red-flagged runners without a
program), the reminders demo after programs (it picks a runner whose program is there), and the
clinical record's notes cleared before the bookings they hang on are replaced.
Every seeder is idempotent: run twice, the same data.
"""

from django.db import transaction

from clinic.tooling.demo import (
    accounts,
    booking,
    intake,
    practice,
    programs,
    record,
    reminders,
    running,
    trust,
)
from clinic.tooling.demo.practice import DEMO_PASSWORD, DemoPractice
from programs import summaries

# running after programs: runners on a plan keep their exercise programs.
# record.clear first: visit notes hang on the visits the booking seeder replaces. record.seed
# after programs: it discharges a runner on a program and builds the reports' history.
SEEDERS = [
    record.clear,
    booking.seed,
    intake.seed,
    programs.seed,
    running.seed,
    reminders.seed,
    trust.seed,
    record.seed,
    accounts.seed,  # after record: its returning patient is one of the record's history
]

__all__ = ["DEMO_PASSWORD", "DemoPractice", "seed"]


@transaction.atomic
def seed() -> DemoPractice:
    demo = practice.seed()
    for seeder in SEEDERS:
        seeder(demo)
    # Seeders write months of set logs in bulk, past the services that keep these current.
    summaries.rebuild(stale_only=False)
    return demo
