"""A small network: two RCOs in one ROSC region (14 and 3 trainees enrolled), one in another
(12), staff and an administrator of the first, and network readers of each region."""

from dataclasses import dataclass

import pytest

from curriculum.editorial import statewide_section_ensure
from lms.accounts.models import NetworkAccess, Role
from lms.learning.models import Cohort, Enrollment
from tests.factories import OrganizationFactory, UserFactory, person_with_role
from tests.lms.builders import build_program

CENTRAL = "Central ROSC Council"
NORTH = "North ROSC Council"


@dataclass
class Network:
    alpha: object
    beta: object
    gamma: object
    program: object
    staff: object
    admin: object
    reader: object
    north_reader: object
    trainees: dict
    cohort: object


def enrol(organization, program, count: int, *, prefix: str, cohort=None) -> list:
    people = []
    for number in range(count):
        trainee = person_with_role(
            Role.TRAINEE, organization, display_name=f"{prefix} Trainee {number}"
        )
        Enrollment.objects.create(user=trainee, program=program, cohort=cohort)
        people.append(trainee)
    return people


@pytest.fixture
def network(db):
    program = build_program(statewide_section_ensure().section, title="Peer basics")
    alpha = OrganizationFactory(name="Alpha Recovery", slug="alpha", region=CENTRAL)
    beta = OrganizationFactory(name="Beta Recovery", slug="beta", region=CENTRAL)
    gamma = OrganizationFactory(name="Gamma Recovery", slug="gamma", region=NORTH)
    spring = Cohort.objects.create(
        organization=alpha, name="Alpha spring class", program=program, starts_on="2026-03-02"
    )
    trainees = {
        "alpha": enrol(alpha, program, 12, prefix="Alpha", cohort=spring)
        + enrol(alpha, program, 2, prefix="Alpha later"),
        "beta": enrol(beta, program, 3, prefix="Beta"),
        "gamma": enrol(gamma, program, 12, prefix="Gamma"),
    }
    reader = UserFactory(display_name="Network Reader")
    NetworkAccess.objects.create(user=reader, region=CENTRAL)
    north_reader = UserFactory(display_name="North Reader")
    NetworkAccess.objects.create(user=north_reader, region=NORTH)
    return Network(
        alpha=alpha,
        beta=beta,
        gamma=gamma,
        program=program,
        staff=person_with_role(Role.STAFF, alpha),
        admin=person_with_role(Role.ORG_ADMIN, alpha, email="admin@alpha.example.org"),
        reader=reader,
        north_reader=north_reader,
        trainees=trainees,
        cohort=spring,
    )
