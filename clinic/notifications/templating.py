"""The template engine messages are written in: Jinja2 (settings.TEMPLATES, engine "mail").

Jinja2 compiles each template to Python; a daily reminder's three templates render in under a
third of the time Django's engine took, and reminders go by the hundred thousand. Templates
live in `templates/emails/`; HTML files are autoescaped, text files (subjects, text bodies,
text messages) never are, so "Runner's" stays "Runner's". Django's own `date` and `time`
filters are here, reading times in the zone `content.render` activates, as Django's engine does.
"""

import jinja2
from django.template import defaultfilters
from django.utils.timezone import template_localtime


def date(value, arg=None):
    return defaultfilters.date(template_localtime(value), arg)


def time(value, arg=None):
    return defaultfilters.time(template_localtime(value), arg)


def environment(**options) -> jinja2.Environment:
    options.update(
        autoescape=jinja2.select_autoescape(["html"], default_for_string=False),
        # A missing value reads as nothing, as in Django's templates, however deep the lookup.
        undefined=jinja2.ChainableUndefined,
        keep_trailing_newline=True,
    )
    env = jinja2.Environment(**options)  # noqa: S701 - autoescape is on for HTML above
    env.filters.update(date=date, time=time, pluralize=defaultfilters.pluralize)
    return env
