"""Step 6: credential applications with the engine's real evaluation, and issued credentials.

Issued credentials are built by the issuance service's own constructor
(`issued_credential_build`: validity from the definition, number placeholder, verification
code); only the writing is in bulk.
"""

import datetime

from django.utils import timezone

from certification import audit
from certification.credentials.models import CredentialDefinition, DefinitionStatus
from certification.issuance.models import (
    ApplicationStatus,
    CredentialApplication,
    IssuedCredential,
    PacketStatus,
)
from certification.issuance.services import issued_credential_build
from certification.rules.collect import evaluate_for_person
from lms.accounts.models import Role

from .state import LoadState


def build_credentials(state: LoadState) -> None:
    """About 2 % of trainees hold a credential issued here, 1 % wait for a decision.

    Each application keeps the engine's real evaluation of the applicant's records. Packets
    (PDFs) are not built for load data: the staff queue shows them as not prepared.
    """
    rng = state.rng
    definition = (
        CredentialDefinition.objects.filter(status=DefinitionStatus.ACTIVE).order_by("pk").first()
    )
    state.verification_code = ""
    if definition is None:
        return
    organization_of = {
        trainee.pk: organization
        for organization in state.organizations
        for trainee in state.by_organization[organization.pk][Role.TRAINEE]
    }
    trainees = [
        trainee
        for organization in state.organizations
        for trainee in state.by_organization[organization.pk][Role.TRAINEE]
    ]
    holders = rng.sample(trainees, k=max(1, len(trainees) // 50))
    holder_ids = {person.pk for person in holders}
    waiting = rng.sample(
        [person for person in trainees if person.pk not in holder_ids],
        k=min(len(trainees) - len(holders), len(trainees) // 100),
    )
    applications = []
    for person in holders + waiting:
        organization = organization_of[person.pk]
        staff = state.by_organization[organization.pk][Role.STAFF][0]
        submitted_at = state.now - datetime.timedelta(days=rng.randrange(5, 300))
        decided = person.pk in holder_ids
        applications.append(
            CredentialApplication(
                applicant=person,
                organization=organization,
                definition=definition,
                evaluation=evaluate_for_person(
                    definition=definition, person=person, as_of=submitted_at.date()
                ).as_dict(),
                status=ApplicationStatus.APPROVED if decided else ApplicationStatus.SUBMITTED,
                submitted_at=submitted_at,
                decided_at=submitted_at + datetime.timedelta(days=3) if decided else None,
                decided_by=staff if decided else None,
                packet_status=PacketStatus.FAILED,
            )
        )
    applications = CredentialApplication.objects.bulk_create(applications)
    credentials = IssuedCredential.objects.bulk_create(
        issued_credential_build(
            application=application,
            issued_by=application.decided_by,
            issued_on=timezone.localdate(application.decided_at),
        )
        for application in applications[: len(holders)]
    )
    for credential in credentials:
        credential.number = IssuedCredential.number_for(
            code=definition.code, issued_on=credential.issued_on, pk=credential.pk
        )
    IssuedCredential.objects.bulk_update(credentials, ["number"])
    for credential in credentials:
        state.audit(
            occurred_at=credential.application.decided_at,
            actor=credential.issued_by,
            action="credential.issue",
            target=credential,
            after=audit.snapshot(credential),
        )
    state.verification_code = credentials[0].verification_code if credentials else ""
    state.counts.update(
        credential_applications=len(applications), issued_credentials=len(credentials)
    )
