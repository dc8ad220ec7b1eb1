"""Credential definitions: validation messages, freezing, new versions and the seeded rules."""

import datetime
from decimal import Decimal

from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

import pytest

from certification.credentials import services as credential_services
from certification.credentials.models import (
    CredentialDefinition,
    CredentialRequirement,
    DefinitionStatus,
    FrozenDefinitionError,
)
from certification.credentials.seed import seed_credential_definitions
from certification.models import AuditEvent
from certification.rules.kinds import AttestationKind, RequirementKind, TrainingModality
from curriculum.models import CompetencyDomain, Topic
from curriculum.starter import seed_current_taxonomy
from curriculum.taxonomy import ICRC_PR

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def taxonomy(db):
    if not Topic.objects.exists():
        seed_current_taxonomy()


@pytest.fixture
def definition(taxonomy):
    return CredentialDefinition.objects.create(
        code="test_credential",
        name="Test credential",
        issuing_body="Test board",
        effective_from=datetime.date(2025, 1, 1),
        validity_months=24,
        status=DefinitionStatus.ACTIVE,
    )


def topic(slug):
    return Topic.objects.get(slug=slug)


def domain(slug, framework=ICRC_PR):
    return CompetencyDomain.objects.get(framework=framework, slug=slug)


def errors_of(requirement) -> dict:
    with pytest.raises(ValidationError) as caught:
        requirement.full_clean()
    return caught.value.message_dict


# ------------------------------------------------------------------------------
# Validation messages
# ------------------------------------------------------------------------------
def test_hours_requirement_needs_hours(definition):
    requirement = CredentialRequirement(definition=definition, kind=RequirementKind.PRACTICE_HOURS)
    assert errors_of(requirement) == {"hours": ["Enter the minimum number of hours, above zero."]}


def test_fields_a_kind_does_not_use_are_named(definition):
    requirement = CredentialRequirement(
        definition=definition,
        kind=RequirementKind.PRACTICE_HOURS,
        hours=Decimal(10),
        topic=topic("ethics"),
        sustained_months=12,
    )
    errors = errors_of(requirement)
    assert errors["topic"] == ["Leave this empty: a “Practice hours” requirement does not use it."]
    assert "sustained_months" in errors


def test_one_scope_only(definition):
    requirement = CredentialRequirement(
        definition=definition,
        kind=RequirementKind.EDUCATION_HOURS,
        hours=Decimal(10),
        domain=domain("advocacy"),
        topic=topic("ethics"),
    )
    assert set(errors_of(requirement)) == {"domain", "topic"}


def test_nested_subset_cannot_exceed_the_total(definition):
    requirement = CredentialRequirement(
        definition=definition,
        kind=RequirementKind.EDUCATION_HOURS,
        hours=Decimal(60),
        subset_topic=topic("peer-recovery-specific"),
        subset_hours=Decimal(70),
    )
    assert errors_of(requirement) == {
        "subset_hours": ["The subset cannot be larger than the minimum hours (60)."]
    }


def test_cap_needs_its_topic(definition):
    requirement = CredentialRequirement(
        definition=definition,
        kind=RequirementKind.EDUCATION_HOURS,
        hours=Decimal(100),
        cap_hours=Decimal(54),
    )
    assert errors_of(requirement) == {
        "cap_topic": ["For the cap, fill in both the topic and the hours."]
    }


def test_share_needs_modality_and_percent(definition):
    requirement = CredentialRequirement(
        definition=definition,
        kind=RequirementKind.EDUCATION_HOURS,
        hours=Decimal(60),
        share_modality=TrainingModality.IN_PERSON,
    )
    assert "share_percent" in errors_of(requirement)


def test_exam_needs_code_and_pass_mark(definition):
    requirement = CredentialRequirement(definition=definition, kind=RequirementKind.EXAM_RESULT)
    assert set(errors_of(requirement)) == {"exam_code", "pass_score"}


