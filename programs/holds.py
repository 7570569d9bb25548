"""Exercises whose hold is done in phases, each phase held for the prescribed dose.

The 90/90 hip stretch is held as PAILs then RAILs (docs/domain.md §2.1): first press the front
knee and the back ankle into the floor, then lift them away from it. Today lists the phases on
the exercise's card and the guided timer runs them in this order, on each side. Pure: no Django.
"""

HOLD_PHASES: dict[str, tuple[tuple[str, str], ...]] = {
    "ninety-ninety-pails-rails": (
        ("PAILs", "Press the front knee and the back ankle down into the floor"),
        ("RAILs", "Lift the front knee and the back ankle away from the floor"),
    ),
}


def hold_phases(slug: str) -> tuple[tuple[str, str], ...]:
    """(label, cue) for each phase of one hold, in order; empty for a plain hold."""
    return HOLD_PHASES.get(slug, ())
