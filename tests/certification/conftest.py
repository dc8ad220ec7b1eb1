"""Fixtures for supervised practice: signed agreements, domains and entries in each state."""

import datetime
from decimal import Decimal

from django.utils import timezone

import pytest

from certification.supervision import services
from certification.supervision.models import (
    ActivityType,
    Modality,
    PracticeSetting,
    SupervisionAgreement,
)
from curriculum.models import CompetencyDomain
from curriculum.starter import seed_current_taxonomy
from curriculum.taxonomy import ICRC_PR


def make_signed_agreement(
    *,
    trainee,
    supervisor,
    organization,
    signed_days_ago: int = 60,
    start_days_ago: int = 60,
    length_days: int = 365,
    credential_expires_in_days: int = 400,
) -> SupervisionAgreement:
    """An agreement both sides signed in the past (services stamp 'now', so write directly)."""
    today = timezone.localdate()
    # Signed on the local day `signed_days_ago` before today, at this time of day: subtracting
    # whole days from the UTC instant would land on another local day across a clock change.
    signed_at = local_days_ago(signed_days_ago)
    start = today - datetime.timedelta(days=start_days_ago)
    return SupervisionAgreement.objects.create(
        organization=organization,
        trainee=trainee,
        supervisor=supervisor,
        start_date=start,
        end_date=start + datetime.timedelta(days=length_days),
        supervisor_credential_name="Certified Peer Recovery Specialist",
        supervisor_credential_number="CPRS-1234",
        supervisor_credential_expires_on=today
        + datetime.timedelta(days=credential_expires_in_days),
        supervisor_signature=supervisor.display_name,
        supervisor_signed_at=signed_at,
        supervisor_signed_on=timezone.localdate(signed_at),
        trainee_signature=trainee.display_name,
        trainee_signed_at=signed_at,
        trainee_signed_on=timezone.localdate(signed_at),
        created_by=supervisor,
    )


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def local_days_ago(days: int) -> datetime.datetime:
    """This local time of day, `days` local days ago (the same wall-clock time across DST)."""
    now = timezone.localtime()
    return timezone.make_aware(
        datetime.datetime.combine(days_ago(days), now.time().replace(tzinfo=None))
    )


@pytest.fixture
def domains(db):
    # Transactional tests empty every table, data migrations included: load the taxonomy again.
    if not CompetencyDomain.objects.exists():
        seed_current_taxonomy()
    return {d.slug: d for d in CompetencyDomain.objects.filter(framework=ICRC_PR)}


@pytest.fixture
def domain(domains):
    return domains["advocacy"]


@pytest.fixture
def agreement(trainee, supervisor, organization):
    return make_signed_agreement(trainee=trainee, supervisor=supervisor, organization=organization)


@pytest.fixture
def other_agreement(other_trainee, supervisor, organization):
    return make_signed_agreement(
        trainee=other_trainee, supervisor=supervisor, organization=organization
    )


def entry_values(domain, **overrides) -> dict:
    values = {
        "date": days_ago(3),
        "duration_hours": Decimal("1.5"),
        "domain": domain,
        "setting": PracticeSetting.COMMUNITY,
        "activity_type": ActivityType.ONE_TO_ONE,
        "modality": Modality.IN_PERSON,
        "description": "Walked with a peer to their first mutual-help meeting.",
    }
    values.update(overrides)
    return values


@pytest.fixture
def make_entry(domain):
    def make(*, trainee, submit=True, **overrides):
        return services.practice_entry_create(
            trainee=trainee, submit=submit, **entry_values(domain, **overrides)
        )

    return make


@pytest.fixture
def draft_entry(make_entry, trainee, agreement):
    return make_entry(trainee=trainee, submit=False)


@pytest.fixture
def submitted_entry(make_entry, trainee, agreement):
    return make_entry(trainee=trainee)


@pytest.fixture
def approved_entry(submitted_entry, supervisor):
    return services.practice_entry_approve(
        entry=submitted_entry, supervisor=supervisor, signature="Sam Supervisor", attested=True
    )
