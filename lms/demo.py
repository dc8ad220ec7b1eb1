"""Demo people and organisation for the embedded default and the browser tests."""

from dataclasses import dataclass

from django.db import transaction

from allauth.account.models import EmailAddress

from lms.accounts.models import Organization, Role, User
from lms.accounts.services import membership_grant

DEMO_PASSWORD = "peerpath-demo"  # noqa: S105 - printed on purpose, refused unless DEBUG or --force


@dataclass(frozen=True)
class DemoAccount:
    email: str
    display_name: str
    role: str | None
    is_superuser: bool = False


DEMO_ACCOUNTS = (
    DemoAccount("trainee@demo.peerpath.test", "Jordan Rivera", Role.TRAINEE),
    DemoAccount("supervisor@demo.peerpath.test", "Sam Okafor", Role.SUPERVISOR),
    DemoAccount("staff@demo.peerpath.test", "Alex Chen", Role.STAFF),
    DemoAccount("orgadmin@demo.peerpath.test", "Morgan Lee", Role.ORG_ADMIN),
    DemoAccount("facilitator@demo.peerpath.test", "Riley Brooks", Role.FACILITATOR),
    DemoAccount("superuser@demo.peerpath.test", "Platform Administrator", None, True),
)


def seed_organization() -> Organization:
    organization, _created = Organization.objects.update_or_create(
        slug="riverbend-recovery",
        defaults={
            "name": "Riverbend Recovery Community",
            "region": "Central Illinois ROSC Council",
        },
    )
    return organization


@transaction.atomic
def seed_people(*, password: str = DEMO_PASSWORD) -> tuple[Organization, list[DemoAccount]]:
    """Create (or reset) the demo organisation and one account per role. Idempotent."""
    organization = seed_organization()
    for account in DEMO_ACCOUNTS:
        user, _created = User.objects.update_or_create(
            email=account.email,
            defaults={
                "display_name": account.display_name,
                "is_superuser": account.is_superuser,
                "is_staff": account.is_superuser,
                "is_active": True,
            },
        )
        user.set_password(password)
        user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(
            user=user, email=account.email, defaults={"primary": True, "verified": True}
        )
        if account.role:
            membership_grant(user=user, organization=organization, role=account.role)
    return organization, list(DEMO_ACCOUNTS)


@transaction.atomic
def seed_learning(*, organization: Organization, program) -> None:
    """Enrol the demo trainee in the starter program through a demo cohort. Idempotent.

    Progress is left empty on purpose: the demo shows a trainee's first steps.
    """
    import datetime

    from lms.learning.models import Cohort
    from lms.learning.services import enrollment_create

    staff = User.objects.get(email="staff@demo.peerpath.test")
    trainee = User.objects.get(email="trainee@demo.peerpath.test")
    cohort, _created = Cohort.objects.get_or_create(
        organization=organization,
        name="Demo cohort: Foundations",
        defaults={
            "program": program,
            "starts_on": datetime.date(2026, 9, 1),
            "created_by": staff,
        },
    )
    enrollment_create(trainee=trainee, program=program, enrolled_by=staff, cohort=cohort)


DEMO_LIVE_MODULE_SLUG = "ethics-update-live-workshop"


def _demo_live_module(organization: Organization):
    """A live-only module in the demo RCO's continuing-education program: 6 hours in two live
    sessions of 3 hours, all toward ethics. Idempotent."""
    from decimal import Decimal

    from curriculum.models import (
        CompetencyDomain,
        ModuleLiveDomainHours,
        ModuleLiveTopicHours,
        ModulePage,
        ProgramPage,
        Topic,
    )
    from curriculum.taxonomy import ICRC_PR
    from lms.curriculum_sections import organization_curriculum_ensure

    section = organization_curriculum_ensure(organization=organization).section
    program = ProgramPage.objects.child_of(section).get(slug="continuing-education")
    existing = ModulePage.objects.child_of(program).filter(slug=DEMO_LIVE_MODULE_SLUG).first()
    if existing is not None:
        return existing
    module = ModulePage(
        title="Ethics update: a live workshop",
        slug=DEMO_LIVE_MODULE_SLUG,
        summary=(
            "Two evening sessions with other peer specialists: new ethics guidance, real "
            "dilemmas from our region, and time to practise saying no kindly."
        ),
        learning_objectives=(
            "<ul><li>Work through an ethical dilemma with a decision-making model.</li>"
            "<li>Explain recent changes to the code of ethics in your own words.</li></ul>"
        ),
        estimated_minutes=360,
        contact_hours=Decimal("6"),
        credit_mode="live",
        live_contact_hours=Decimal("6"),
        live_session_count=2,
        partial_attendance_rule="proportional",
    )
    module.live_domain_hours = [
        ModuleLiveDomainHours(
            domain=CompetencyDomain.objects.get(framework=ICRC_PR, slug="ethical-responsibility"),
            hours=Decimal("6"),
        )
    ]
    module.live_topic_hours = [
        ModuleLiveTopicHours(topic=Topic.objects.get(slug="ethics"), hours=Decimal("6"))
    ]
    program.add_child(instance=module)
    module.save_revision().publish()
    return module


