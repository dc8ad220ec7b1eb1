"""Limits on what people send: ids that fit the database and dates in a plausible range.

Hostile or mistyped input gets a clear 4xx answer, never a 500. The database is the last place
to find out that a value is out of range (SQLite cannot even bind an integer beyond 64 bits,
and Python's dates end in the year 9999), so values are bounded where they come in: in URL
paths, in form fields and in API serializers. Every app uses these pieces, so this module
imports nothing but Django and the libraries the apps build their forms and API with.
"""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import register_converter
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

import django_filters
from django_filters import fields as filter_fields
from rest_framework import serializers

# The largest id a row can have: PostgreSQL's bigint and SQLite's INTEGER are signed 64-bit.
MAX_ID = 2**63 - 1

# A date a person enters is at most this many years before or after today.
PLAUSIBLE_YEARS_BACK = 50
PLAUSIBLE_YEARS_AHEAD = 10


# ------------------------------------------------------------------------------
# Ids in URL paths
# ------------------------------------------------------------------------------
class IdConverter:
    """``<id:pk>``: a record id in a path, digits only and no larger than any id can be.

    A larger number does not match the pattern, so the address answers 404 like any other
    id that names nothing (Django's ``<int:...>`` would hand it on to the database).
    """

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValueError("beyond the largest id")  # no match: the URL resolver says 404
        return number

    def to_url(self, value) -> str:
        return str(int(value))


register_converter(IdConverter, "id")


_ID_TEXT = re.compile(r"[0-9]{1,19}")


def ids_from(values) -> list[int]:
    """The values that are ids a row can have (ASCII digits, at most MAX_ID), as integers;
    anything else ("abc", "²", a number beyond 64 bits) is left out."""
    return [int(v) for v in values if _ID_TEXT.fullmatch(v) and int(v) <= MAX_ID]


def id_fits(value) -> bool:
    """False for an integer no row can have (beyond 64 bits); True for anything else, which
    the field's own validation then judges."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return True
    return -MAX_ID - 1 <= number <= MAX_ID


# ------------------------------------------------------------------------------
# Choosing records by id in forms and filters
# ------------------------------------------------------------------------------
def _key_is_integer(field: forms.ModelChoiceField) -> bool:
    """Whether the choice is looked up by an integer column (an id, or a page's id)."""
    queryset = field.queryset
    if queryset is None:
        return False
    options = queryset.model._meta
    key = options.get_field(field.to_field_name) if field.to_field_name else options.pk
    while key.remote_field is not None and hasattr(key, "target_field"):
        key = key.target_field
    return isinstance(key, models.IntegerField)


class BoundedChoiceMixin:
    """An id beyond 64 bits is "not one of the choices", before it reaches the database."""

    def to_python(self, value):
        if value not in self.empty_values and _key_is_integer(self) and not id_fits(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class ModelChoiceField(BoundedChoiceMixin, forms.ModelChoiceField):
    """Django's ModelChoiceField, safe with any number a person sends."""


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's ModelMultipleChoiceField, safe with any number a person sends."""

    def _check_values(self, value):
        if _key_is_integer(self):
            for item in value if isinstance(value, list | tuple) else [value]:
                if not id_fits(item):
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": item},
                    )
        return super()._check_values(value)


class _FilterModelChoiceField(BoundedChoiceMixin, filter_fields.ModelChoiceField):
    pass


class ModelChoiceFilter(django_filters.ModelChoiceFilter):
    """django-filter's ModelChoiceFilter, safe with any number a person sends."""

    field_class = _FilterModelChoiceField


# ------------------------------------------------------------------------------
# Dates a person enters
# ------------------------------------------------------------------------------
def plausible_date_range(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """From 1 January, PLAUSIBLE_YEARS_BACK years ago, to 31 December, PLAUSIBLE_YEARS_AHEAD
    years ahead: wide enough for any real record, narrow enough to catch a slip of the keyboard
    (0001-01-01, 9999-12-31) before dates are computed with."""
    today = today or timezone.localdate()
    return (
        datetime.date(today.year - PLAUSIBLE_YEARS_BACK, 1, 1),
        datetime.date(today.year + PLAUSIBLE_YEARS_AHEAD, 12, 31),
    )


def validate_plausible_date(value: datetime.date | None) -> None:
    if value is None:
        return
    earliest, latest = plausible_date_range()
    if not earliest <= value <= latest:
        raise ValidationError(
            _("Enter a date between %(earliest)s and %(latest)s."),
            code="implausible_date",
            params={"earliest": date_format(earliest), "latest": date_format(latest)},
        )


class PlausibleDateField(forms.DateField):
    """A date a person types on a web form, within the plausible range."""

    default_validators = [validate_plausible_date]
    default_error_messages = {"invalid": _("Enter a date, for example 2026-03-14.")}


class PlausibleDateSerializerField(serializers.DateField):
    """A date sent to the API, within the plausible range (the same rule as the web forms)."""

    def __init__(self, **kwargs):
        kwargs["validators"] = [validate_plausible_date, *kwargs.get("validators", [])]
        super().__init__(**kwargs)
