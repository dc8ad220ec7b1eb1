"""Three real credential definitions, with the numbers the boards publish (see shared DOMAIN.md).

``seed_credential_definitions()`` is idempotent: a version that exists (matched by code and
version) is left as it is, since staff may have edited it or an application may use it. Codes
match the credentials curriculum programs say they prepare for (icrc_pr, il_cprs,
naadac_ncprss). Effective dates are illustrative; the hours, scores and rules are the boards'.
"""

import datetime
from decimal import Decimal

from django.db import transaction

from certification.credentials.models import (
    CredentialDefinition,
    CredentialRequirement,
    DefinitionStatus,
    RequirementPurpose,
)
from certification.credentials.services import credential_editors_group
from certification.rules.kinds import AttestationKind, RequirementKind, TrainingModality
from curriculum.models import CompetencyDomain, Topic
from curriculum.taxonomy import ICRC_PR

K = RequirementKind
RENEWAL = RequirementPurpose.RENEWAL
ICRC_EXAM = {"exam_code": "icrc_pr_exam", "exam_name": "IC&RC Peer Recovery", "pass_score": 500}


def _domain_training(hours: int, slug: str) -> dict:
    """Education hours in one IC&RC Peer Recovery domain."""
    return {"kind": K.EDUCATION_HOURS, "hours": hours, "domain": (ICRC_PR, slug)}


