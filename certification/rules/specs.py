"""A credential definition as the engine reads it: plain specs of its requirements."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from certification.rules.kinds import DomainKey, as_decimal


# ------------------------------------------------------------------------------
# The definition, as plain values
# ------------------------------------------------------------------------------
@dataclass(frozen=True)
class RequirementSpec:
    """One requirement. Which fields apply depends on ``kind`` (the model validates that)."""

    key: str
    kind: str
    title: str = ""
    hours: Decimal | None = None
    # Scope of hours requirements: at most one of the three.
    domain: DomainKey | None = None
    domain_name: str = ""
    topic: str = ""
    topic_name: str = ""
    framework: str = ""
    framework_name: str = ""
    within_months: int | None = None
    cap_topic: str = ""
    cap_topic_name: str = ""
    cap_hours: Decimal | None = None
    subset_topic: str = ""
    subset_topic_name: str = ""
    subset_hours: Decimal | None = None
    share_modality: str = ""
    share_percent: Decimal | None = None
    include_supervision: bool = False
    sustained_months: int | None = None
    module_key: str = ""
    module_title: str = ""
    exam_code: str = ""
    exam_name: str = ""
    pass_score: Decimal | None = None
    attestation_kind: str = ""
    prerequisite_code: str = ""
    prerequisite_name: str = ""

    def __post_init__(self):
        for name in ("hours", "cap_hours", "subset_hours", "share_percent", "pass_score"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, as_decimal(value))
        if self.domain is not None:
            object.__setattr__(self, "domain", tuple(self.domain))


@dataclass(frozen=True)
class CredentialSpec:
    code: str
    name: str
    version: int
    requirements: tuple
    issuing_body: str = ""
    effective_from: datetime.date | None = None
    effective_to: datetime.date | None = None
    validity_months: int | None = None

    def __post_init__(self):
        object.__setattr__(self, "requirements", tuple(self.requirements))

    def in_effect_on(self, day: datetime.date) -> bool:
        if self.effective_from is not None and day < self.effective_from:
            return False
        return self.effective_to is None or day <= self.effective_to
