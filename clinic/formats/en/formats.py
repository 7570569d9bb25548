"""The site's one way of writing dates and times (Django's format names; templates say
`|date`, `|date:"DATETIME_FORMAT"` and so on, never a pattern of their own).

A day: "30 Nov 2026". A day in a list or heading: "Mon 30 Nov 2026" (SHORT_DATE_FORMAT), or
"Mon 30 Nov" within a week (MONTH_DAY_FORMAT). A moment: "30 Nov 2026, 2:42 PM EST": always
shown in the reader's zone (the runner's own, or the practice's) and naming it.
"""

DATE_FORMAT = "j M Y"
SHORT_DATE_FORMAT = "D j M Y"
MONTH_DAY_FORMAT = "D j M"
YEAR_MONTH_FORMAT = "M Y"
TIME_FORMAT = "g:i A"
DATETIME_FORMAT = "j M Y, g:i A T"
SHORT_DATETIME_FORMAT = "D j M Y, g:i A T"
# What forms accept is left to Django's English formats (ISO first, as date inputs send it).
