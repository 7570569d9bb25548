"""Time-zone names a person can pick, checked against the system's IANA database."""

import zoneinfo
from functools import cache

from django.core.exceptions import ValidationError


@cache
def time_zone_choices() -> list[tuple[str, str]]:
    names = sorted(
        name
        for name in zoneinfo.available_timezones()
        if "/" in name and not name.startswith("Etc/")
    )
    return [(name, name.replace("_", " ")) for name in names]


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError("“%(value)s” is not a time zone we know.", params={"value": value})
