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


def person_with_role(role: str, organization: Organization, **user_fields) -> User:
    """A person holding one role in one organisation, through the service staff would use."""
    from lms.accounts.services import membership_grant

    user = UserFactory(**user_fields)
    membership_grant(user=user, organization=organization, role=role)
    return user
