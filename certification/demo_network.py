"""The demo's network (issue 21 item 1): three RCOs in two ROSC regions and trainees at every
stage, so each role's first look shows real work. Idempotent: an RCO already seeded is left
as it is. Records go through the services (signatures, audit), except module completions,
written as lms writes them on completion (the demo has no time to sit the lessons).

Stages, a few trainees each: just enrolled; learning (part of the training); training done with
hours waiting for sign-off (one returned for a change); training taken elsewhere waiting for
staff; ready to apply right away (with a correction of a signed entry waiting); applied and
waiting; credentialed; credentialed and expiring within 90 days; lapsed; renewed.
"""

import datetime
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from certification.credentials import services as evidence
from certification.credentials.models import CredentialDefinition
from certification.demo import (
    READY_TRAINING,
    _signed_agreement,
    _verified_qualification,
    demo_completions,
)
from certification.external_training import services as external
from certification.issuance import services as issuance
from certification.issuance.models import CredentialStatus, IssuedCredential
from certification.rules.kinds import AttestationKind
from certification.supervision import services, sessions
from certification.supervision.models import ActivityType, Modality, PracticeSetting
from curriculum.models import CompetencyDomain
from curriculum.taxonomy import ICRC_PR
from lms.accounts.models import Organization, Role, User

# (slug, name, ROSC region, whether its trainees reach the later stages: the newest RCO's
# first cohort is still training)
RCOS = [
    ("riverbend-recovery", "Riverbend Recovery Community", "Central Illinois ROSC Council", True),
    ("prairie-path-recovery", "Prairie Path Recovery", "Central Illinois ROSC Council", True),
    ("lakeside-peer-network", "Lakeside Peer Network", "Northern Illinois ROSC Council", False),
]
EARLY_STAGES = {"enrolled", "learning", "hours_waiting", "training_elsewhere"}
# (stage, how many per RCO)
STAGES = [
    ("enrolled", 2),
    ("learning", 2),
    ("hours_waiting", 2),
    ("training_elsewhere", 1),
    ("ready", 1),
    ("applied", 1),
    ("credentialed", 1),
    ("expiring", 1),
    ("lapsed", 1),
    ("renewed", 1),
]
FIRST = ["Alex", "Blake", "Casey", "Dana", "Ellis", "Frankie", "Gray", "Harper", "Indy", "Jules",
         "Kai", "Lane", "Marlo", "Noel", "Oakley", "Parker", "Quinn", "Reese", "Sage", "Tatum",
         "Uma", "Val", "Wren", "Yael", "Zion", "Ari", "Bo", "Cam", "Devon", "Emery", "Finn",
         "Gale", "Hollis"]  # fmt: skip
LAST = ["Alvarez", "Brooks", "Castillo", "Dubois", "Estrada", "Foster", "Garcia", "Hughes",
        "Ibarra", "Jensen", "Kowalski", "Lopez", "Moreno", "Nguyen", "Ortiz", "Patel", "Quintero",
        "Ramirez", "Santos", "Turner", "Usman", "Vargas", "Walker", "Xu", "Young", "Zamora",
        "Abbott", "Baker", "Chavez", "Diaz", "Ellis", "Flores", "Gomez"]  # fmt: skip
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _person(email: str, name: str, organization: Organization, role: str, password: str):
    """``password`` is already hashed (once for everyone: hashing is slow on purpose)."""
    from allauth.account.models import EmailAddress

    from lms.accounts.services import membership_grant

    user, _created = User.objects.update_or_create(
        email=email, defaults={"display_name": name, "is_active": True, "password": password}
    )
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"primary": True, "verified": True}
    )
    membership_grant(user=user, organization=organization, role=role)
    return user


def _completions(trainee: User, *, share: float = 1.0, days_ago: int = 150) -> None:
    count = max(1, round(len(READY_TRAINING) * share))
    demo_completions(trainee, READY_TRAINING[:count], days_ago=days_ago)


def _enrolled_days_ago(trainee: User, days: int) -> None:
    """Date the person's enrolments back, so the reports' pipeline shows real time spans."""
    from lms.learning.models import Enrollment

    Enrollment.objects.filter(user=trainee).update(
        created_at=timezone.now() - datetime.timedelta(days=days)
    )


