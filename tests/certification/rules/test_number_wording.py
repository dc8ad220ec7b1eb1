"""Progress sentences group thousands the way the reader's language does (issue 24)."""

from decimal import Decimal
from types import SimpleNamespace

from django.utils import translation

import pytest

from certification.rules.kinds import RequirementKind
from certification.rules.wording import format_hours, hours_phrase
from lms import fragments


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_hours_in_the_thousands_are_grouped():
    assert format_hours(Decimal("2000")) == "2,000"
    assert format_hours(Decimal("1989.50")) == "1,989.5"
    assert format_hours(Decimal("6.50")) == "6.5"


def test_a_shortfall_sentence_groups_thousands():
    sentence = hours_phrase(RequirementKind.PRACTICE_HOURS, Decimal("1989"), "", more=True)
    assert sentence == "1,989 more hours of supervised practice"


def test_a_shortfall_sentence_is_remembered_per_language_and_per_number():
    """``hours_phrase`` remembers its sentences: each language keeps its own, one hour is
    singular and equal numbers of another scale read alike."""
    kind = RequirementKind.EDUCATION_HOURS
    english = hours_phrase(kind, Decimal("1234.5"), "Ethics", more=True)
    assert english == "1,234.5 more hours of Ethics training"
    with translation.override("es"):
        spanish = hours_phrase(kind, Decimal("1234.5"), "Ethics", more=True)
    assert spanish == "1\u00a0234,5 horas más de formación sobre Ethics"
    assert hours_phrase(kind, Decimal("1234.50"), "Ethics", more=True) == english
    assert hours_phrase(kind, Decimal("1"), "Ethics", more=False) == "1 hour of Ethics training"
    assert hours_phrase(kind, Decimal("2"), "", more=False) == "2 hours of training"


def test_progress_label_groups_thousands_and_keeps_the_private_note_out_of_the_title():
    result = SimpleNamespace(
        key="practice",
        title="One year of full-time direct practice (2,000 hours), paid or volunteer",
        private=True,
        met=False,
        unit="hours",
        have=Decimal("11"),
        need=Decimal("2000"),
        progress_percent=1,
        missing_items=[],
        notes=[],
    )
    html = fragments.render(
        "certification/requirement_results.html", results=[result], prefix="x", waiting=None
    )
    assert "11 of 2,000 hours" in html
    assert ") (" not in html
    assert "Private: only you and the staff reviewing your application see this." in html


def test_a_requirements_title_is_remembered_per_language():
    """Evaluations title each requirement through ``title_of`` (remembered): the same sentence
    as ``describe`` in each language, never one language's sentence in another."""
    from certification.rules.specs import RequirementSpec
    from certification.rules.wording import describe, title_of

    spec = RequirementSpec(key="hours", kind=RequirementKind.PRACTICE_HOURS, hours=Decimal("2000"))
    english = title_of(spec)
    with translation.override("es"):
        spanish = title_of(spec)
        assert spanish == describe(spec)
    assert english == describe(spec) == title_of(spec)
    assert "2,000" in english and english != spanish
