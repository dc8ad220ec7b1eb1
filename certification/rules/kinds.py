"""The engine's vocabulary: requirement kinds, training modalities, attestation kinds, units."""

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy

ZERO = Decimal("0")


HUNDRED = Decimal("100")


CENT = Decimal("0.01")


DomainKey = tuple[str, str]  # (framework, slug) of a curriculum.CompetencyDomain


# ------------------------------------------------------------------------------
# Vocabularies shared with the models
# ------------------------------------------------------------------------------
class RequirementKind(models.TextChoices):
    EDUCATION_HOURS = "education_hours", gettext_lazy("Education hours")
    PRACTICE_HOURS = "practice_hours", gettext_lazy("Practice hours")
    SUPERVISION_HOURS = "supervision_hours", gettext_lazy("Supervision hours")
    MODULE_COMPLETED = "module_completed", gettext_lazy("Module completed")
    ASSESSMENT_PASSED = "assessment_passed", gettext_lazy("Assessment passed")
    EXAM_RESULT = "exam_result", gettext_lazy("Exam result")
    ATTESTATION = "attestation", gettext_lazy("Attestation")
    PREREQUISITE = "prerequisite", gettext_lazy("Credential held first")


HOURS_KINDS = frozenset(
    {
        RequirementKind.EDUCATION_HOURS,
        RequirementKind.PRACTICE_HOURS,
        RequirementKind.SUPERVISION_HOURS,
    }
)


class TrainingModality(models.TextChoices):
    """How training was delivered (the same values as curriculum modules use)."""

    IN_PERSON = "in_person", gettext_lazy("In person")
    LIVE_ONLINE = "live_online", gettext_lazy("Live online")
    SELF_PACED = "self_paced", gettext_lazy("Self-paced online")


class AttestationKind(models.TextChoices):
    CODE_OF_ETHICS = "code_of_ethics", gettext_lazy("Signed code of ethics")
    DIPLOMA = "diploma", gettext_lazy("High school diploma or equivalent")
    RECOVERY_SUPPORT_ROLE = (
        "recovery_support_role",
        # xgettext:no-python-format (a percentage, not a placeholder)
        gettext_lazy("Job description at least 51% recovery support"),
    )
    LIVED_EXPERIENCE = "lived_experience", gettext_lazy("Lived experience of recovery")


# Attestations that are visible to the person and to staff reviewing their application only:
# never printed on a packet or certificate, never exported.
PRIVATE_ATTESTATION_KINDS = frozenset({AttestationKind.LIVED_EXPERIENCE})


class Unit(models.TextChoices):
    HOURS = "hours", gettext_lazy("hours")
    MONTHS = "months", gettext_lazy("months")
    SCORE = "score", gettext_lazy("score")
    ITEMS = "items", gettext_lazy("items")


# ------------------------------------------------------------------------------
# Records: what a person has done, as plain immutable values
# ------------------------------------------------------------------------------
def as_decimal(value: Any) -> Decimal:
    if isinstance(value, float):
        raise TypeError("Hours are Decimal, never float.")
    return value if isinstance(value, Decimal) else Decimal(value)


def freeze_split(split: Mapping | Iterable) -> tuple:
    """A {key: hours} split as a sorted tuple of pairs (hashable, order-free)."""
    pairs = split.items() if isinstance(split, Mapping) else split
    merged: dict = {}
    for key, hours in pairs:
        merged[key] = merged.get(key, ZERO) + as_decimal(hours)
    return tuple(sorted(merged.items()))
