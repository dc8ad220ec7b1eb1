"""Step 1: organisations, their trainees, supervisors and staff, and the memberships."""

import datetime
from collections import defaultdict

from django.contrib.auth.hashers import make_password

from lms.accounts.models import Membership, Organization, Role, User

from .parameters import BATCH_SIZE, HISTORY_DAYS, LOAD_PASSWORD, SLUG_PREFIX, split_evenly
from .state import LoadState
from .vocabulary import FIRST_NAMES, LAST_NAMES, PLACES, REGIONS


def build_people(state: LoadState) -> None:
    parameters, rng = state.parameters, state.rng
    state.organizations = Organization.objects.bulk_create(
        Organization(
            name=f"{PLACES[index % len(PLACES)]} Recovery Community"
            + (f" {index // len(PLACES) + 1}" if index >= len(PLACES) else ""),
            slug=f"{SLUG_PREFIX}{index:03d}",
            region=REGIONS[index % len(REGIONS)],
        )
        for index in range(parameters.organizations)
    )
    password = make_password(LOAD_PASSWORD)  # hashed once, shared by every account
    trainees_per = split_evenly(parameters.trainees, parameters.organizations)
    supervisors_per = split_evenly(parameters.supervisors, parameters.organizations)
    planned: list[tuple[User, Organization, str]] = []
    for organization, trainee_count, supervisor_count in zip(
        state.organizations, trainees_per, supervisors_per, strict=True
    ):
        roles = (
            [Role.TRAINEE] * trainee_count
            + [Role.SUPERVISOR] * supervisor_count
            + [Role.STAFF] * parameters.staff_per_organization
        )
        for number, role in enumerate(roles):
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            # Many trainees have no stable email address; staff give them sign-in codes.
            has_email = role != Role.TRAINEE or rng.random() > 0.15
            email = f"{role}{number}@{organization.slug}.load.test" if has_email else None
            planned.append(
                (
                    User(
                        email=email,
                        display_name=name,
                        password=password,
                        date_joined=state.now - datetime.timedelta(days=HISTORY_DAYS + 30),
                    ),
                    organization,
                    role,
                )
            )
    users = User.objects.bulk_create([user for user, _org, _role in planned], BATCH_SIZE)
    Membership.objects.bulk_create(
        (
            Membership(user=user, organization=organization, role=role)
            for user, (_user, organization, role) in zip(users, planned, strict=True)
        ),
        batch_size=BATCH_SIZE,
    )
    state.by_organization = defaultdict(lambda: defaultdict(list))
    for user, (_user, organization, role) in zip(users, planned, strict=True):
        state.by_organization[organization.pk][role].append(user)
    state.counts["users"] = len(users)