# Answers of the optional self-description, given in turn (None: the person did not answer).
SELF_DESCRIPTIONS = [
    {"race_ethnicity": "black", "gender": "woman", "age_band": "35_44", "veteran": "no"},
    {"race_ethnicity": "white", "gender": "man", "age_band": "45_54", "veteran": "yes"},
    {"race_ethnicity": "hispanic", "gender": "woman", "age_band": "25_34", "language": "spanish"},
    None,
    {"race_ethnicity": "white", "gender": "woman", "age_band": "55_64", "veteran": "no"},
    {"race_ethnicity": "prefer_not", "gender": "non_binary", "age_band": "25_34"},
    {"race_ethnicity": "black", "gender": "man", "age_band": "45_54", "veteran": "no"},
]


def _describe(trainee: User, number: int) -> None:
    from lms.accounts.models import SelfDescription

    answers = SELF_DESCRIPTIONS[number % len(SELF_DESCRIPTIONS)]
    if answers is not None:
        SelfDescription.objects.update_or_create(user=trainee, defaults=answers)


# A spring class per RCO, enrolled over the past months and at different points of training,
# so the reports' charts and the network's side-by-side tables have numbers to show.
SPRING_CLASS = 14


def _spring_class(*, organization, short, staff, program, password, names) -> None:
    from lms.learning.models import Cohort
    from lms.learning.services import enrollment_create

    cohort = None
    if program is not None:
        cohort, _created = Cohort.objects.get_or_create(
            organization=organization,
            name=f"{short.title()} cohort: spring 2026",
            defaults={
                "program": program,
                "starts_on": datetime.date(2026, 3, 2),
                "created_by": staff,
            },
        )
    for number in range(1, SPRING_CLASS + 1):
        trainee = _person(
            f"{short}-spring-{number}@demo.peerpath.test",
            next(names),
            organization,
            Role.TRAINEE,
            password,
        )
        if program is not None:
            enrollment_create(trainee=trainee, program=program, enrolled_by=staff, cohort=cohort)
        enrolled = 250 - 12 * number
        _enrolled_days_ago(trainee, enrolled)
        _describe(trainee, number)
        if number % 4:
            _completions(trainee, share=(number % 4) / 3, days_ago=enrolled - 14)


def _entry(trainee, agreement, domain, *, days_ago: int, hours, description: str):
    return services.practice_entry_create(
        trainee=trainee,
        agreement=agreement,
        date=timezone.localdate() - datetime.timedelta(days=days_ago),
        duration_hours=Decimal(hours),
        domain=domain,
        setting=PracticeSetting.COMMUNITY,
        activity_type=ActivityType.ONE_TO_ONE,
        modality=Modality.IN_PERSON,
        description=description,
        submit=True,
    )


def _hours(trainee, supervisor, organization, *, signed: bool) -> None:
    """500 signed hours and 25 of supervision (signed), or a few entries waiting (not)."""
    domains = list(CompetencyDomain.objects.filter(framework=ICRC_PR).order_by("sort_order"))
    agreement = _signed_agreement(
        organization=organization, trainee=trainee, supervisor=supervisor, days_ago=170
    )
    if not signed:
        for number in range(4):
            _entry(
                trainee,
                agreement,
                domains[number % len(domains)],
                days_ago=10 + number,
                hours="4",
                description="Drop-in support at the recovery community centre.",
            )
        returned = _entry(
            trainee, agreement, domains[0], days_ago=20, hours="6", description="Outreach."
        )
        services.practice_entry_return(
            entry=returned,
            supervisor=supervisor,
            comment="Say where the outreach was and who you met, without names.",
        )
        return
    entries = [
        _entry(trainee, agreement, domains[day % len(domains)], days_ago=160 - 7 * day,
               hours="24" if day < 20 else "20",
               description="A residential weekend shift at the recovery home.")
        for day in range(21)  # 20 long days and a shorter one: 500 hours
    ]  # fmt: skip
    services.practice_entries_approve(  # signed together, as supervisors often do
        entry_ids=[entry.pk for entry in entries],
        supervisor=supervisor,
        signature=supervisor.display_name,
        attested=True,
    )
    for week in range(5):  # 25 hours of individual supervision
        session = sessions.supervision_session_record(
            supervisor=supervisor,
            date=timezone.localdate() - datetime.timedelta(days=158 - 14 * week),
            duration_hours=Decimal(5),
            format="individual",
            modality="in_person",
            domains=[domains[week % len(domains)]],
            trainees=[trainee],
        )
        sessions.session_attendance_confirm(attendance=session.attendances.get(), trainee=trainee)


