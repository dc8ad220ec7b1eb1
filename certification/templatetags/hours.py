import datetime
import functools
from decimal import InvalidOperation

from django import template
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import floatformat
from django.utils.formats import date_format
from django.utils.translation import get_language

from curriculum.hours import format_hours

register = template.Library()


@register.filter
def hours(value) -> str:
    """Hours as people say them: 1.5, 2, 0.75 (never 1.50 or 2.00), in the active locale
    (curriculum.hours.format_hours), remembered per language (a practice page writes forty-odd);
    anything that is not a number is shown as it is."""
    try:
        return _hours_text(value, get_language())
    except (InvalidOperation, TypeError, ValueError):
        return str(value)


@functools.lru_cache(maxsize=4096)
def _hours_text(value, language: str | None) -> str:
    # Equal numbers (2.5, 2.50) have one text, so one entry serves both.
    return format_hours(value)


@register.filter
def figure(value) -> str:
    """``{{ value|floatformat:"-2g" }}`` (two decimal places unless a whole number, grouped
    thousands), remembered per language: a progress page writes thirty-odd of them."""
    try:
        return _figure_text(value, get_language())
    except TypeError:  # not hashable: as floatformat would
        return floatformat(value, "-2g")


@functools.lru_cache(maxsize=4096)
def _figure_text(value, language: str | None) -> str:
    return floatformat(value, "-2g")


@register.filter
def day(value, format_name: str = "DATE_FORMAT") -> str:
    """``{{ value|date:format_name }}`` for a calendar day, remembered per language.

    Long lists (a supervisor's few hundred agreements, two days each) otherwise look up the
    locale's format and parse it again for every date. A day's text depends only on the day, the
    format and the language, so it is safe to keep; anything but a plain date goes to ``date``.
    """
    if type(value) is not datetime.date:
        return date_filter(value, format_name)
    return _day_text(value, format_name, get_language())


@functools.lru_cache(maxsize=8192)
def _day_text(value: datetime.date, format_name: str, language: str | None) -> str:
    return date_format(value, format_name)


@register.filter
def identifier_labels(kinds) -> str:
    """ "a phone number, what looks like a person's name": the kinds of likely identifier a
    writer confirmed were not about a person served (supervision/identifiers.py)."""
    from certification.supervision.identifiers import KIND_LABELS

    return ", ".join(str(KIND_LABELS[kind]) for kind in kinds or () if kind in KIND_LABELS)