def test_prerequisite_must_name_another_existing_credential(definition):
    itself = CredentialRequirement(
        definition=definition,
        kind=RequirementKind.PREREQUISITE,
        prerequisite_code=definition.code,
    )
    assert errors_of(itself) == {"prerequisite_code": ["A credential cannot require itself."]}
    unknown = CredentialRequirement(
        definition=definition, kind=RequirementKind.PREREQUISITE, prerequisite_code="nope"
    )
    assert errors_of(unknown) == {"prerequisite_code": ["No credential has the code “nope”."]}


def test_module_requirement_needs_a_module(definition):
    requirement = CredentialRequirement(
        definition=definition, kind=RequirementKind.MODULE_COMPLETED
    )
    assert errors_of(requirement) == {"module": ["Choose the module."]}


def test_effective_dates_in_order(definition):
    definition.effective_to = datetime.date(2024, 1, 1)
    with pytest.raises(ValidationError) as caught:
        definition.full_clean()
    assert "effective_to" in caught.value.message_dict


# ------------------------------------------------------------------------------
# Frozen versions and new versions
# ------------------------------------------------------------------------------
@pytest.fixture
def editor(superuser):
    return superuser


@pytest.fixture
def frozen(definition):
    CredentialRequirement.objects.create(
        definition=definition, kind=RequirementKind.EDUCATION_HOURS, hours=Decimal(46)
    )
    return credential_services.credential_definition_freeze(definition=definition)


def test_a_frozen_version_cannot_change(frozen):
    frozen.name = "Renamed"
    with pytest.raises(ValidationError, match="in use by an application"):
        frozen.full_clean()
    with pytest.raises(FrozenDefinitionError):
        frozen.save()
    assert CredentialDefinition.objects.get(pk=frozen.pk).name == "Test credential"


def test_a_frozen_version_keeps_its_requirements(frozen):
    requirement = frozen.requirements.get()
    requirement.hours = Decimal(40)
    with pytest.raises(FrozenDefinitionError):
        requirement.save()
    with pytest.raises(FrozenDefinitionError):
        CredentialRequirement(
            definition=frozen, kind=RequirementKind.PRACTICE_HOURS, hours=Decimal(1)
        ).save()
    with pytest.raises(FrozenDefinitionError):
        requirement.delete()
    with pytest.raises(FrozenDefinitionError):
        frozen.delete()


def test_a_frozen_version_can_still_be_retired(frozen):
    frozen.status = DefinitionStatus.RETIRED
    frozen.effective_to = datetime.date(2026, 12, 31)
    frozen.full_clean()
    frozen.save()
    assert CredentialDefinition.objects.get(pk=frozen.pk).status == DefinitionStatus.RETIRED


def test_freezing_is_idempotent_and_audited(frozen):
    again = credential_services.credential_definition_freeze(definition=frozen)
    assert again.frozen_at == frozen.frozen_at
    assert AuditEvent.objects.filter(action="credential.freeze").count() == 1


def test_a_draft_cannot_be_frozen(definition):
    definition.status = DefinitionStatus.DRAFT
    definition.save()
    with pytest.raises(ValidationError):
        credential_services.credential_definition_freeze(definition=definition)


def test_new_version_copies_the_rules_as_a_draft(frozen, editor):
    copy = credential_services.credential_definition_new_version(definition=frozen, actor=editor)
    assert (copy.code, copy.version, copy.status) == (frozen.code, 2, DefinitionStatus.DRAFT)
    assert copy.previous_version == frozen
    assert not copy.is_frozen
    assert copy.effective_from == timezone.localdate()
    assert [r.hours for r in copy.requirements.all()] == [Decimal(46)]
    requirement = copy.requirements.get()
    requirement.hours = Decimal(50)
    requirement.save()  # the copy is editable
    assert frozen.requirements.get().hours == Decimal(46)
    third = credential_services.credential_definition_new_version(definition=frozen, actor=editor)
    assert third.version == 3