@transaction.atomic
def seed_live_training(*, organization: Organization) -> None:
    """A workshop with one past session (attendance signed) and upcoming ones, the demo
    trainee registered for the next. Skipped when the demo series exists. Idempotent."""
    import datetime

    from django.utils import timezone

    from lms.learning.services import enrollment_create
    from lms.live_training import rosters
    from lms.live_training import services as live
    from lms.live_training.models import LiveSeries

    module = _demo_live_module(organization)
    if LiveSeries.objects.filter(organization=organization, module=module).exists():
        return
    staff = User.objects.get(email="staff@demo.peerpath.test")
    trainee = User.objects.get(email="trainee@demo.peerpath.test")
    facilitator = User.objects.get(email="facilitator@demo.peerpath.test")
    enrollment_create(trainee=trainee, module=module, enrolled_by=staff)
    today = timezone.localdate()
    common = {
        "actor": staff,
        "organization": organization,
        "module": module,
        "capacity": 12,
        "place": "Riverbend Recovery Community, 120 Main Street, group room",
        "facilitators": [facilitator],
        "title": "Ethics update: a live workshop",
    }
    past = live.live_series_schedule(
        plan=live.SeriesPlan(
            first_day=today - datetime.timedelta(days=14),
            start_time=datetime.time(18, 0),
            duration_minutes=180,
            count=2,
        ),
        **common,
    )
    upcoming = live.live_series_schedule(
        plan=live.SeriesPlan(
            first_day=today + datetime.timedelta(days=7),
            start_time=datetime.time(18, 0),
            duration_minutes=180,
            count=2,
        ),
        **common,
    )
    first, missed = past.sessions.order_by("starts_at")
    for session in (first, missed):
        live.live_registration_create(
            trainee=trainee, session=session, now=session.starts_at - datetime.timedelta(days=1)
        )
    # The first session attended (arrived 15 minutes late), the second missed: part 2 is made
    # up next week.
    rosters.attendance_mark(
        actor=facilitator, session=first, trainee=trainee, status="late", minutes=165
    )
    for session in (first, missed):
        rosters.roster_sign(
            actor=facilitator,
            session=session,
            signature=facilitator.display_name,
            attested=True,
            now=session.ends_at,
        )
    make_up = upcoming.sessions.get(part=2)
    live.live_registration_create(trainee=trainee, session=make_up)


def seed_starter_sessions(*, organization: Organization, program) -> None:
    """The live part of the starter program's first module, offered by the demo RCO: one
    session per part, a week apart from next Saturday, so the demo trainee can register for
    the hours the online lessons do not credit. Skipped when scheduled already. Idempotent."""
    import datetime
    import math

    from django.utils import timezone

    from curriculum.hours import LIVE_SESSION_HOURS
    from curriculum.models import ModulePage
    from lms.live_training import services as live
    from lms.live_training.models import LiveSeries

    module = ModulePage.objects.child_of(program).live().order_by("path").first()
    if module is None or not module.credits_live:
        return
    if LiveSeries.objects.filter(organization=organization, module=module).exists():
        return
    today = timezone.localdate()
    saturday = today + datetime.timedelta(days=(5 - today.weekday()) % 7 or 7)
    hours_per_part = module.live_contact_hours / module.live_session_count
    live.live_series_schedule(
        actor=User.objects.get(email="staff@demo.peerpath.test"),
        organization=organization,
        module=module,
        plan=live.SeriesPlan(
            first_day=saturday,
            start_time=datetime.time(9, 30),
            duration_minutes=math.ceil(min(hours_per_part, LIVE_SESSION_HOURS) * 60),
            count=module.live_session_count,
        ),
        capacity=16,
        place="Riverbend Recovery Community, 120 Main Street, group room",
        facilitators=[User.objects.get(email="facilitator@demo.peerpath.test")],
        title=module.title,
    )
