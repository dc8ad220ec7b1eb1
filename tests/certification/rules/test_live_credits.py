"""A completion made of credits of several modalities (online lessons, live sessions attended):
the face-to-face share counts only the hours attended in person, in the engine and in bulk."""

from decimal import Decimal

from django.utils import timezone

import pytest

from certification.rules.bulk import evaluate_many
from certification.rules.collect import collect_records
from certification.rules.engine import evaluate
from certification.rules.kinds import RequirementKind
from certification.rules.specs import CredentialSpec, RequirementSpec
from curriculum.taxonomy import ICRC_PR
from lms.accounts.models import Role, User
from lms.learning.models import CompletionCredit
from tests.certification.credential_builders import make_completion
from tests.factories import person_with_role

pytestmark = pytest.mark.django_db

D = Decimal
SPEC = CredentialSpec(
    code="face-to-face",
    name="Half face-to-face",
    version=1,
    requirements=[
        RequirementSpec(
            key="all",
            kind=RequirementKind.EDUCATION_HOURS,
            hours=D(3),
            share_modality="in_person",
            share_percent=D(50),
        ),
        RequirementSpec(
            key="advocacy",
            kind=RequirementKind.EDUCATION_HOURS,
            hours=D(2),
            domain=(ICRC_PR, "advocacy"),
            share_modality="in_person",
            share_percent=D(50),
        ),
    ],
)


def person_with(organization, name, credits, *, modality="self_paced"):
    """3 h (2 advocacy, 1 ethics) completed, made of ``credits`` [(modality, hours)]."""
    person = person_with_role(Role.TRAINEE, organization, display_name=name)
    completion = make_completion(
        person,
        hours="3",
        domains={"advocacy": "2", "ethical-responsibility": "1"},
        modality=modality,
    )
    CompletionCredit.objects.bulk_create(
        CompletionCredit(
            completion=completion,
            kind="live_session" if credit_modality != "self_paced" else "online_lessons",
            modality=credit_modality,
            hours=D(hours),
        )
        for credit_modality, hours in credits
    )
    return person


def test_the_share_is_judged_on_each_credits_modality_alike_in_bulk(organization):
    people = {
        "in person live, lessons online": person_with(
            organization, "A", [("in_person", "2"), ("self_paced", "1")]
        ),
        "live online, lessons online": person_with(
            organization, "B", [("live_online", "2"), ("self_paced", "1")]
        ),
        "recorded before credits, in person": person_with(
            organization, "C", [], modality="in_person"
        ),
        "one hour in person": person_with(
            organization, "D", [("in_person", "1"), ("self_paced", "2")]
        ),
    }
    as_of = timezone.localdate()
    bulk = evaluate_many(SPEC, User.objects.filter(pk__in=[p.pk for p in people.values()]), as_of)
    met = {}
    for label, person in people.items():
        engine = evaluate(SPEC, collect_records(person, as_of), as_of)
        by_key = {result.key: result for result in engine.results}
        for outcome in bulk[person.pk].requirements:
            assert (outcome.have, outcome.met) == (
                by_key[outcome.key].have,
                by_key[outcome.key].met,
            ), (label, outcome.key)
        met[label] = {key: result.met for key, result in by_key.items()}
        if label == "one hour in person":
            share = by_key["advocacy"].checks[1]
            assert share.have == D("0.66"), "2 advocacy hours × 1 of 3 in person, rounded down"
    assert met == {
        "in person live, lessons online": {"all": True, "advocacy": True},
        "live online, lessons online": {"all": False, "advocacy": False},
        "recorded before credits, in person": {"all": True, "advocacy": True},
        "one hour in person": {"all": False, "advocacy": False},
    }
