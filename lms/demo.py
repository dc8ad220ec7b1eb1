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
