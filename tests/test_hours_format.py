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
