"""The practice's own numbers (docs/domain.md §7.3): the Runner's Roadmap funnel, no-shows,
clinician utilisation, outcomes reaching their meaningful change, adherence; by month and location.

Site layer: the reports read every app (clinic's bookings, intake's questionnaires, programs'
logs), so they sit beside clinic.tooling at the top of the import layers. Each report is a few
aggregate queries whatever the number of runners (tests/perf), and every figure is checked
against a hand count on a fixture practice (tests/clinic/reports).
"""
