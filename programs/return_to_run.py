"""Return to run: a run's colour, today's advice, the load figures and a stage advance.

Pure rules on plain numbers (docs/domain.md §6), no database: the practice's own checks call
them, and so do the run log, Today, the progress page and the clinician's record. Pains are
whole numbers 0-10; distances are kilometres. Bad input raises `ValueError`.
"""

from dataclasses import dataclass

GREEN, AMBER, RED = "green", "amber", "red"
COLOURS = (GREEN, AMBER, RED)

# §6.1: pain during a run, 0-10.
SAFE_PAIN = 2  # 0-2 safe
ACCEPTABLE_PAIN = 5  # 3-5 acceptable, above it too much

# §6.2: a week more than this many percent above the one before is flagged.
WEEKLY_CHANGE_THRESHOLD = 30
# §6.3: the usual range of acute:chronic, and where more injuries are reported.
USUAL_RATIO = (0.8, 1.3)
HIGH_RATIO = 1.5
CHRONIC_WEEKS = 4

# §6.4: stages 1-6 of the plan; 7 is back to the training plan.
FIRST_STAGE = 1
LAST_STAGE = 7

KM_PER_MILE = 1.609344


def _pain(value, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} must be a whole number from 0 to 10, not {value!r}.")
    if not 0 <= value <= 10:
        raise ValueError(f"{name} must be from 0 to 10, not {value}.")
    return value


def _distance(value, name: str = "distance") -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        # Decimal from the database is welcome too.
        try:
            value = float(value)
        except (TypeError, ValueError):
            raise ValueError(f"{name} must be a number of kilometres, not {value!r}.") from None
    if value < 0:
        raise ValueError(f"{name} can't be negative ({value}).")
    return float(value)


def morning_rise(next_morning: int | None, previous_morning: int | None) -> int | None:
    """How much the morning after the run is above the morning before; None while unknown."""
    if next_morning is None or previous_morning is None:
        return None
    return _pain(next_morning, "next-morning pain") - _pain(previous_morning, "morning pain")


def run_colour(
    during: int,
    next_morning: int | None = None,
    previous_morning: int | None = None,
    stopped_by_pain: bool = False,
) -> str:
    """Green, amber or red by the practice's rule (§6.1).

    red: pain during above 5, the next morning up by 2 or more, or the run stopped by pain;
    amber: pain during 3-5, or the next morning up by 1;
    green: otherwise (pain during 0-2 and the next morning not above the morning before).
    A morning not yet known (None) is left out: the run is judged on what is known.
    """
    during = _pain(during, "pain during")
    if next_morning is not None:
        _pain(next_morning, "next-morning pain")
    if previous_morning is not None:
        _pain(previous_morning, "morning pain")
    rise = morning_rise(next_morning, previous_morning)
    if stopped_by_pain or during > ACCEPTABLE_PAIN or (rise is not None and rise >= 2):
        return RED
    if during > SAFE_PAIN or rise == 1:
        return AMBER
    return GREEN


@dataclass(frozen=True)
class Advice:
    """What Today tells the runner about today's run, in plain words."""

    kind: str  # "run", "repeat", "no_run", "step_back", "start"
    headline: str
    why: str


def todays_advice(last_colour: str | None, days_since: int | None = None) -> Advice:
    """Today's advice after the last run (§6.1): its colour, and how many days ago it was.

    After green, run as planned; after amber, repeat the same distance; after red, no run today
    (cross-train), and once a day has passed, the next run goes back one stage.
    """
    if last_colour is None:
        return Advice(
            "start",
            "Run as planned",
            "No run logged yet. Keep pain during the run at 2 out of 10 or less, and log it after.",
        )
    if last_colour not in COLOURS:
        raise ValueError(f"A run's colour is green, amber or red, not {last_colour!r}.")
    if days_since is not None and days_since < 0:
        raise ValueError("The last run can't be in the future.")
    if last_colour == GREEN:
        return Advice(
            "run",
            "Run as planned",
            "Your last run was green: little pain during it, and no more pain the next morning.",
        )
    if last_colour == AMBER:
        return Advice(
            "repeat",
            "Repeat the same distance",
            "Your last run was amber: some pain during it, or a bit more the next morning. "
            "Stay at this distance until a run is green.",
        )
    if days_since is not None and days_since >= 2:
        return Advice(
            "step_back",
            "Run one stage back",
            "Your last run was red, and you've had a day off. Go back one stage until two runs "
            "are green.",
        )
    return Advice(
        "no_run",
        "No run today",
        "Your last run was red: too much pain during it, or more pain the next morning. "
        "Cross-train today (cycling, swimming) and let the knee settle; your next run goes back "
        "one stage.",
    )


