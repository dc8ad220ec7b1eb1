"""Factories for people and organisations, shared by every test package."""

import factory
from allauth.account.models import EmailAddress

from lms.accounts.models import Membership, Organization, Role, User

TEST_PASSWORD = "correct-horse-battery-staple"


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Recovery Community {n}")
    slug = factory.Sequence(lambda n: f"recovery-community-{n}")
    region = "Central ROSC Council"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Faker("name")

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or TEST_PASSWORD)
        if create:
            self.save(update_fields=["password"])
            if self.email:
                EmailAddress.objects.get_or_create(
                    user=self, email=self.email, defaults={"primary": True, "verified": True}
                )


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Role.TRAINEE


def person_with_role(
    role: str, organization: Organization, *, qualified: bool = True, **user_fields
) -> User:
    """A person holding one role in one organisation, through the service staff would use.

    A supervisor comes with a credential staff verified, valid for years (sign-off needs one:
    certification/supervision/qualifications.py); ``qualified=False`` leaves it out."""
    from lms.accounts.services import membership_grant

    user = UserFactory(**user_fields)
    membership_grant(user=user, organization=organization, role=role)
    if role == Role.SUPERVISOR and qualified:
        verified_qualification(user, organization)
    return user


def verified_qualification(supervisor: User, organization: Organization, *, expires_on=None):
    import datetime

    from django.utils import timezone

    from certification.supervision.qualifications import SupervisorQualification

    return SupervisorQualification.objects.create(
        supervisor=supervisor,
        organization=organization,
        kind="illinois",
        credential_name="Certified Peer Recovery Specialist (CPRS)",
        number=f"CPRS-{supervisor.pk:05d}",
        expires_on=expires_on or timezone.localdate() + datetime.timedelta(days=3 * 365),
        status="verified",
        reviewed_at=timezone.now(),
    )