def _evidence(trainee, staff, organization) -> None:
    code = evidence.code_of_ethics_current(organization=organization)
    evidence.code_of_ethics_sign(
        person=trainee, code=code, signature=trainee.display_name, attested=True
    )
    evidence.diploma_attest(
        person=trainee, detail="High school diploma", signature=trainee.display_name, attested=True
    )
    evidence.attestation_sign(person=trainee, kind=AttestationKind.LIVED_EXPERIENCE)
    evidence.exam_result_record(
        person=trainee,
        exam_code="icrc_pr_exam",
        taken_on=timezone.localdate() - datetime.timedelta(days=30),
        score=Decimal(552),
        recorded_by=staff,
    )


def _credential(trainee, staff, board_staff) -> IssuedCredential:
    definition = CredentialDefinition.objects.in_effect_on(timezone.localdate()).get(code="icrc_pr")
    application = issuance.credential_application_submit(applicant=trainee, definition=definition)
    issuance.credential_application_endorse(
        application=application, staff=staff, signature=staff.display_name, attested=True
    )
    return issuance.credential_application_approve(application=application, reviewer=board_staff)


def _renew(trainee, credential, staff, board_staff) -> None:
    """Issued two years ago, renewed on this cycle's verified continuing education."""
    from certification.issuance.renewal import credential_renewal_submit
    from curriculum.models import Topic

    today = timezone.localdate()
    IssuedCredential.objects.filter(pk=credential.pk).update(
        issued_on=today - datetime.timedelta(days=700),
        expires_on=today + datetime.timedelta(days=25),
    )
    credential.refresh_from_db()
    training = external.external_training_add(
        person=trainee,
        provider="Illinois peer ethics conference",
        title="Boundaries and dual relationships",
        date=today - datetime.timedelta(days=90),
        hours=Decimal(20),
        modality="in_person",
        certificate=SimpleUploadedFile("certificate.pdf", PDF, "application/pdf"),
        domain_hours={},
        topic_hours={Topic.objects.get(slug="ethics"): Decimal(6)},
    )
    external.external_training_verify(training=training, reviewer=staff)
    application = credential_renewal_submit(holder=trainee, credential=credential)
    issuance.credential_application_endorse(
        application=application, staff=staff, signature=staff.display_name, attested=True
    )
    issuance.credential_application_approve(application=application, reviewer=board_staff)


DEMO_NETWORK_READER = "network@demo.peerpath.test"
DEMO_NETWORK_REGION = "Central Illinois ROSC Council"


def _network_reader(password: str) -> User:
    """Someone at the Central Illinois ROSC Council who reads its two RCOs' figures."""
    from allauth.account.models import EmailAddress

    from lms.accounts.models import NetworkAccess

    reader, _created = User.objects.update_or_create(
        email=DEMO_NETWORK_READER,
        defaults={"display_name": "Jordan Ellis", "is_active": True, "password": password},
    )
    EmailAddress.objects.update_or_create(
        user=reader, email=DEMO_NETWORK_READER, defaults={"primary": True, "verified": True}
    )
    NetworkAccess.objects.get_or_create(user=reader, region=DEMO_NETWORK_REGION)
    return reader


