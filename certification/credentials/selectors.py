"""Reads of credential definitions, shaped for the rules engine, and of applications and
issued credentials, scoped by role (fixed query counts)."""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone, translation

from certification.credentials.evidence_selectors import waiting_from_rows, waiting_queries
from certification.credentials.models import CredentialDefinition, CredentialRequirement
from certification.issuance.filters import CredentialApplicationFilter
from certification.issuance.models import (
    ApplicationStatus,
    CredentialApplication,
    CredentialStatus,
    IssuedCredential,
)
from certification.rules.collect import (
    RECORD_STAND_INS,
    record_arguments,
    record_queries,
    records_from_rows,
)
from certification.rules.engine import evaluate
from certification.rules.results import Evaluation
from certification.rules.specs import CredentialSpec
from curriculum.models import ProgramCredential
from lms import access
from lms.accounts.models import User
from lms.learning.cache import cached_reference
from lms.learning.models import Enrollment
from lms.one_trip import OneTrip, together


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


def _progress_queries(*, person_id: int, as_of: datetime.date, end: datetime.datetime) -> dict:
    # Named apart from the records' own "credentials" (the engine's view of them).
    return together(
        record_queries(person_id=person_id, as_of=as_of, end=end),
        {
            "targeted": targeted_codes_query(person_id),
            "own_applications": own_applications(person_id),
            "own_credentials": own_credentials(person_id),
        },
    )


def _home_queries(**arguments) -> dict:
    return together(_progress_queries(**arguments), waiting_queries(arguments["person_id"]))


# Each in one statement on PostgreSQL (lms.one_trip), its SQL built once per process.
_PROGRESS = OneTrip(_progress_queries, stand_ins=RECORD_STAND_INS)
_HOME = OneTrip(_home_queries, stand_ins=RECORD_STAND_INS)


def credential_progress(
    *, user: User, on: datetime.date | None = None, one_trip: bool | None = None
) -> list[CredentialProgress]:
    """Every credential in effect judged against the person's records, targeted ones first.

    One statement whatever the number of records or credentials (one query per kind of row
    where the database cannot): the person's records (collected once, for every credential:
    the engine is pure), the credentials their programs prepare for, their applications and
    credentials; the definitions and their specs come from the shared cache.
    """
    on = on or timezone.localdate()
    rows = _PROGRESS.read(one_trip=one_trip, **record_arguments(user.pk, on))
    return _progress_from_rows(rows, on)


@dataclass
class CredentialsHome:
    """What /learn/credentials/ shows: progress toward each credential, the credentials held
    (newest first) and the evidence sent that does not count yet."""

    progress: list[CredentialProgress]
    credentials: list[IssuedCredential]
    waiting: dict


def credentials_home(
    *, user: User, on: datetime.date | None = None, one_trip: bool | None = None
) -> CredentialsHome:
    """``credential_progress`` and the rest of the page, in the same one statement."""
    on = on or timezone.localdate()
    rows = _HOME.read(one_trip=one_trip, **record_arguments(user.pk, on))
    return CredentialsHome(
        progress=_progress_from_rows(rows, on),
        credentials=_newest_first(rows["own_credentials"], "issued_on"),
        waiting=waiting_from_rows(rows),
    )


def _newest_first(items: list, moment: str) -> list:
    """In the order of the queryset's ``-moment, -pk`` (JSON need not keep it)."""
    return sorted(items, key=lambda item: (getattr(item, moment), item.pk), reverse=True)


def _progress_from_rows(rows: dict, on: datetime.date) -> list[CredentialProgress]:
    targeted = set(rows["targeted"])
    records = records_from_rows(rows)
    applications = _newest_first(rows["own_applications"], "submitted_at")
    credentials = _newest_first(rows["own_credentials"], "issued_on")
    progress = []
    for definition, spec in definitions_with_specs_in_effect(on=on):
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