# Each definition: fields, then its requirements. Domains are (framework, slug); topics slugs.
DEFINITIONS = [
    {
        "code": "icrc_pr",
        "version": 1,
        "name": "IC&RC Peer Recovery (PR)",
        "issuing_body": "IC&RC (International Certification & Reciprocity Consortium)",
        "effective_from": datetime.date(2020, 1, 1),
        "validity_months": 24,
        "description": (
            "The international peer recovery credential, recognised by IC&RC member boards. "
            "Renewal every two years with 20 hours of continuing education, 6 of them ethics."
        ),
        "requirements": [
            {"kind": K.ATTESTATION, "attestation_kind": AttestationKind.DIPLOMA},
            _domain_training(10, "advocacy"),
            _domain_training(10, "mentoring-education"),
            _domain_training(10, "recovery-wellness-support"),
            _domain_training(16, "ethical-responsibility"),
            {
                "kind": K.PRACTICE_HOURS, "hours": 500, "framework": ICRC_PR,
                "title": "500 hours of paid or volunteer practice in the peer recovery domains",
            },
            {
                "kind": K.SUPERVISION_HOURS, "hours": 25, "framework": ICRC_PR,
                "title": "25 hours of domain-specific supervision",
            },
            {"kind": K.EXAM_RESULT, **ICRC_EXAM},
            {"kind": K.ATTESTATION, "attestation_kind": AttestationKind.CODE_OF_ETHICS},
            # Renewal every 24 months (validity_months): 20 h including 6 h ethics.
            {"kind": K.EDUCATION_HOURS, "hours": 20, "purpose": RENEWAL,
             "title": "20 hours of continuing education this cycle"},
            {"kind": K.EDUCATION_HOURS, "hours": 6, "topic": "ethics", "purpose": RENEWAL,
             "title": "6 hours of ethics this cycle"},
        ],
    },
    {
        "code": "il_cprs",
        "version": 1,
        "name": "Illinois Certified Peer Recovery Specialist (CPRS)",
        "issuing_body": "Illinois Certification Board (ICB)",
        "effective_from": datetime.date(2020, 1, 1),
        "validity_months": 24,
        "description": (
            "Illinois' peer recovery credential. Renewal: 30 CEUs per two-year cycle, 20 in "
            "CPRS domains (at least 6 ethics) and 10 in core functions."
        ),
        "requirements": [
            {"kind": K.EDUCATION_HOURS, "hours": 100},
            {
                "kind": K.EDUCATION_HOURS, "hours": 40, "framework": ICRC_PR,
                "title": "40 hours of training in the IC&RC Peer Recovery / Illinois CPRS domains",
            },
            _domain_training(10, "advocacy"),
            _domain_training(10, "mentoring-education"),
            _domain_training(10, "recovery-wellness-support"),
            _domain_training(10, "ethical-responsibility"),
            {"kind": K.EDUCATION_HOURS, "hours": 16, "topic": "ethics"},
            {"kind": K.EDUCATION_HOURS, "hours": 44, "topic": "core-functions"},
            {"kind": K.EDUCATION_HOURS, "hours": 5, "topic": "family"},
            {"kind": K.EDUCATION_HOURS, "hours": 5, "topic": "youth"},
            {"kind": K.EXAM_RESULT, **ICRC_EXAM},
            {
                "kind": K.ATTESTATION,
                "attestation_kind": AttestationKind.RECOVERY_SUPPORT_ROLE,
            },
            # Renewal: 30 CEUs per cycle, 20 in CPRS domains (at least 6 ethics) + 10 core
            # functions (1 CEU = 1 clock hour).
            {"kind": K.EDUCATION_HOURS, "hours": 30, "purpose": RENEWAL,
             "title": "30 CEUs this cycle"},
            {"kind": K.EDUCATION_HOURS, "hours": 20, "framework": ICRC_PR, "purpose": RENEWAL,
             "title": "20 CEUs in the CPRS domains this cycle"},
            {"kind": K.EDUCATION_HOURS, "hours": 6, "topic": "ethics", "purpose": RENEWAL,
             "title": "6 CEUs of ethics this cycle"},
            {"kind": K.EDUCATION_HOURS, "hours": 10, "topic": "core-functions",
             "purpose": RENEWAL, "title": "10 CEUs in core functions this cycle"},
        ],
    },
    # NCPRSS-style national credential: the older version (48 of 60 hours peer-specific, 200
    # hours attested by the supervisor) and the current one (50% face-to-face, one year).
    {
        "code": "naadac_ncprss",
        "version": 1,
        "name": "National Certified Peer Recovery Support Specialist (NCPRSS)",
        "issuing_body": "NAADAC, the Association for Addiction Professionals",
        "effective_from": datetime.date(2016, 1, 1),
        "effective_to": datetime.date(2022, 12, 31),
        "status": DefinitionStatus.RETIRED,
        "validity_months": 24,
        "description": "The earlier rules, kept for applications judged under them.",
        "requirements": [
            {"kind": K.ATTESTATION, "attestation_kind": AttestationKind.DIPLOMA},
            {
                "kind": K.EDUCATION_HOURS, "hours": 60,
                "subset_topic": "peer-recovery-specific", "subset_hours": 48,
            },
            {
                "kind": K.EDUCATION_HOURS, "hours": 6, "topic": "ethics", "within_months": 72,
            },
            {
                "kind": K.EDUCATION_HOURS, "hours": 6, "topic": "hiv-bloodborne-pathogens",
                "within_months": 72,
            },
            {
                "kind": K.PRACTICE_HOURS, "hours": 200,
                "title": "200 hours of practice attested by your supervisor",
            },
            {"kind": K.ATTESTATION, "attestation_kind": AttestationKind.LIVED_EXPERIENCE},
            {"kind": K.ATTESTATION, "attestation_kind": AttestationKind.CODE_OF_ETHICS},
        ],
    },
    {
        "code": "naadac_ncprss",
        "version": 2,
        "name": "National Certified Peer Recovery Support Specialist (NCPRSS)",
        "issuing_body": "NAADAC, the Association for Addiction Professionals",
        "effective_from": datetime.date(2023, 1, 1),
        "validity_months": 24,
        "description": (
            "A national peer recovery credential. At least two years of recovery, self-attested "
            "(kept private: yes or no and a date only). Renewal every two years."
        ),
        "requirements": [
            {"kind": K.ATTESTATION, "attestation_kind": AttestationKind.DIPLOMA},
            {
                "kind": K.EDUCATION_HOURS, "hours": 60,
                "share_modality": TrainingModality.IN_PERSON, "share_percent": 50,
                "title": "60 contact hours of peer recovery training, at least half face-to-face",
            },
            {
                "kind": K.EDUCATION_HOURS, "hours": 6, "topic": "ethics", "within_months": 72,
            },
            {
                "kind": K.EDUCATION_HOURS, "hours": 6, "topic": "hiv-bloodborne-pathogens",
                "within_months": 72,
            },
            {
                # "1 year full-time, paid or volunteer", as a configurable hours equivalent.
                "kind": K.PRACTICE_HOURS, "hours": 2000,
                "title": "One year of full-time direct practice (2,000 hours), paid or volunteer",
            },
            {"kind": K.ATTESTATION, "attestation_kind": AttestationKind.LIVED_EXPERIENCE,
             "title": "At least two years of recovery (self-attested, kept private)"},
            {
                # NAADAC reports the exam as pass/fail on a scaled score; staff confirm the
                # current pass mark from the score report before relying on it.
                "kind": K.EXAM_RESULT, "exam_code": "naadac_ncprss_exam",
                "exam_name": "NAADAC NCPRSS", "pass_score": 70,
            },
            {"kind": K.ATTESTATION, "attestation_kind": AttestationKind.CODE_OF_ETHICS},
        ],
    },
]  # fmt: skip


