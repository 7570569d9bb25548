"""Scores as a runner or clinician reads them: in the instrument's order, with their names."""

from django import template

from intake.trends import LOWER_IS_BETTER
from intake.trends import named_scores as _named_scores

register = template.Library()


@register.filter
def named_scores(response) -> list:
    """`{% for name, value in response|named_scores %}`."""
    return _named_scores(response.questionnaire, response.scores or {})


@register.filter
def lower_is_better(questionnaire) -> bool:
    return str(questionnaire) in {str(q) for q in LOWER_IS_BETTER}
