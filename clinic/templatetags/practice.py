"""The practice's phone number, for every page that tells someone to call."""

from django import template
from django.utils.html import format_html

from clinic.models import Location

register = template.Library()


@register.simple_tag
def practice_phone(location=None) -> str:
    """' on <number>' as a tap-to-call link: the location's number, else the practice's first
    listed one; nothing when no number is on file (the sentence still reads)."""
    phone = getattr(location, "phone", None)
    if not phone:
        listed = Location.objects.exclude(phone="").exclude(phone=None).order_by("pk").first()
        phone = listed.phone if listed else None
    if not phone:
        return ""
    return format_html(' on <a href="tel:{}">{}</a>', phone.as_e164, phone.as_national)