def test_only_credential_editors_make_versions(frozen, staff):
    with pytest.raises(PermissionDenied):
        credential_services.credential_definition_new_version(definition=frozen, actor=staff)
    staff.user_permissions.add(Permission.objects.get(codename="change_credentialdefinition"))
    staff = type(staff).objects.get(pk=staff.pk)  # permissions are cached per instance
    assert credential_services.credential_definition_new_version(definition=frozen, actor=staff)


def test_definitions_in_effect_on_a_day(definition):
    retired = CredentialDefinition.objects.create(
        code="test_credential",
        version=2,
        name="Next",
        issuing_body="Test board",
        effective_from=datetime.date(2027, 1, 1),
        validity_months=24,
        status=DefinitionStatus.ACTIVE,
    )
    CredentialDefinition.objects.create(
        code="test_credential",
        version=3,
        name="Draft",
        issuing_body="Test board",
        effective_from=datetime.date(2025, 6, 1),
        validity_months=24,
        status=DefinitionStatus.DRAFT,
    )
    assert list(CredentialDefinition.objects.in_effect_on(datetime.date(2026, 1, 1))) == [
        definition
    ]
    assert retired in CredentialDefinition.objects.in_effect_on(datetime.date(2027, 1, 1))


# ------------------------------------------------------------------------------
# The seeded definitions
# ------------------------------------------------------------------------------
def test_seed_creates_the_three_credentials_with_their_real_numbers(taxonomy):
    seeded = seed_credential_definitions()
    assert {(d.code, d.version) for d in seeded} == {
        ("icrc_pr", 1),
        ("il_cprs", 1),
        ("naadac_ncprss", 1),
        ("naadac_ncprss", 2),
    }
    icrc = CredentialDefinition.objects.get(code="icrc_pr").as_spec()
    education = [r for r in icrc.requirements if r.kind == RequirementKind.EDUCATION_HOURS]
    assert sorted((r.domain[1], r.hours) for r in education) == [
        ("advocacy", 10),
        ("ethical-responsibility", 16),
        ("mentoring-education", 10),
        ("recovery-wellness-support", 10),
    ]
    assert sum(r.hours for r in education) == 46
    exam = next(r for r in icrc.requirements if r.kind == RequirementKind.EXAM_RESULT)
    assert exam.pass_score == 500
    by_kind = {r.kind: r for r in icrc.requirements}
    assert by_kind[RequirementKind.PRACTICE_HOURS].hours == 500
    assert by_kind[RequirementKind.SUPERVISION_HOURS].hours == 25

    cprs = CredentialDefinition.objects.get(code="il_cprs").as_spec()
    topics = {r.topic: r.hours for r in cprs.requirements if r.topic}
    assert topics == {"ethics": 16, "core-functions": 44, "family": 5, "youth": 5}

    current = CredentialDefinition.objects.get(code="naadac_ncprss", version=2)
    assert current.previous_version.version == 1
    spec = current.as_spec()
    share = next(r for r in spec.requirements if r.share_modality)
    assert (share.hours, share.share_percent) == (60, 50)
    assert {r.topic: r.within_months for r in spec.requirements if r.topic} == {
        "ethics": 72,
        "hiv-bloodborne-pathogens": 72,
    }
    assert AttestationKind.LIVED_EXPERIENCE in {r.attestation_kind for r in spec.requirements}
    older = CredentialDefinition.objects.get(code="naadac_ncprss", version=1).as_spec()
    subset = next(r for r in older.requirements if r.subset_topic)
    assert (subset.subset_hours, subset.hours) == (48, 60)


def test_seed_is_idempotent(taxonomy):
    seed_credential_definitions()
    counts = (CredentialDefinition.objects.count(), CredentialRequirement.objects.count())
    seed_credential_definitions()
    assert (CredentialDefinition.objects.count(), CredentialRequirement.objects.count()) == counts


