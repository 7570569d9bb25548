"""The demo practice seed_demo loads: the practice's people and places, then each area on top.

The order matters: intake before programs (programs' demo leaves red-flagged runners without a
program), and the reminders demo after programs (it picks a runner whose program is there).
Every seeder is idempotent: run twice, the same data.
"""

from django.db import transaction

from clinic.tooling.demo import booking, intake, practice, programs, reminders, trust
from clinic.tooling.demo.practice import DEMO_PASSWORD, DemoPractice

SEEDERS = [booking.seed, intake.seed, programs.seed, reminders.seed, trust.seed]

__all__ = ["DEMO_PASSWORD", "DemoPractice", "seed"]


@transaction.atomic
def seed() -> DemoPractice:
    demo = practice.seed()
    for seeder in SEEDERS:
        seeder(demo)
    return demo
