"""Clinician alerts from the run log and the knee's pain (docs/domain.md §6)."""


def after_run(run) -> None:
    """A new run was logged (inside its transaction)."""


def after_morning_pain(*, runner, day, mornings, recoloured) -> None:
    """A morning's pain was recorded (inside its transaction)."""
