"""Renewing a credential (issue 6, item 8): continuing education over one cycle.

A credential version carries its renewal requirements beside the ones to earn it
(``CredentialRequirement.purpose``; ``CredentialDefinition.renewal_spec()``). A cycle runs from
the credential's issue date to its end date, and the rules engine judges it with that window:
``counting_from`` is the issue date (so nothing before the first certification, or before the
last renewal, counts) and ``as_of`` is at most the end date (so training after the cycle ended
belongs to no cycle). One credit per training event, as always.

The renewal window opens ``RENEWAL_OPENS_DAYS`` before the end date (when the first reminder
goes out) and stays open ``RENEWAL_GRACE_DAYS`` after it, for a credential that just expired.
A renewal is a CredentialApplication with ``renews`` set, stored by the same service as a first
application and approved by staff the same way; approving it issues the renewed credential
(``issuance_services._issue``): a new number and code, the new cycle starting when the old one
ends, the old credential linked and marked renewed.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from certification.credentials.models import CredentialDefinition
from certification.issuance.models import (
    ApplicationStatus,
    CredentialApplication,
    CredentialStatus,
    IssuedCredential,
)
from certification.issuance.services import application_create
from certification.rules.collect import collect_records
from certification.rules.engine import evaluate
from certification.rules.results import Evaluation
from lms.accounts.models import STAFF_ROLES, Membership, User

RENEWAL_OPENS_DAYS = 90
RENEWAL_GRACE_DAYS = 90

# Holders are reminded this many days before the end date (tightest first); the first
# reminder goes out when the renewal window opens.
EXPIRY_REMINDER_DAYS = (7, 30, RENEWAL_OPENS_DAYS)


@dataclass(frozen=True)
class RenewalState:
    """Where a holder stands with renewing one credential today."""

    credential: IssuedCredential
    definition: CredentialDefinition | None  # the version whose renewal rules apply
    evaluation: Evaluation | None
    opens_on: datetime.date
    closes_on: datetime.date
    open_application: CredentialApplication | None
    reason_closed: str  # empty when the holder may apply now

    @property
    def may_apply(self) -> bool:
        return not self.reason_closed and self.evaluation is not None and self.evaluation.met


def renewal_definition(
    credential: IssuedCredential, *, on: datetime.date
) -> CredentialDefinition | None:
    """The newest version of the credential in effect on ``on`` that has renewal rules (the
    board's current rules), else the version it was issued under, if that has them."""
    candidates = list(
        CredentialDefinition.objects.in_effect_on(on)
        .filter(code=credential.definition.code)
        .order_by("-version")
    )
    if credential.definition not in candidates:
        candidates.append(credential.definition)
    for definition in candidates:
        if definition.renewal_spec().requirements:
            return definition
    return None


def renewal_evaluate(
    *, credential: IssuedCredential, definition: CredentialDefinition, today: datetime.date
) -> Evaluation:
    """Judge the cycle: training from the issue date to the end date (or today, if sooner)."""
    as_of = min(today, credential.expires_on)
    return evaluate(
        definition.renewal_spec(),
        collect_records(credential.holder, as_of),
        as_of,
        counting_from=credential.issued_on,
    )


def renewal_state(
    *, credential: IssuedCredential, today: datetime.date | None = None
) -> RenewalState:
    today = today or timezone.localdate()
    opens_on = credential.expires_on - datetime.timedelta(days=RENEWAL_OPENS_DAYS)
    closes_on = credential.expires_on + datetime.timedelta(days=RENEWAL_GRACE_DAYS)
    open_application = CredentialApplication.objects.filter(
        renews=credential, status=ApplicationStatus.SUBMITTED
    ).first()
    definition = renewal_definition(credential, on=today)
    renewable = credential.is_renewable_on(today)
    reason = ""
    if not renewable:
        reason = _("This credential was %(status)s, so it cannot be renewed.") % {
            "status": credential.get_status_display().lower()
        }
    elif definition is None:
        reason = _("No renewal rules are set for this credential yet. Ask your organisation.")
    elif today < opens_on:
        reason = _("You can apply to renew from %(date)s.") % {
            "date": date_format(opens_on, "DATE_FORMAT")
        }
    elif today > closes_on:
        reason = _(
            "The time to renew ended on %(date)s. Ask your organisation about applying again."
        ) % {"date": date_format(closes_on, "DATE_FORMAT")}
    elif open_application is not None:
        reason = _("Your renewal is waiting for review.")
    evaluation = (
        renewal_evaluate(credential=credential, definition=definition, today=today)
        if definition is not None and renewable
        else None
    )
    return RenewalState(
        credential=credential,
        definition=definition,
        evaluation=evaluation,
        opens_on=opens_on,
        closes_on=closes_on,
        open_application=open_application,
        reason_closed=reason,
    )


def credential_renewal_submit(
    *, holder: User, credential: IssuedCredential
) -> CredentialApplication:
    """Apply to renew a credential when this cycle's continuing education is complete."""
    if credential.holder_id != holder.pk:
        raise PermissionDenied(_("Only the holder renews a credential."))
    state = renewal_state(credential=credential)
    if state.open_application is not None:
        return state.open_application  # applying twice finds the first
    if state.reason_closed:
        raise ValidationError(state.reason_closed)
    if not state.evaluation.met:
        raise ValidationError(
            _("Some renewal requirements are not met yet: %(missing)s.")
            % {"missing": "; ".join(state.evaluation.missing)}
        )
    return application_create(
        applicant=holder,
        organization=credential.application.organization,
        definition=state.definition,
        evaluation=state.evaluation,
        renews=credential,
    )


# ------------------------------------------------------------------------------
# Expiry reminders (sent daily by certification.tasks.credentials_expiry_daily)
# ------------------------------------------------------------------------------
@dataclass(frozen=True)
class ExpiryReminder:
    credential: IssuedCredential
    threshold: int  # the tightest of EXPIRY_REMINDER_DAYS the days left fall within

    @property
    def key(self) -> str:
        """One notice per credential and threshold, so each reminder goes out once."""
        return f"credential-expiry:{self.credential.pk}:{self.threshold}"

    def message(self) -> dict:
        """The notice, in the active language."""
        values = {
            "credential": self.credential.definition.name,
            "date": date_format(self.credential.expires_on, "DATE_FORMAT"),
        }
        return {
            "key": self.key,
            "subject": _("Your %(credential)s credential is valid until %(date)s") % values,
            "body": (
                _(
                    "Your %(credential)s credential is valid until %(date)s: a week or less "
                    "is left. Apply for renewal now on its renewal page, which shows the "
                    "continuing education this cycle asks for and what you have; if anything "
                    "is missing, your organisation's staff can help today."
                )
                if self.threshold <= 7
                else _(
                    "Your %(credential)s credential is valid until %(date)s. Its renewal "
                    "page shows the continuing education this cycle asks for and what you "
                    "have; there is time, and your organisation's staff can help."
                )
            )
            % values,
            "link": reverse("certification:credential_renew", args=[self.credential.pk]),
        }


def expiry_reminders_due(*, today: datetime.date) -> list[ExpiryReminder]:
    """Active credentials ending within the widest threshold, each with its threshold."""
    horizon = today + datetime.timedelta(days=max(EXPIRY_REMINDER_DAYS))
    credentials = (
        IssuedCredential.objects.filter(
            status=CredentialStatus.ACTIVE, expires_on__gte=today, expires_on__lte=horizon
        )
        .select_related("holder", "definition")
        .order_by("pk")
    )
    return [
        ExpiryReminder(
            credential=credential,
            threshold=next(
                days
                for days in EXPIRY_REMINDER_DAYS
                if (credential.expires_on - today).days <= days
            ),
        )
        for credential in credentials
    ]


@dataclass(frozen=True)
class ExpiryNotice:
    """The notice that a credential has expired: to its holder, and to each staff member of
    the organisation that reviewed it (``staff`` is that person, or None for the holder)."""

    credential: IssuedCredential
    staff: User | None = None

    @property
    def recipient(self) -> User:
        return self.staff or self.credential.holder

    @property
    def key(self) -> str:
        suffix = f":staff:{self.staff.pk}" if self.staff else ""
        return f"credential-expired:{self.credential.pk}{suffix}"

    def message(self) -> dict:
        values = {
            "credential": self.credential.definition.name,
            "date": date_format(self.credential.expires_on, "DATE_FORMAT"),
            "name": self.credential.holder_name,
            "number": self.credential.number,
        }
        if self.staff is None:
            return {
                "key": self.key,
                "subject": _("Your %(credential)s credential expired") % values,
                "body": _(
                    "Your %(credential)s credential (%(number)s) was valid until %(date)s. "
                    "You can still renew it on its renewal page during the grace period; "
                    "your organisation's staff can help."
                )
                % values,
                "link": reverse("certification:credential_renew", args=[self.credential.pk]),
            }
        return {
            "key": self.key,
            "subject": _("%(name)s's %(credential)s credential expired") % values,
            "body": _(
                "%(name)s's %(credential)s credential (%(number)s) was valid until %(date)s "
                "and has expired. They can still renew it during the grace period."
            )
            % values,
            "link": reverse(
                "certification:staff_application", args=[self.credential.application_id]
            ),
        }


def expiry_notices_due(*, today: datetime.date) -> list[ExpiryNotice]:
    """Credentials that expired in the last 30 days: one notice to the holder and one to each
    staff member of the reviewing organisation (the caller skips those already sent)."""
    credentials = list(
        IssuedCredential.objects.filter(
            status=CredentialStatus.EXPIRED,
            expires_on__lt=today,
            expires_on__gte=today - datetime.timedelta(days=30),
        )
        .select_related("holder", "definition", "application")
        .order_by("pk")
    )
    staff_by_organization: dict[int, list[User]] = {}
    for membership in Membership.objects.filter(
        organization_id__in={c.application.organization_id for c in credentials},
        role__in=STAFF_ROLES,
    ).select_related("user"):
        people = staff_by_organization.setdefault(membership.organization_id, [])
        if membership.user not in people:
            people.append(membership.user)
    notices = []
    for credential in credentials:
        notices.append(ExpiryNotice(credential=credential))
        notices.extend(
            ExpiryNotice(credential=credential, staff=person)
            for person in staff_by_organization.get(credential.application.organization_id, [])
        )
    return notices
