"""Template filters for hours and days."""

import datetime

from django.template.defaultfilters import date as date_filter
from django.utils import timezone, translation

import pytest

from certification.templatetags.hours import day

DAY = datetime.date(2026, 3, 14)


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("format_name", ["DATE_FORMAT", "SHORT_DATE_FORMAT"])
def test_day_reads_exactly_like_the_date_filter_in_each_language(language, format_name):
    with translation.override(language):
        assert day(DAY, format_name) == date_filter(DAY, format_name)


def test_day_follows_the_active_language_after_it_changed():
    with translation.override("en"):
        english = day(DAY)
    with translation.override("es"):
        spanish = day(DAY)
    assert "March" in english
    assert "marzo" in spanish


@pytest.mark.parametrize("value", [None, "", timezone.now(), "not a date"])
def test_day_leaves_anything_but_a_plain_date_to_the_date_filter(value):
    assert day(value) == date_filter(value, "DATE_FORMAT")