@transaction.atomic
def seed_network(*, password: str, board_staff: User, program=None) -> list[IssuedCredential]:
    """Create the network (idempotent); return the active credentials, for the start-up list."""
    from lms.learning.models import Cohort
    from lms.learning.services import enrollment_create

    password = make_password(password)
    names = (
        f"{FIRST[index % len(FIRST)]} {LAST[(index * 7 + 3) % len(LAST)]}" for index in range(999)
    )
    _network_reader(password)
    for slug, name, region, later_stages in RCOS:
        organization, _created = Organization.objects.update_or_create(
            slug=slug, defaults={"name": name, "region": region}
        )
        short = slug.split("-")[0]
        if User.objects.filter(email=f"{short}-trainee-1@demo.peerpath.test").exists():
            continue
        staff = _person(
            f"{short}-staff@demo.peerpath.test",
            f"{short.title()} Staff",
            organization,
            Role.STAFF,
            password,
        )
        supervisor = _person(
            f"{short}-supervisor@demo.peerpath.test",
            f"{short.title()} Supervisor",
            organization,
            Role.SUPERVISOR,
            password,
        )
        _verified_qualification(supervisor, organization)
        cohort = None
        if program is not None:
            cohort, _created = Cohort.objects.get_or_create(
                organization=organization,
                name=f"{short.title()} cohort: fall 2026",
                defaults={
                    "program": program,
                    "starts_on": datetime.date(2026, 9, 14),
                    "created_by": staff,
                },
            )
        number = 0
        for stage, count in STAGES:
            if stage not in EARLY_STAGES and not later_stages:
                continue
            if stage in EARLY_STAGES and not later_stages:
                count += 1
            for _ in range(count):
                number += 1
                trainee = _person(
                    f"{short}-trainee-{number}@demo.peerpath.test",
                    next(names),
                    organization,
                    Role.TRAINEE,
                    password,
                )
                if program is not None:
                    enrollment_create(
                        trainee=trainee, program=program, enrolled_by=staff, cohort=cohort
                    )
                _enrolled_days_ago(trainee, 40 if stage in EARLY_STAGES else 190)
                _describe(trainee, number)
                if stage == "enrolled":
                    continue
                _completions(trainee, share=0.5 if stage == "learning" else 1.0)
                if stage == "learning":
                    continue
                if stage == "training_elsewhere":
                    external.external_training_add(
                        person=trainee,
                        provider="Prairie Recovery Institute",
                        title="Motivational interviewing for peers",
                        date=timezone.localdate() - datetime.timedelta(days=12),
                        hours=Decimal(6),
                        modality="in_person",
                        certificate=SimpleUploadedFile("certificate.pdf", PDF, "application/pdf"),
                        domain_hours={},
                        topic_hours={},
                    )
                    continue
                _hours(trainee, supervisor, organization, signed=stage != "hours_waiting")
                if stage == "hours_waiting":
                    continue
                _evidence(trainee, staff, organization)
                if stage == "ready":
                    # Can apply right away; meanwhile corrects one signed entry, which waits
                    # in the supervisor's queue (the original counts until it is signed).
                    signed = trainee.practice_entries.filter(status="approved").first()
                    correction = services.practice_entry_correct(entry=signed, trainee=trainee)
                    services.practice_entry_update(
                        entry=correction,
                        trainee=trainee,
                        description="A residential weekend shift at the recovery home; "
                        "corrected: the hours ended at midnight.",
                        submit=True,
                    )
                    continue
                if stage == "applied":
                    definition = CredentialDefinition.objects.in_effect_on(
                        timezone.localdate()
                    ).get(code="icrc_pr")
                    issuance.credential_application_submit(applicant=trainee, definition=definition)
                    continue
                credential = _credential(trainee, staff, board_staff)
                today = timezone.localdate()
                if stage == "expiring":
                    IssuedCredential.objects.filter(pk=credential.pk).update(
                        issued_on=today - datetime.timedelta(days=670),
                        expires_on=today + datetime.timedelta(days=60),
                    )
                elif stage == "renewed":
                    _renew(trainee, credential, staff, board_staff)
                elif stage == "lapsed":
                    IssuedCredential.objects.filter(pk=credential.pk).update(
                        issued_on=today - datetime.timedelta(days=800),
                        expires_on=today - datetime.timedelta(days=70),
                    )
                    issuance.credentials_mark_expired(on=today)
        _spring_class(
            organization=organization,
            short=short,
            staff=staff,
            program=program,
            password=password,
            names=names,
        )
    return list(
        IssuedCredential.objects.filter(
            holder__email__endswith="@demo.peerpath.test", status=CredentialStatus.ACTIVE
        ).select_related("definition")
    )
