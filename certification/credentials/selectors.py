"""Reads of credential definitions, shaped for the rules engine, and of applications and
issued credentials, scoped by role (fixed query counts)."""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone, translation

from certification.credentials.models import CredentialDefinition, CredentialRequirement
from certification.issuance.filters import CredentialApplicationFilter
from certification.issuance.models import (
    ApplicationStatus,
    CredentialApplication,
    CredentialStatus,
    IssuedCredential,
)
from certification.rules.collect import collect_records
from certification.rules.engine import evaluate
from certification.rules.results import Evaluation
from certification.rules.specs import CredentialSpec
from curriculum.models import ProgramCredential
from lms import access
from lms.accounts.models import User
from lms.learning.cache import cached_reference
from lms.learning.models import Enrollment


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


def _definitions_with_specs(on: datetime.date) -> list[tuple[CredentialDefinition, CredentialSpec]]:
    definitions_and_specs = []
    for definition in definitions_in_effect(on=on):
        spec = definition.as_spec()
        # The spec carries the requirements; the definition is kept light for the cache.
        definition._prefetched_objects_cache = {}
        definitions_and_specs.append((definition, spec))
    return definitions_and_specs


def definitions_with_specs_in_effect(
    *, on: datetime.date
) -> list[tuple[CredentialDefinition, CredentialSpec]]:
    """Every definition in effect on a day with its spec, from the shared cache.

    The same for everyone, so it is built once (definitions_in_effect and as_spec) and kept
    until an editor saves a definition, a requirement, a page or a taxonomy term
    (lms/learning/cache.py); per language, as specs carry translated framework names.
    """
    return cached_reference(
        f"credential-specs:{on.isoformat()}:{translation.get_language()}",
        lambda: _definitions_with_specs(on),
    )


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
    staffed = access.staffed_organizations(user)
    # A credentialing body's staff see what was endorsed and sent to it.
    return queryset.filter(
        Q(organization__in=staffed) | Q(issuer__in=staffed, endorsed_at__isnull=False)
    )


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
    staffed = access.staffed_organizations(user)
    return queryset.filter(
        Q(application__organization__in=staffed) | Q(issuer_organization__in=staffed)
    )


def credentials_held_or_staffed(user: User) -> QuerySet[IssuedCredential]:
    """Credentials the person holds, or (staff) their organisation issued (superusers: all)."""
    queryset = IssuedCredential.objects.select_related("definition", "application")
    if user.is_superuser:
        return queryset
    staffed = access.staffed_organizations(user)
    return queryset.filter(
        Q(holder=user)
        | Q(application__organization__in=staffed)
        | Q(issuer_organization__in=staffed)
    )


def own_applications(user: User) -> QuerySet[CredentialApplication]:
    return (
        CredentialApplication.objects.filter(applicant=user)
        .select_related("definition")
        .order_by("-submitted_at", "-pk")
    )


def own_credentials(user: User) -> QuerySet[IssuedCredential]:
    return (
        IssuedCredential.objects.filter(holder=user)
        .select_related("definition", "issuer_organization", "application__organization")
        .order_by("-issued_on", "-pk")
    )


def badge_credentials(user: User) -> QuerySet[IssuedCredential]:
    """The holder's credentials that may be signed as an Open Badge: never a revoked one anew."""
    # The SQL form of IssuedCredential.issues_copies.
    return own_credentials(user).exclude(status=CredentialStatus.REVOKED)


def waiting_application_count(user: User) -> int:
    return applications_visible_to_staff(user).filter(status=ApplicationStatus.SUBMITTED).count()


# ------------------------------------------------------------------------------
# The trainee's progress page
# ------------------------------------------------------------------------------
@dataclass(frozen=True)
class CredentialProgress:
    definition: CredentialDefinition
    evaluation: Evaluation
    targeted: bool
    open_application: CredentialApplication | None
    last_decision: CredentialApplication | None
    held: IssuedCredential | None

    @property
    def may_apply(self) -> bool:
        return (
            self.evaluation.met
            and self.open_application is None
            and (self.held is None or not self.held.is_active)
        )


def targeted_codes_query(user_id: int) -> QuerySet:
    """The codes of the credentials a person's programs prepare for (repeats possible)."""
    programs = Enrollment.objects.filter(user_id=user_id, program__isnull=False).values(
        "program_id"
    )
    return ProgramCredential.objects.filter(program_id__in=programs).values_list(
        "credential", flat=True
    )


def targeted_credential_codes(user: User) -> set[str]:
    """Credentials the programs a person is enrolled in prepare for: one query."""
    return set(targeted_codes_query(user.pk))


def credential_progress(
    *,
    user: User,
    on: datetime.date | None = None,
    credentials: list[IssuedCredential] | None = None,
) -> list[CredentialProgress]:
    """Every credential in effect judged against the person's records, targeted ones first.

    A fixed number of queries whatever the number of records or credentials: the targeted
    codes, the records (collect_records once, for every credential: the engine is pure), the
    person's applications and credentials (pass ``credentials`` if the caller has them);
    the definitions and their specs come from the shared cache.
    """
    on = on or timezone.localdate()
    targeted = targeted_credential_codes(user)
    definitions = definitions_with_specs_in_effect(on=on)
    records = collect_records(user, on)
    applications = list(own_applications(user))
    if credentials is None:
        credentials = list(own_credentials(user))
    progress = []
    for definition, spec in definitions:
        same_code = [a for a in applications if a.definition.code == definition.code]
        progress.append(
            CredentialProgress(
                definition=definition,
                evaluation=evaluate(spec, records, on),
                targeted=definition.code in targeted or not targeted,
                open_application=next((a for a in same_code if a.is_open), None),
                last_decision=next((a for a in same_code if not a.is_open), None),
                held=next((c for c in credentials if c.definition.code == definition.code), None),
            )
        )
    return sorted(progress, key=lambda item: (not item.targeted, item.definition.name))
