"""How a requirement and its shortfall are said in plain words."""

import datetime
import functools
from decimal import Decimal

from django.utils.formats import date_format, number_format
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from certification.rules.kinds import (
    CENT,
    HOURS_KINDS,
    ZERO,
    AttestationKind,
    RequirementKind,
    TrainingModality,
)
from certification.rules.specs import RequirementSpec


def format_hours(value: Decimal) -> str:
    """6.50 -> "6.5", 10.00 -> "10", 2000 -> "2,000", localised. The pure engine may not
    import curriculum, so it keeps this copy of curriculum.hours.format_hours;
    tests/test_hours_format.py pins the two (and the ``hours`` template filter) equal."""
    value = value.quantize(CENT)
    decimals = 0 if value == value.to_integral_value() else (1 if value * 10 % 1 == 0 else 2)
    return number_format(value, decimal_pos=decimals, force_grouping=True)


def plural_count(value: Decimal) -> int:
    return 1 if value == 1 else 2


def format_day(day: datetime.date) -> str:
    return date_format(day, "DATE_FORMAT")


def modality_phrase(modality: str) -> str:
    return {
        TrainingModality.IN_PERSON: _("in-person"),
        TrainingModality.LIVE_ONLINE: _("live online"),
        TrainingModality.SELF_PACED: _("self-paced online"),
    }.get(modality, modality)


# ------------------------------------------------------------------------------
# Describing requirements in words
# ------------------------------------------------------------------------------
def subject_phrase(spec: RequirementSpec) -> str:
    """What the hours are of: a domain, a topic, a framework, or "" for all."""
    if spec.domain:
        return _(spec.domain_name or spec.domain[1])
    if spec.topic:
        return _(spec.topic_name or spec.topic)
    if spec.framework:
        return _(spec.framework_name or spec.framework)
    return ""


def hours_phrase(kind: str, hours: Decimal, subject: str, *, more: bool) -> str:
    """ "16 hours of Ethics training", "6.5 more hours of supervised practice in Advocacy",
    remembered per language: a new trainee's progress page says what is still needed about
    twenty times, with the same few numbers and subjects for everyone."""
    return _hours_phrase(kind, hours, str(subject), more, get_language())


@functools.lru_cache(maxsize=4096)
def _hours_phrase(kind: str, hours: Decimal, subject: str, more: bool, language) -> str:
    # Equal numbers (6.5, 6.50) have one phrase, so one entry serves both.
    values = {"hours": format_hours(hours), "subject": subject}
    n = plural_count(hours)
    if kind == RequirementKind.EDUCATION_HOURS:
        if subject and more:
            return (
                ngettext(
                    "%(hours)s more hour of %(subject)s training",
                    "%(hours)s more hours of %(subject)s training",
                    n,
                )
                % values
            )
        if subject:
            return (
                ngettext(
                    "%(hours)s hour of %(subject)s training",
                    "%(hours)s hours of %(subject)s training",
                    n,
                )
                % values
            )
        if more:
            return (
                ngettext("%(hours)s more hour of training", "%(hours)s more hours of training", n)
                % values
            )
        return ngettext("%(hours)s hour of training", "%(hours)s hours of training", n) % values
    if kind == RequirementKind.PRACTICE_HOURS:
        if subject and more:
            return (
                ngettext(
                    "%(hours)s more hour of supervised practice in %(subject)s",
                    "%(hours)s more hours of supervised practice in %(subject)s",
                    n,
                )
                % values
            )
        if subject:
            return (
                ngettext(
                    "%(hours)s hour of supervised practice in %(subject)s",
                    "%(hours)s hours of supervised practice in %(subject)s",
                    n,
                )
                % values
            )
        if more:
            return (
                ngettext(
                    "%(hours)s more hour of supervised practice",
                    "%(hours)s more hours of supervised practice",
                    n,
                )
                % values
            )
        return (
            ngettext(
                "%(hours)s hour of supervised practice", "%(hours)s hours of supervised practice", n
            )
            % values
        )
    if subject and more:
        return (
            ngettext(
                "%(hours)s more hour of supervision in %(subject)s",
                "%(hours)s more hours of supervision in %(subject)s",
                n,
            )
            % values
        )
    if subject:
        return (
            ngettext(
                "%(hours)s hour of supervision in %(subject)s",
                "%(hours)s hours of supervision in %(subject)s",
                n,
            )
            % values
        )
    if more:
        return (
            ngettext("%(hours)s more hour of supervision", "%(hours)s more hours of supervision", n)
            % values
        )
    return ngettext("%(hours)s hour of supervision", "%(hours)s hours of supervision", n) % values


