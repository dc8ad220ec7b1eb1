"""Database builders for credential tests: module completions, and a trainee whose stored
records meet IC&RC Peer Recovery (used by the application, issuance and browser tests)."""

import datetime
from decimal import Decimal

from django.utils import timezone

from certification.credentials import services as credential_services
from certification.credentials.models import CredentialDefinition
from certification.credentials.seed import seed_credential_definitions
from certification.rules.kinds import AttestationKind
from certification.supervision import services, sessions
from curriculum.models import CompetencyDomain, Topic
from curriculum.starter import seed_current_taxonomy
from curriculum.taxonomy import ICRC_PR
from lms.learning.models import CompletionDomainHours, CompletionTopicHours, ModuleCompletion
from tests.certification.conftest import days_ago, make_signed_agreement


def make_completion(
    trainee,
    *,
    hours,
    domains: dict | None = None,
    topics: dict | None = None,
    module=None,
    modality: str = "in_person",
    completed_days_ago: int = 20,
    title: str = "Peer recovery module",
) -> ModuleCompletion:
    """A module completion with its hour snapshot, as lms.learning writes it on completion.

    ``domains`` maps an IC&RC domain slug to hours, ``topics`` a topic slug to hours.
    """
    completion = ModuleCompletion.objects.create(
        user=trainee,
        module=module,
        module_title=title,
        program_title="Peer basics",
        contact_hours=Decimal(str(hours)),
        modality=modality,
        completed_at=timezone.now() - datetime.timedelta(days=completed_days_ago),
    )
    for slug, domain_hours in (domains or {}).items():
        domain = CompetencyDomain.objects.get(framework=ICRC_PR, slug=slug)
        CompletionDomainHours.objects.create(
            completion=completion,
            domain=domain,
            framework=domain.framework,
            domain_name=domain.name,
            hours=Decimal(str(domain_hours)),
        )
    for slug, topic_hours in (topics or {}).items():
        topic = Topic.objects.get(slug=slug)
        CompletionTopicHours.objects.create(
            completion=completion,
            topic=topic,
            topic_name=topic.name,
            hours=Decimal(str(topic_hours)),
        )
    return completion


def icrc_definition() -> CredentialDefinition:
    if not CompetencyDomain.objects.exists():
        seed_current_taxonomy()
    seed_credential_definitions()
    return CredentialDefinition.objects.get(code="icrc_pr", version=1)


def meet_icrc_peer_recovery(
    *, trainee, supervisor, staff, organization, evidence: bool = True
) -> None:
    """Store records that meet every IC&RC Peer Recovery requirement, through the services
    (training through module completions as lms writes them). ``evidence=False`` leaves out
    the exam result and the attestations, for journeys that record them on the pages."""
    for slug, hours in (
        ("advocacy", 10),
        ("mentoring-education", 10),
        ("recovery-wellness-support", 10),
        ("ethical-responsibility", 16),
    ):
        make_completion(trainee, hours=hours, domains={slug: hours}, title=f"Training: {slug}")
    agreement = make_signed_agreement(
        trainee=trainee, supervisor=supervisor, organization=organization
    )
    advocacy = CompetencyDomain.objects.get(framework=ICRC_PR, slug="advocacy")
    # 500 hours of practice in 24-hour days, approved by the supervisor.
    for day in range(21):
        entry = services.practice_entry_create(
            trainee=trainee,
            submit=True,
            agreement=agreement,
            date=days_ago(30 - day),
            duration_hours=Decimal("24") if day < 20 else Decimal("20"),
            domain=advocacy,
            setting="community",
            activity_type="one_to_one",
            modality="in_person",
            description="Walked with a peer to their first mutual-help meeting.",
        )
        services.practice_entry_approve(
            entry=entry, supervisor=supervisor, signature=supervisor.display_name, attested=True
        )
    for day in range(5):  # 25 hours of supervision, on days with no practice logged
        session = sessions.supervision_session_record(
            supervisor=supervisor,
            date=days_ago(40 + day),
            duration_hours=Decimal("5"),
            format="individual",
            modality="in_person",
            domains=[advocacy],
            trainees=[trainee],
        )
        sessions.session_attendance_confirm(attendance=session.attendances.get(), trainee=trainee)
    if not evidence:
        return
    credential_services.exam_result_record(
        person=trainee,
        exam_code="icrc_pr_exam",
        taken_on=days_ago(5),
        score=Decimal(540),
        recorded_by=staff,
    )
    credential_services.attestation_sign(person=trainee, kind=AttestationKind.DIPLOMA)
    credential_services.attestation_sign(person=trainee, kind=AttestationKind.CODE_OF_ETHICS)
    credential_services.attestation_sign(person=trainee, kind=AttestationKind.LIVED_EXPERIENCE)