def _requirement(definition, order: int, data: dict, domains: dict, topics: dict):
    values = dict(data)
    if "domain" in values:
        values["domain"] = domains[values["domain"]]
    for name in ("topic", "cap_topic", "subset_topic"):
        if name in values:
            values[name] = topics[values[name]]
    for name in ("hours", "cap_hours", "subset_hours", "share_percent", "pass_score"):
        if name in values:
            values[name] = Decimal(values[name])
    requirement = CredentialRequirement(definition=definition, sort_order=order, **values)
    requirement.full_clean(exclude=["definition"])
    return requirement


def _add_missing_renewal_requirements(definition, data: dict, domains: dict, topics: dict) -> None:
    """Databases seeded before renewal rules existed get them, unless the version is in use
    (frozen: staff make a new version to add them)."""
    renewal = [r for r in data["requirements"] if r.get("purpose") == RENEWAL]
    if (
        not renewal
        or definition.is_frozen
        or definition.requirements.filter(purpose=RENEWAL).exists()
    ):
        return
    start = len(data["requirements"])
    CredentialRequirement.objects.bulk_create(
        [
            _requirement(definition, start + order, requirement, domains, topics)
            for order, requirement in enumerate(renewal)
        ]
    )


@transaction.atomic
def seed_credential_definitions() -> list[CredentialDefinition]:
    """Create the seeded versions that do not exist yet; return every seeded version."""
    credential_editors_group()
    domains = {(d.framework, d.slug): d for d in CompetencyDomain.objects.all()}
    topics = {t.slug: t for t in Topic.objects.all()}
    seeded = []
    for data in DEFINITIONS:
        fields = {k: v for k, v in data.items() if k != "requirements"}
        fields.setdefault("status", DefinitionStatus.ACTIVE)
        existing = CredentialDefinition.objects.filter(
            code=fields["code"], version=fields["version"]
        ).first()
        if existing is not None:
            _add_missing_renewal_requirements(existing, data, domains, topics)
            seeded.append(existing)
            continue
        definition = CredentialDefinition(**fields)
        definition.full_clean()
        definition.save()
        CredentialRequirement.objects.bulk_create(
            [
                _requirement(definition, order, requirement, domains, topics)
                for order, requirement in enumerate(data["requirements"])
            ]
        )
        seeded.append(definition)
    # The newer NCPRSS version follows the older one.
    versions = {(d.code, d.version): d for d in seeded}
    newer, older = versions.get(("naadac_ncprss", 2)), versions.get(("naadac_ncprss", 1))
    if newer and older and newer.previous_version_id is None and not newer.is_frozen:
        newer.previous_version = older
        newer.save(update_fields=["previous_version"])
    return seeded