def window_suffix(spec: RequirementSpec, start: datetime.date | None) -> str:
    if start is None:
        return ""
    return " " + _("(only hours since %(date)s count)") % {"date": format_day(start)}


ATTESTATION_TITLES = {
    AttestationKind.CODE_OF_ETHICS: gettext_lazy("Signed code of ethics"),
    AttestationKind.DIPLOMA: gettext_lazy("High school diploma or equivalent"),
    AttestationKind.RECOVERY_SUPPORT_ROLE: gettext_lazy(
        # xgettext:no-python-format (a percentage, not a placeholder)
        "A job description that is at least 51% recovery support"
    ),
    AttestationKind.LIVED_EXPERIENCE: gettext_lazy("Lived experience of recovery"),
}


ATTESTATION_MISSING = {
    AttestationKind.CODE_OF_ETHICS: gettext_lazy("Sign the code of ethics"),
    AttestationKind.DIPLOMA: gettext_lazy(
        "Confirm your high school diploma or equivalent (such as a GED)"
    ),
    AttestationKind.RECOVERY_SUPPORT_ROLE: gettext_lazy(
        # xgettext:no-python-format (a percentage, not a placeholder)
        "Confirm a job description that is at least 51% recovery support"
    ),
    AttestationKind.LIVED_EXPERIENCE: gettext_lazy("Confirm your lived experience of recovery"),
}


def title_of(spec: RequirementSpec) -> str:
    """``describe(spec)``, remembered per language: every evaluation of every person titles
    the same few requirements (a progress page thirty-odd times, bulk evaluation thousands)."""
    try:
        return _title(spec, get_language())
    except TypeError:  # a spec holding something unhashable: described afresh
        return describe(spec)


@functools.lru_cache(maxsize=2048)
def _title(spec: RequirementSpec, language: str | None) -> str:
    return describe(spec)


def describe(spec: RequirementSpec) -> str:
    """What a requirement asks for, in one plain sentence (the editor's title wins)."""
    if spec.title:
        return spec.title
    kind = spec.kind
    if kind in HOURS_KINDS:
        text = hours_phrase(kind, spec.hours or ZERO, subject_phrase(spec), more=False)
        if kind == RequirementKind.SUPERVISION_HOURS and spec.sustained_months:
            text += " " + ngettext(
                "over at least %(months)s month",
                "over at least %(months)s months",
                spec.sustained_months,
            ) % {"months": spec.sustained_months}
        return text
    if kind == RequirementKind.MODULE_COMPLETED:
        return _("The module “%(title)s”") % {"title": spec.module_title or spec.module_key}
    if kind == RequirementKind.ASSESSMENT_PASSED:
        return _("The assessment of the module “%(title)s”") % {
            "title": spec.module_title or spec.module_key
        }
    if kind == RequirementKind.EXAM_RESULT:
        return _("The %(exam)s exam, with a score of %(score)s or more") % {
            "exam": spec.exam_name or spec.exam_code,
            "score": format_hours(spec.pass_score or ZERO),
        }
    if kind == RequirementKind.ATTESTATION:
        return str(ATTESTATION_TITLES.get(spec.attestation_kind, spec.attestation_kind))
    if kind == RequirementKind.PREREQUISITE:
        return _("The %(credential)s credential") % {
            "credential": spec.prerequisite_name or spec.prerequisite_code
        }
    return kind