def test_as_spec_runs_a_fixed_number_of_queries(taxonomy, django_assert_num_queries):
    seed_credential_definitions()
    definition = CredentialDefinition.objects.get(code="il_cprs")
    with django_assert_num_queries(1):
        spec = definition.as_spec()
    # The one query brings every requirement along (subset rows fold into their parent).
    row_keys = {str(pk) for pk in definition.requirements.values_list("pk", flat=True)}
    assert spec.code == "il_cprs"
    assert spec.requirements
    assert {requirement.key for requirement in spec.requirements} <= row_keys
    assert Decimal("100") in {r.hours for r in spec.requirements if r.kind == "education_hours"}


def test_module_requirement_names_the_curriculum_module(definition):
    from curriculum.models import ModulePage
    from curriculum.starter import seed_starter_program

    seed_starter_program()
    module = ModulePage.objects.first()
    requirement = CredentialRequirement(
        definition=definition, kind=RequirementKind.ASSESSMENT_PASSED, module=module
    )
    requirement.full_clean()
    requirement.save()
    spec = requirement.as_spec()
    assert (spec.module_key, spec.module_title) == (str(module.pk), module.title)
    assert str(requirement) == f"The assessment of the module “{module.title}”"


def test_definitions_in_effect_load_in_two_queries(taxonomy, django_assert_num_queries):
    from certification.credentials.selectors import specs_in_effect

    seed_credential_definitions()
    with django_assert_num_queries(2):
        specs = specs_in_effect(on=datetime.date(2026, 6, 1))
    assert [(s.code, s.version) for s in specs] == [
        ("icrc_pr", 1),
        ("il_cprs", 1),
        ("naadac_ncprss", 2),
    ]
    assert [
        s.version for s in specs_in_effect(on=datetime.date(2020, 6, 1), codes=["naadac_ncprss"])
    ] == [1]


def test_a_person_who_meets_the_seeded_icrc_rules_is_met_and_one_short_is_told_why(taxonomy):
    from certification.rules.engine import evaluate
    from certification.rules.records import (
        AttestationRecord,
        ExamRecord,
        PersonRecords,
        PracticeRecord,
        SupervisionRecord,
        TrainingRecord,
    )

    seed_credential_definitions()
    spec = CredentialDefinition.objects.get(code="icrc_pr").as_spec()
    on = datetime.date(2026, 5, 1)
    training = [
        TrainingRecord(
            ref=f"training:{slug}", event_key=slug, date=on, hours=Decimal(hours),
            modality=TrainingModality.IN_PERSON, domain_hours={(ICRC_PR, slug): Decimal(hours)},
        )
        for slug, hours in [
            ("advocacy", 10), ("mentoring-education", 10), ("recovery-wellness-support", 10),
            ("ethical-responsibility", "9.5"),
        ]
    ]  # fmt: skip
    others = {
        "practice": [
            PracticeRecord(ref="p", date=on, hours=Decimal(500), domain=(ICRC_PR, "advocacy"))
        ],
        "supervision": [
            SupervisionRecord(ref="s", date=on, hours=Decimal(25), domains={(ICRC_PR, "advocacy")})
        ],
        "exams": [ExamRecord(ref="e", exam_code="icrc_pr_exam", date=on, score=Decimal(512))],
        "attestations": [
            AttestationRecord(ref="a1", kind=AttestationKind.DIPLOMA, date=on),
            AttestationRecord(ref="a2", kind=AttestationKind.CODE_OF_ETHICS, date=on),
        ],
    }  # fmt: skip
    short = evaluate(spec, PersonRecords(training=training, **others), on)
    assert short.missing == ["6.5 more hours of Ethical Responsibility training"]
    more = TrainingRecord(
        ref="training:ethics-2", event_key="ethics-2", date=on, hours=Decimal("6.5"),
        modality=TrainingModality.LIVE_ONLINE,
        domain_hours={(ICRC_PR, "ethical-responsibility"): Decimal("6.5")},
    )  # fmt: skip
    assert evaluate(spec, PersonRecords(training=[*training, more], **others), on).met