def weekly_change(this_week_km, last_week_km) -> float | None:
    """This week against last, in percent to one decimal; None when last week was 0 (§6.2)."""
    this_week = _distance(this_week_km, "this week's distance")
    last_week = _distance(last_week_km, "last week's distance")
    if last_week == 0:
        return None
    return round((this_week - last_week) / last_week * 100, 1)


def week_too_steep(change: float | None, threshold: float = WEEKLY_CHANGE_THRESHOLD) -> bool:
    """A week more than `threshold` percent above the one before is flagged (§6.2)."""
    return change is not None and change > threshold


def acute_chronic(weekly_km) -> float | None:
    """This week ÷ the mean of the 4 weeks before it, two decimals (§6.3).

    `weekly_km` runs oldest first and ends with this week. None with fewer than 4 earlier weeks,
    or when those 4 weeks average 0.
    """
    weeks = [_distance(km, "a week's distance") for km in weekly_km]
    if len(weeks) < CHRONIC_WEEKS + 1:
        return None
    chronic = sum(weeks[-CHRONIC_WEEKS - 1 : -1]) / CHRONIC_WEEKS
    if chronic == 0:
        return None
    return round(weeks[-1] / chronic, 2)


def ratio_guidance(ratio: float | None) -> str:
    """Plain words beside acute:chronic: guidance, never a verdict (§6.3)."""
    if ratio is None:
        return "Not enough weeks yet"
    if ratio >= HIGH_RATIO:
        return "High: well above your usual weeks"
    if ratio > USUAL_RATIO[1]:
        return "Above your usual range"
    if ratio < USUAL_RATIO[0]:
        return "Below your usual weeks"
    return "In your usual range"


def next_stage(stage: int, colours) -> int:
    """The stage after this stage's sessions so far, oldest first (§6.4).

    The last one red: one stage back, never below 1. The last two green: the next stage; 7 is
    back to the training plan and stays 7. Otherwise the same stage.
    """
    if isinstance(stage, bool) or not isinstance(stage, int):
        raise ValueError(f"A stage is a whole number from 1 to 7, not {stage!r}.")
    if not FIRST_STAGE <= stage <= LAST_STAGE:
        raise ValueError(f"A stage is from 1 to 7, not {stage}.")
    colours = list(colours)
    for colour in colours:
        if colour not in COLOURS:
            raise ValueError(f"A run's colour is green, amber or red, not {colour!r}.")
    if colours and colours[-1] == RED:
        return max(FIRST_STAGE, stage - 1)
    if colours[-2:] == [GREEN, GREEN]:
        return min(LAST_STAGE, stage + 1)
    return stage


def km_to_miles(km) -> float:
    return _distance(km) / KM_PER_MILE


def miles_to_km(miles) -> float:
    return _distance(miles) * KM_PER_MILE


# §6.4 the practice's default plan: (walk minutes, run minutes, repeats) per stage, 1-6.
DEFAULT_STAGES = (
    (4, 1, 6),
    (3, 2, 6),
    (2, 3, 6),
    (1, 4, 6),
    (0, 20, 1),
    (0, 30, 1),
)
DEFAULT_SESSIONS_PER_WEEK = 3
DEFAULT_ENTRY_CRITERIA = (
    "30 minutes of brisk walking with pain ≤ 2\n"
    "10 controlled single-leg squats a side with pain ≤ 2\n"
    "10 single-leg hops a side with pain ≤ 2"
)


def describe_session(walk_minutes: int, run_minutes: int, repeats: int) -> str:
    """'walk 3 min / run 2 min × 6', or 'run 20 min continuously'."""
    _session(walk_minutes, run_minutes, repeats)
    if walk_minutes == 0:
        total = run_minutes * repeats
        return f"run {total} min continuously"
    return f"walk {walk_minutes} min / run {run_minutes} min × {repeats}"


def session_phases(walk_minutes: int, run_minutes: int, repeats: int) -> list[tuple[str, int]]:
    """The guided timer's phases, in order: ("walk" | "run", seconds)."""
    _session(walk_minutes, run_minutes, repeats)
    phases = []
    for _ in range(repeats):
        if walk_minutes:
            phases.append(("walk", walk_minutes * 60))
        phases.append(("run", run_minutes * 60))
    if walk_minutes == 0:  # one continuous run, not repeats glued together
        return [("run", run_minutes * repeats * 60)]
    return phases


def _session(walk_minutes, run_minutes, repeats) -> None:
    for value, name in ((walk_minutes, "walk"), (run_minutes, "run"), (repeats, "repeats")):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"{name} must be a whole number, 0 or more, not {value!r}.")
    if run_minutes < 1 or repeats < 1:
        raise ValueError("A session runs at least one minute, at least once.")
