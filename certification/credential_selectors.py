"""Reads of credential definitions, shaped for the rules engine, and of applications and
issued credentials, scoped by role (fixed query counts)."""

import datetime

from django.db.models import Prefetch, QuerySet

from lms import access
from lms.models import User

from .credential_models import CredentialDefinition, CredentialRequirement
from .filters import CredentialApplicationFilter
from .issuance_models import ApplicationStatus, CredentialApplication, IssuedCredential
from .rules import CredentialSpec


def _with_requirements(queryset: QuerySet[CredentialDefinition]) -> QuerySet:
    return queryset.prefetch_related(
        Prefetch(
            "requirements",
            queryset=CredentialRequirement.objects.select_related(
                "domain", "topic", "cap_topic", "subset_topic", "module"
            ).order_by("sort_order", "pk"),
        )
    )


def definitions_in_effect(
    *, on: datetime.date, codes: list[str] | None = None
) -> list[CredentialDefinition]:
    """Active versions in effect on a day (one per code: the highest version wins if two
    overlap), requirements loaded: two queries, whatever the number of definitions."""
    queryset = CredentialDefinition.objects.in_effect_on(on)
    if codes is not None:
        queryset = queryset.filter(code__in=codes)
    newest: dict[str, CredentialDefinition] = {}
    for definition in _with_requirements(queryset.order_by("code", "version")):
        newest[definition.code] = definition
    return list(newest.values())


def specs_in_effect(*, on: datetime.date, codes: list[str] | None = None) -> list[CredentialSpec]:
    """The same, as plain specs for ``rules.evaluate`` (e.g. "what if" against every
    credential). Prerequisite names add one query per definition that has prerequisites."""
    return [definition.as_spec() for definition in definitions_in_effect(on=on, codes=codes)]


# ------------------------------------------------------------------------------
# Applications and issued credentials (scoped once, here)
# ------------------------------------------------------------------------------
def applications_visible_to_staff(user: User) -> QuerySet[CredentialApplication]:
    """Applications staff may review: their own organisations' (superusers: all).

    Anyone else gets an empty queryset, so a view answers 404 rather than confirm it exists.
    """
    queryset = CredentialApplication.objects.select_related(
        "applicant", "definition", "organization", "decided_by"
    )
    if not user.is_authenticated:
        return queryset.none()
    if user.is_superuser:
        return queryset
    return queryset.filter(organization__in=access.staffed_organizations(user))


def application_queue(*, user: User, data=None) -> CredentialApplicationFilter:
    """The staff review queue, filtered by status and credential: a FilterSet whose ``qs``
    runs one query per page (people, versions and organisations joined)."""
    return CredentialApplicationFilter(
        data=data if data is not None else {},
        queryset=applications_visible_to_staff(user).order_by("submitted_at", "pk"),
    )


def credentials_visible_to_staff(user: User) -> QuerySet[IssuedCredential]:
    queryset = IssuedCredential.objects.select_related("definition", "application", "holder")
    if not user.is_authenticated:
        return queryset.none()
    if user.is_superuser:
        return queryset
    return queryset.filter(application__organization__in=access.staffed_organizations(user))


def own_applications(user: User) -> QuerySet[CredentialApplication]:
    return (
        CredentialApplication.objects.filter(applicant=user)
        .select_related("definition")
        .order_by("-submitted_at", "-pk")
    )


def own_credentials(user: User) -> QuerySet[IssuedCredential]:
    return (
        IssuedCredential.objects.filter(holder=user)
        .select_related("definition")
        .order_by("-issued_on", "-pk")
    )


def waiting_application_count(user: User) -> int:
    return applications_visible_to_staff(user).filter(status=ApplicationStatus.SUBMITTED).count()
