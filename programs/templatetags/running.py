"""Distances in the runner's unit: `{{ run.distance_km|distance:unit }}` → "5.0 km" or "3.1 mi"."""

from django import template

from programs.holds import hold_phases as phases_of
from programs.return_to_run import km_to_miles

register = template.Library()


@register.filter
def distance(km, unit="km"):
    if km is None or km == "":
        return "—"
    if unit == "mi":
        return f"{km_to_miles(km):.1f} mi"
    return f"{float(km):.1f} km"


@register.filter
def hold_phases(slug):
    """The phases of one hold of this exercise, in order (PAILs then RAILs for the 90/90)."""
    return phases_of(slug)
