"""Build a large, realistic data set for the benchmarks (idempotent: skipped when present)."""

from django.contrib.auth.hashers import make_password
from django.db import transaction

from lms.models import Membership, Organization, Role, User

ORGANIZATIONS = 20
TRAINEES_PER_ORGANIZATION = 250
BENCH_PASSWORD = "bench-password"  # noqa: S105 - throwaway data on a throwaway database


@transaction.atomic
def generate() -> dict[str, User]:
    """Twenty RCOs with 250 trainees, 5 supervisors and 2 staff each (5,000 trainees in all)."""
    password = make_password(BENCH_PASSWORD)
    if not Organization.objects.filter(slug="bench-0").exists():
        organizations = Organization.objects.bulk_create(
            Organization(name=f"Bench Recovery Community {n}", slug=f"bench-{n}", region="Bench")
            for n in range(ORGANIZATIONS)
        )
        for organization in organizations:
            people = []
            roles = (
                [Role.TRAINEE] * TRAINEES_PER_ORGANIZATION
                + [Role.SUPERVISOR] * 5
                + [Role.STAFF] * 2
            )
            for index, role in enumerate(roles):
                people.append(
                    User(
                        email=f"{role}{index}@{organization.slug}.bench.test",
                        display_name=f"{role.title()} {index}",
                        password=password,
                    )
                )
            people = User.objects.bulk_create(people)
            Membership.objects.bulk_create(
                Membership(user=person, organization=organization, role=role)
                for person, role in zip(people, roles, strict=True)
            )
    return {
        "trainee": User.objects.get(email="trainee0@bench-0.bench.test"),
        "supervisor": User.objects.get(
            email=f"supervisor{TRAINEES_PER_ORGANIZATION}@bench-0.bench.test"
        ),
        "staff": User.objects.get(email=f"staff{TRAINEES_PER_ORGANIZATION + 5}@bench-0.bench.test"),
    }
