"""Demo supervision: the demo supervisor holds a signed agreement with the demo trainee, and a
few entries wait in the queue. Idempotent: run it again and nothing is duplicated."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from certification import audit
from certification.supervision import services, sessions
from certification.supervision.models import (
    ActivityType,
    Modality,
    PracticeSetting,
    SupervisionAgreement,
)
from curriculum.models import CompetencyDomain, Topic
from curriculum.taxonomy import ICRC_PR
from lms.accounts.models import Organization, User
from lms.demo import seed_organization

DEMO_TRAINEE = "trainee@demo.peerpath.test"
DEMO_SUPERVISOR = "supervisor@demo.peerpath.test"

DEMO_ENTRIES = [
    # days ago, hours, domain slug, setting, activity, modality, description, submit
    (
        12, "2", "recovery-wellness-support", PracticeSetting.RECOVERY_COMMUNITY_CENTRE,
        ActivityType.ONE_TO_ONE, Modality.IN_PERSON,
        "Met a peer at the centre to talk through their week and their wellness plan.", True,
    ),
    (
        9, "1.5", "advocacy", PracticeSetting.EMERGENCY_DEPARTMENT,
        ActivityType.LINKING_TO_RESOURCES, Modality.IN_PERSON,
        "Helped a peer connect with a housing programme after an ED visit.", True,
    ),
    (
        5, "0.75", "mentoring-education", PracticeSetting.COMMUNITY, ActivityType.GROUP,
        Modality.VIDEO, "Co-facilitated an online all-recovery meeting.", True,
    ),
    (
        2, "1", "ethical-responsibility", PracticeSetting.TREATMENT_PROGRAM,
        ActivityType.DOCUMENTATION, Modality.IN_PERSON,
        "Team meeting on boundaries and confidentiality.", False,
    ),
]  # fmt: skip


def _signed_agreement(
    *, organization, trainee: User, supervisor: User, days_ago: int = 60
) -> SupervisionAgreement:
    """The demo agreement, signed ``days_ago`` days ago by both (written directly: the services
    would stamp today's date, and hours before the signatures do not count)."""
    existing = SupervisionAgreement.objects.filter(trainee=trainee, supervisor=supervisor).first()
    if existing is not None:
        return existing
    today = timezone.localdate()
    start = today - datetime.timedelta(days=days_ago)
    # That local day at this time of day (whole UTC days would cross a clock change).
    signed_at = timezone.make_aware(
        datetime.datetime.combine(start, timezone.localtime().time().replace(tzinfo=None))
    )
    agreement = SupervisionAgreement.objects.create(
        organization=organization,
        trainee=trainee,
        supervisor=supervisor,
        start_date=start,
        end_date=start + datetime.timedelta(days=365),
        supervisor_credential_name="Certified Peer Recovery Specialist (CPRS)",
        supervisor_credential_number="CPRS-DEMO-0042",
        supervisor_credential_expires_on=today + datetime.timedelta(days=400),
        supervisor_signature=supervisor.display_name,
        supervisor_signed_at=signed_at,
        supervisor_signed_on=timezone.localdate(signed_at),
        trainee_signature=trainee.display_name,
        trainee_signed_at=signed_at,
        trainee_signed_on=timezone.localdate(signed_at),
        created_by=supervisor,
    )
    audit.record(
        actor=supervisor, action="agreement.seed", target=agreement, after=audit.snapshot(agreement)
    )
    return agreement


@transaction.atomic
def _verified_qualification(supervisor: User, organization: Organization) -> None:
    """The demo supervisor's credential, verified (as staff would after seeing the proof)."""
    from certification.credentials.evidence import EvidenceStatus
    from certification.supervision.qualifications import SupervisorQualification

    SupervisorQualification.objects.get_or_create(
        supervisor=supervisor,
        organization=organization,
        number="CPRS-DEMO-0042",
        defaults={
            "kind": "illinois",
            "credential_name": "Certified Peer Recovery Specialist (CPRS)",
            "expires_on": timezone.localdate() + datetime.timedelta(days=400),
            "status": EvidenceStatus.VERIFIED,
            "reviewed_at": timezone.now(),
        },
    )


@transaction.atomic
def seed_supervision() -> SupervisionAgreement | None:
    trainee = User.objects.filter(email=DEMO_TRAINEE).first()
    supervisor = User.objects.filter(email=DEMO_SUPERVISOR).first()
    if trainee is None or supervisor is None:
        return None
    organization = seed_organization()
    _verified_qualification(supervisor, organization)
    agreement = _signed_agreement(organization=organization, trainee=trainee, supervisor=supervisor)
    if agreement.entries.exists():
        return agreement
    today = timezone.localdate()
    domains = {domain.slug: domain for domain in CompetencyDomain.objects.filter(framework=ICRC_PR)}
    for days_ago, hours, slug, setting, activity, modality, description, submit in DEMO_ENTRIES:
        services.practice_entry_create(
            trainee=trainee,
            agreement=agreement,
            date=today - datetime.timedelta(days=days_ago),
            duration_hours=Decimal(hours),
            domain=domains[slug],
            setting=setting,
            activity_type=activity,
            modality=modality,
            description=description,
            submit=submit,
        )
    return agreement


# ------------------------------------------------------------------------------
# A credentialing body on PeerPath (docs/credentials.md, "Who issues what")
# ------------------------------------------------------------------------------
DEMO_BOARD_STAFF = "board@demo.peerpath.test"
# The Illinois board decides the Illinois and IC&RC credentials on PeerPath in the demo;
# NAADAC decides outside PeerPath, so its decisions are recorded by the RCO.
DEMO_BOARD_CODES = ("il_cprs", "icrc_pr")


@transaction.atomic
def seed_credentialing_body(*, password: str) -> Organization:
    """A demo credentialing body with one staff account, issuing the Illinois credentials."""
    from allauth.account.models import EmailAddress

    from certification.credentials.models import CredentialDefinition
    from lms.accounts.models import OrganizationKind, Role
    from lms.accounts.services import membership_grant
    from lms.learning.cache import invalidate_reference_data

    board, _created = Organization.objects.update_or_create(
        slug="illinois-certification-board-demo",
        defaults={
            "name": "Illinois Certification Board (demo)",
            "kind": OrganizationKind.CREDENTIALING_BODY,
            "region": "Illinois",
        },
    )
    person, _created = User.objects.update_or_create(
        email=DEMO_BOARD_STAFF,
        defaults={"display_name": "Dana Whitfield", "is_active": True},
    )
    person.set_password(password)
    person.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(
        user=person, email=DEMO_BOARD_STAFF, defaults={"primary": True, "verified": True}
    )
    membership_grant(user=person, organization=board, role=Role.STAFF)
    # The issuer is not a rule: it may be set on versions already in use.
    CredentialDefinition.objects.filter(code__in=DEMO_BOARD_CODES).update(issuer=board)
    invalidate_reference_data()  # update() sends no signal: retire the cached definitions
    return board


# ------------------------------------------------------------------------------
# A trainee ready for the last steps toward a credential
# ------------------------------------------------------------------------------
DEMO_READY_TRAINEE = "ready@demo.peerpath.test"
# (module title, IC&RC Peer Recovery domain, hours): the 46 hours of training IC&RC asks for.
READY_TRAINING = [
    ("Advocacy: speaking up with and for peers", "advocacy", 10),
    ("Mentoring and education in peer work", "mentoring-education", 10),
    ("Recovery and wellness support", "recovery-wellness-support", 10),
    ("Ethical responsibility in peer work", "ethical-responsibility", 16),
]


def demo_completions(trainee: User, training, *, days_ago: int = 150) -> None:
    """Module completions with their hour snapshots, as lms writes them on completion (the
    demo has no time to sit the lessons): one per (title, IC&RC domain slug, hours)."""
    from lms.learning.models import CompletionDomainHours, CompletionTopicHours, ModuleCompletion

    domains = {d.slug: d for d in CompetencyDomain.objects.filter(framework=ICRC_PR)}
    for number, (title, slug, hours) in enumerate(training):
        completion = ModuleCompletion.objects.create(
            user=trainee,
            module_title=title,
            program_title="Peer recovery classroom series (demo)",
            contact_hours=Decimal(hours),
            modality="in_person",
            completed_at=timezone.now() - datetime.timedelta(days=days_ago - 7 * number),
        )
        CompletionDomainHours.objects.create(
            completion=completion,
            domain=domains[slug],
            framework=ICRC_PR,
            domain_name=domains[slug].name,
            hours=Decimal(hours),
        )
        if slug == "ethical-responsibility":
            ethics = Topic.objects.filter(slug="ethics").first()
            if ethics is not None:
                CompletionTopicHours.objects.create(
                    completion=completion, topic=ethics, topic_name=ethics.name, hours=Decimal(6)
                )


@transaction.atomic
def seed_ready_trainee(*, password: str) -> User | None:
    """A demo trainee whose training, 500 signed practice hours and 25 hours of supervision
    meet IC&RC Peer Recovery: what is left is what a person does on PeerPath (the code of
    ethics, the diploma, lived experience) and the exam result staff record. Idempotent."""
    from allauth.account.models import EmailAddress

    from lms.accounts.models import Role
    from lms.accounts.services import membership_grant
    from lms.learning.models import ModuleCompletion

    supervisor = User.objects.filter(email=DEMO_SUPERVISOR).first()
    if supervisor is None:
        return None
    organization = seed_organization()
    trainee, _created = User.objects.update_or_create(
        email=DEMO_READY_TRAINEE, defaults={"display_name": "Avery Johnson", "is_active": True}
    )
    trainee.set_password(password)
    trainee.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(
        user=trainee, email=DEMO_READY_TRAINEE, defaults={"primary": True, "verified": True}
    )
    membership_grant(user=trainee, organization=organization, role=Role.TRAINEE)
    if ModuleCompletion.objects.filter(user=trainee).exists():
        return trainee
    demo_completions(trainee, READY_TRAINING)
    domains = {d.slug: d for d in CompetencyDomain.objects.filter(framework=ICRC_PR)}
    agreement = _signed_agreement(
        organization=organization, trainee=trainee, supervisor=supervisor, days_ago=180
    )
    today = timezone.localdate()
    # 50 ten-hour days at the recovery community centre over five months: 500 hours.
    slugs = list(domains)
    for day in range(50):
        entry = services.practice_entry_create(
            trainee=trainee,
            agreement=agreement,
            date=today - datetime.timedelta(days=170 - 3 * day),
            duration_hours=Decimal(10),
            domain=domains[slugs[day % len(slugs)]],
            setting=PracticeSetting.COMMUNITY,
            activity_type=ActivityType.ONE_TO_ONE,
            modality=Modality.IN_PERSON,
            description="A full day at the recovery community centre: drop-in and one-to-ones.",
            submit=True,
        )
        services.practice_entry_approve(
            entry=entry, supervisor=supervisor, signature=supervisor.display_name, attested=True
        )
    for week in range(9):  # 27 hours of individual supervision
        session = sessions.supervision_session_record(
            supervisor=supervisor,
            date=today - datetime.timedelta(days=160 - 14 * week),
            duration_hours=Decimal(3),
            format="individual",
            modality="in_person",
            domains=[domains[slugs[week % len(slugs)]]],
            trainees=[trainee],
        )
        sessions.session_attendance_confirm(attendance=session.attendances.get(), trainee=trainee)
    return trainee
