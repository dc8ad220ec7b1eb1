"""Small builders for rules-engine tests: plain records and specs, no database."""

import datetime
from decimal import Decimal

from certification.rules.engine import evaluate
from certification.rules.records import (
    AssessmentRecord,
    AttestationRecord,
    ExamRecord,
    HeldCredential,
    ModuleRecord,
    PersonRecords,
    PracticeRecord,
    SupervisionRecord,
    TrainingRecord,
)
from certification.rules.specs import CredentialSpec, RequirementSpec

AS_OF = datetime.date(2026, 6, 30)
ICRC = "icrc_pr"
ADVOCACY = (ICRC, "advocacy")
ETHICS_DOMAIN = (ICRC, "ethical-responsibility")
MENTORING = (ICRC, "mentoring-education")


def d(value) -> Decimal:
    return Decimal(str(value))


def day(days_before: int = 10) -> datetime.date:
    return AS_OF - datetime.timedelta(days=days_before)


_counter = iter(range(1, 10**9))


def training(hours, *, domains=None, topics=None, modality="in_person", on=None, event=None,
             ref=None, organization_id=1) -> TrainingRecord:  # fmt: skip
    number = next(_counter)
    return TrainingRecord(
        ref=ref or f"training:{number}",
        event_key=event or f"event:{number}",
        date=on or day(),
        hours=d(hours),
        modality=modality,
        domain_hours={key: d(v) for key, v in (domains or {}).items()},
        topic_hours={key: d(v) for key, v in (topics or {}).items()},
        organization_id=organization_id,
    )


def practice(hours, *, domain=ADVOCACY, on=None, ref=None, organization_id=1) -> PracticeRecord:
    return PracticeRecord(
        ref=ref or f"practice:{next(_counter)}",
        date=on or day(),
        hours=d(hours),
        domain=domain,
        organization_id=organization_id,
    )


def supervision(hours, *, domains=(ADVOCACY,), on=None, ref=None) -> SupervisionRecord:
    return SupervisionRecord(
        ref=ref or f"supervision:{next(_counter)}",
        date=on or day(),
        hours=d(hours),
        domains=frozenset(domains),
    )


def module(key="42", *, on=None) -> ModuleRecord:
    return ModuleRecord(ref=f"module:{next(_counter)}", module_key=key, date=on or day())


def assessment(key="42", *, on=None) -> AssessmentRecord:
    return AssessmentRecord(ref=f"assessment:{next(_counter)}", module_key=key, date=on or day())


def exam(score, *, code="icrc_pr_exam", on=None) -> ExamRecord:
    return ExamRecord(
        ref=f"exam:{next(_counter)}", exam_code=code, date=on or day(), score=d(score)
    )


def attestation(kind, *, affirmed=True, on=None) -> AttestationRecord:
    return AttestationRecord(
        ref=f"attestation:{next(_counter)}", kind=kind, date=on or day(), affirmed=affirmed
    )


def held(code, *, issued=None, expires=None, revoked=None) -> HeldCredential:
    return HeldCredential(
        ref=f"credential:{next(_counter)}",
        code=code,
        issued_on=issued or day(400),
        expires_on=expires,
        revoked_on=revoked,
    )


def requirement(kind, key="r", **fields) -> RequirementSpec:
    for name in ("hours", "cap_hours", "subset_hours", "share_percent", "pass_score"):
        if name in fields and fields[name] is not None:
            fields[name] = d(fields[name])
    return RequirementSpec(key=key, kind=kind, **fields)


def credential(*requirements, code="test", version=1, **fields) -> CredentialSpec:
    return CredentialSpec(code=code, name="Test credential", version=version,
                          requirements=requirements, **fields)  # fmt: skip


def judge(spec: RequirementSpec, as_of=AS_OF, counting_from=None, **records):
    """Evaluate one requirement and return its result."""
    evaluation = evaluate(
        credential(spec), PersonRecords(**records), as_of, counting_from=counting_from
    )
    return evaluation.results[0]
