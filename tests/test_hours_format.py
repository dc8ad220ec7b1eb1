"""Hours read the same everywhere: messages, pages and documents."""

from decimal import Decimal

from django.utils import translation

import pytest

from certification.rules.wording import format_hours as engine_format_hours
from certification.templatetags.hours import hours as hours_filter
from curriculum.hours import format_hours

VALUES = ["0.25", "0.5", "1.5", "2.75", "3", "10", "20.00", "24", "6.50", "100", "33.33"]


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_place_formats_hours_alike(language):
    with translation.override(language):
        for value in VALUES:
            number = Decimal(value)
            assert format_hours(number) == engine_format_hours(number) == hours_filter(number)


def test_hours_read_as_people_write_them():
    with translation.override("en"):
        assert [format_hours(Decimal(v)) for v in ("2.50", "3.00", "20.00", "0.25")] == [
            "2.5",
            "3",
            "20",
            "0.25",
        ]
    with translation.override("es"):
        assert format_hours(Decimal("1.5")) == "1,5"


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_remembered_figure_is_floatformats_in_each_language(language):
    """Progress pages write "2.50 of 12 hours" through ``figure``, which remembers each
    number's text per language: the same text as ``floatformat:"-2g"`` in both languages, for
    numbers equal in value but not in scale, and for what is not a number."""
    from django.template.defaultfilters import floatformat

    from certification.templatetags.hours import figure

    with translation.override(language):
        for value in [*VALUES, "2.5", "1234.5", "12000", 7, 2.5, "n/a"]:
            number = Decimal(value) if isinstance(value, str) and value != "n/a" else value
            assert figure(number) == floatformat(number, "-2g"), value
    with translation.override("es"):
        spanish = figure(Decimal("1234.5"))
    with translation.override("en"):
        assert figure(Decimal("1234.5")) == "1,234.50" != spanish


def test_the_remembered_hours_follow_the_language_and_keep_what_is_not_a_number():
    """The ``hours`` filter remembers each number's text per language: asked in English then
    Spanish (and back) it answers in each, equal numbers of another scale read alike, and what
    is not a number is shown as it is."""
    with translation.override("en"):
        assert hours_filter(Decimal("1234.5")) == "1,234.5"
        assert hours_filter(Decimal("2.50")) == hours_filter(Decimal("2.5")) == "2.5"
    with translation.override("es"):
        assert hours_filter(Decimal("1234.5")) == format_hours(Decimal("1234.5")) != "1,234.5"
        assert hours_filter("n/a") == "n/a"
    with translation.override("en"):
        assert hours_filter(Decimal("1234.5")) == "1,234.5"
