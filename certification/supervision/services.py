"""Writes for supervised practice. Views, tasks, admin and the demo call these; nothing else
changes these records.

Every service is keyword-only, checks permission itself, runs in one transaction, writes an
audit event for each change and queues notifications with `transaction.on_commit`, so nothing
is sent for a change that rolled back.
"""

import datetime
import uuid
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from certification import audit
from certification.supervision import identifiers, selectors
from certification.supervision.models import (
    EDITABLE_STATUSES,
    MAX_HOURS_PER_DAY,
    EntryStatus,
    PracticeLogEntry,
    SupervisionAgreement,
)
from certification.supervision.qualifications import supervisor_qualified_through
from certification.supervision.tasks import notify_entry_reviewed
from curriculum.hours import format_hours
from curriculum.models import CompetencyDomain
from lms import access, outbox
from lms.accounts.models import Organization, Role, User
from lms.signatures import ensure_signature_matches

# Fields a trainee fills in on an entry; everything else is set by the workflow.
ENTRY_FIELDS = (
    "date",
    "duration_hours",
    "domain",
    "setting",
    "activity_type",
    "modality",
    "description",
)


# ------------------------------------------------------------------------------
# Shared checks
# ------------------------------------------------------------------------------
def ensure_status(entry: PracticeLogEntry, *, allowed: Iterable[str]) -> None:
    if entry.status in allowed:
        return
    messages = {
        EntryStatus.APPROVED: _("This entry is already signed, so it cannot change."),
        EntryStatus.REJECTED: _("This entry was not accepted, so it cannot change."),
        EntryStatus.SUBMITTED: _("This entry is waiting for sign-off and cannot change now."),
        EntryStatus.DRAFT: _("This entry has not been submitted yet."),
        EntryStatus.RETURNED: _("This entry was returned to the trainee for changes."),
    }
    raise ValidationError(messages.get(entry.status, _("This entry cannot change now.")))


def _lock_person(person: User) -> None:
    """Serialise one person's hour writes so two tabs cannot both fill the same day."""
    User.objects.select_for_update().filter(pk=person.pk).values_list("pk", flat=True).first()


def day_label(day: datetime.date) -> str:
    return date_format(day, "DATE_FORMAT")


def agreement_covering(
    *, trainee: User, day: datetime.date, agreement: SupervisionAgreement | None = None
) -> SupervisionAgreement:
    """The signed agreement under which hours on `day` count, or a ValidationError saying why
    they would not count (in words the trainee can act on)."""
    if agreement is not None:
        candidates = [agreement] if agreement.trainee_id == trainee.pk else []
    else:
        candidates = list(
            SupervisionAgreement.objects.filter(trainee=trainee)
            .select_related("supervisor")
            .order_by("-start_date", "-pk")
        )
    if not candidates:
        raise ValidationError(
            {
                "date": _(
                    "You have no supervision agreement yet, so hours cannot count. Ask your "
                    "supervisor or your organisation's staff to set one up: hours count from "
                    "the day you have both signed it."
                )
            }
        )
    reasons = []
    for candidate in candidates:
        reason = candidate.reason_not_covering(day)
        if reason is None:
            if candidate.is_open_to_supervisor():
                return candidate
            # Its supervisor can no longer see or sign anything under it.
            reason = _review_closed_reason(candidate)
        if reason not in reasons:
            reasons.append(reason)
    raise ValidationError({"date": " ".join(reasons)})


def _review_closed_reason(agreement: SupervisionAgreement) -> str:
    return _(
        "Your supervision agreement with %(supervisor)s covered hours up to %(ended)s, and "
        "they could be sent for sign-off until %(until)s. Ask your organisation's staff what "
        "to do with these hours."
    ) % {
        "supervisor": agreement.supervisor,
        "ended": day_label(agreement.last_covered_day),
        "until": day_label(agreement.review_closes_on),
    }


def _ensure_day_has_room(
    *,
    trainee: User,
    day: datetime.date,
    hours: Decimal,
    excluding: Sequence[int] = (),
) -> None:
    claimed = PracticeLogEntry.objects.claimed_on(trainee_id=trainee.pk, day=day).exclude(
        pk__in=[pk for pk in excluding if pk]
    ).aggregate(total=Sum("duration_hours"))["total"] or Decimal("0")
    if claimed + hours > MAX_HOURS_PER_DAY:
        raise ValidationError(
            {
                "duration_hours": _(
                    "A day has 24 hours. You already logged %(claimed)s h on %(day)s, so this "
                    "entry can be at most %(room)s h."
                )
                % {
                    "claimed": format_hours(claimed),
                    "day": day_label(day),
                    "room": format_hours(max(MAX_HOURS_PER_DAY - claimed, Decimal("0"))),
                }
            }
        )


def _validate_entry(entry: PracticeLogEntry) -> None:
    """Field rules first (duration, future date), then the rules that need the database."""
    entry.full_clean(exclude=["agreement", "trainee"], validate_unique=False)


def _domain_choice_error(domain) -> None:
    if not isinstance(domain, CompetencyDomain):
        raise ValidationError({"domain": _("Choose a competency domain from the list.")})


# ------------------------------------------------------------------------------
# Agreements
# ------------------------------------------------------------------------------
def agreement_create(
    *,
    created_by: User,
    organization: Organization,
    trainee: User,
    supervisor: User,
    start_date: datetime.date,
    end_date: datetime.date,
    credential_name: str,
    credential_number: str,
    credential_expires_on: datetime.date,
    supervisor_signature: str = "",
    attested: bool = False,
) -> SupervisionAgreement:
    """Set up a supervision agreement. A supervisor who creates it signs it at the same time;
    staff of the organisation may prepare one for both sides to sign."""
    if created_by.pk != supervisor.pk and not access.is_staff_of(created_by, organization):
        raise PermissionDenied(_("Only the supervisor or the organisation's staff can do that."))
    if not access.holds_role_in(supervisor, organization, Role.SUPERVISOR):
        raise ValidationError({"supervisor": _("This person is not a supervisor here.")})
    if not access.holds_role_in(trainee, organization, Role.TRAINEE):
        raise ValidationError({"trainee": _("This person is not a trainee here.")})
    if trainee.pk == supervisor.pk:
        raise ValidationError({"trainee": _("A person cannot supervise themselves.")})
    signing_now = created_by.pk == supervisor.pk
    if signing_now:
        ensure_signature_matches(
            person=supervisor, signature=supervisor_signature, attested=attested
        )
    agreement = SupervisionAgreement(
        organization=organization,
        trainee=trainee,
        supervisor=supervisor,
        start_date=start_date,
        end_date=end_date,
        supervisor_credential_name=credential_name.strip(),
        supervisor_credential_number=credential_number.strip(),
        supervisor_credential_expires_on=credential_expires_on,
        created_by=created_by,
    )
    agreement.full_clean(exclude=["supervisor_signature"])
    with transaction.atomic():
        agreement.save()
        audit.record(
            actor=created_by,
            action="agreement.create",
            target=agreement,
            after=audit.snapshot(agreement),
        )
        if signing_now:
            _sign_agreement_locked(
                agreement=agreement, signer=supervisor, signature=supervisor_signature
            )
    return agreement


# One answer for every address a supervisor may not propose to (see agreement_propose).
TRAINEE_EMAIL_NOT_FOUND = gettext_lazy(
    "We could not propose an agreement to this address. Check with the trainee that it is the "
    "address they sign in with, at an organisation where you supervise; your organisation's "
    "staff can also prepare the agreement for you."
)


def agreement_propose(
    *,
    supervisor: User,
    trainee_email: str,
    start_date: datetime.date,
    end_date: datetime.date,
    credential_name: str,
    credential_number: str,
    credential_expires_on: datetime.date,
    signature: str,
    attested: bool,
) -> SupervisionAgreement:
    """A supervisor proposes an agreement to a trainee named by email address, and signs it.

    The organisation is the one where the trainee trains and the supervisor supervises.
    Whatever the reason an address is not one they may propose to, the answer is the same
    (under ``trainee``), so it never confirms who is a trainee here."""
    membership = selectors.trainee_for_new_agreement(supervisor=supervisor, email=trainee_email)
    if membership is None:
        raise ValidationError({"trainee": TRAINEE_EMAIL_NOT_FOUND})
    return agreement_create(
        created_by=supervisor,
        organization=membership.organization,
        trainee=membership.user,
        supervisor=supervisor,
        start_date=start_date,
        end_date=end_date,
        credential_name=credential_name,
        credential_number=credential_number,
        credential_expires_on=credential_expires_on,
        supervisor_signature=signature,
        attested=attested,
    )


def _sign_agreement_locked(
    *, agreement: SupervisionAgreement, signer: User, signature: str
) -> None:
    now = timezone.now()
    side = "supervisor" if signer.pk == agreement.supervisor_id else "trainee"
    if getattr(agreement, f"{side}_signed_at"):
        raise ValidationError(_("You have already signed this agreement."))
    with audit.audited_change(actor=signer, action="agreement.sign", target=agreement):
        setattr(agreement, f"{side}_signature", signature.strip())
        setattr(agreement, f"{side}_signed_at", now)
        setattr(agreement, f"{side}_signed_on", timezone.localdate(now))


def agreement_sign(
    *, agreement: SupervisionAgreement, signer: User, signature: str, attested: bool
) -> SupervisionAgreement:
    """One side signs the agreement with their typed name. Hours count from both signatures."""
    if signer.pk not in (agreement.trainee_id, agreement.supervisor_id):
        raise PermissionDenied(_("Only the trainee and the supervisor sign this agreement."))
    ensure_signature_matches(person=signer, signature=signature, attested=attested)
    with transaction.atomic():
        agreement = SupervisionAgreement.objects.select_for_update().get(pk=agreement.pk)
        _sign_agreement_locked(agreement=agreement, signer=signer, signature=signature)
    return agreement


# ------------------------------------------------------------------------------
# Practice entries: the trainee's side
# ------------------------------------------------------------------------------
def practice_entry_create(
    *,
    trainee: User,
    date: datetime.date,
    duration_hours: Decimal,
    domain: CompetencyDomain,
    setting: str,
    activity_type: str,
    modality: str,
    description: str,
    agreement: SupervisionAgreement | None = None,
    submit: bool = False,
    corrects: PracticeLogEntry | None = None,
    identifiers_confirmed: bool = False,
    client_key: uuid.UUID | None = None,
) -> PracticeLogEntry:
    """Log hours as a draft (or submit them at once). Refused, with the reason, when the hours
    could not count: outside a signed agreement, in the future, or beyond 24 h that day; and
    when the description may identify a person served, unless the trainee confirmed it does
    not (supervision/identifiers.py).

    ``client_key`` (made by the phone for an entry logged offline) makes sending it again
    harmless: the entry already made with that key is returned, and nothing else happens."""
    if client_key is not None:
        existing = PracticeLogEntry.objects.filter(trainee=trainee, client_key=client_key).first()
        if existing is not None:
            return existing
    _domain_choice_error(domain)
    description = (description or "").strip()
    kinds = identifiers.confirmed_kinds(
        description, confirmed=identifiers_confirmed, field="description"
    )
    entry = PracticeLogEntry(
        trainee=trainee,
        date=date,
        duration_hours=duration_hours,
        domain=domain,
        setting=setting,
        activity_type=activity_type,
        modality=modality,
        description=description,
        corrects=corrects,
        identifier_kinds=kinds,
        client_key=client_key,
    )
    _validate_entry(entry)
    with transaction.atomic():
        _lock_person(trainee)
        if client_key is not None:
            # Two sends of one entry at once: the second waited for the lock, and finds it.
            existing = PracticeLogEntry.objects.filter(trainee=trainee, client_key=client_key)
            if existing.exists():
                return existing.get()
        entry.agreement = agreement_covering(trainee=trainee, day=date, agreement=agreement)
        _ensure_day_has_room(
            trainee=trainee,
            day=date,
            hours=entry.duration_hours,
            excluding=[corrects.pk] if corrects else [],
        )
        entry.save()
        audit.record(
            actor=trainee,
            action="practice.create",
            target=entry,
            after=audit.snapshot(entry),
        )
        if submit:
            _submit_locked(entry=entry, trainee=trainee)
    return entry


def practice_entry_update(
    *,
    entry: PracticeLogEntry,
    trainee: User,
    submit: bool = False,
    identifiers_confirmed: bool = False,
    **changes,
) -> PracticeLogEntry:
    """Change an entry while it is a draft or returned. Signed entries never change.

    With ``submit`` the entry is also sent for sign-off: saved and sent together, or neither
    (the web page and the API both ask for that). No changes with ``submit`` only sends it."""
    unknown = set(changes) - set(ENTRY_FIELDS)
    if unknown:
        raise TypeError(f"Not editable: {', '.join(sorted(unknown))}")
    if entry.trainee_id != trainee.pk:
        raise PermissionDenied(_("You can only change your own entries."))
    if "domain" in changes:
        _domain_choice_error(changes["domain"])
    if "description" in changes:
        changes["description"] = (changes["description"] or "").strip()
        changes["identifier_kinds"] = identifiers.confirmed_kinds(
            changes["description"], confirmed=identifiers_confirmed, field="description"
        )
    with transaction.atomic():
        if changes:
            entry = _update_locked(entry=entry, trainee=trainee, changes=changes)
        if submit:
            practice_entries_submit(trainee=trainee, entry_ids=[entry.pk])
    return entry


def _update_locked(*, entry: PracticeLogEntry, trainee: User, changes: dict) -> PracticeLogEntry:
    _lock_person(trainee)
    entry = PracticeLogEntry.objects.select_for_update().get(pk=entry.pk)
    ensure_status(entry, allowed=EDITABLE_STATUSES)
    with audit.audited_change(actor=trainee, action="practice.edit", target=entry):
        for field, value in changes.items():
            setattr(entry, field, value)
        _validate_entry(entry)
        entry.agreement = agreement_covering(trainee=trainee, day=entry.date)
        _ensure_day_has_room(
            trainee=trainee,
            day=entry.date,
            hours=entry.duration_hours,
            excluding=[entry.pk, entry.corrects_id],
        )
    return entry


def _submit_locked(*, entry: PracticeLogEntry, trainee: User) -> None:
    ensure_status(entry, allowed=EDITABLE_STATUSES)
    with audit.audited_change(
        actor=trainee,
        action="practice.submit",
        target=entry,
        update_fields=["status", "submitted_at", "updated_at"],
    ):
        entry.status = EntryStatus.SUBMITTED
        entry.submitted_at = timezone.now()


def practice_entries_submit(*, trainee: User, entry_ids: Sequence[int]) -> list[PracticeLogEntry]:
    """Submit several drafts (or corrected returned entries) for sign-off, all or none."""
    wanted = sorted({int(pk) for pk in entry_ids})
    if not wanted:
        raise ValidationError(_("Choose at least one entry to submit."))
    with transaction.atomic():
        entries = list(
            PracticeLogEntry.objects.select_for_update()
            .filter(pk__in=wanted, trainee=trainee)
            .order_by("pk")
        )
        if len(entries) != len(wanted):
            raise ValidationError(
                _("Some of the chosen entries are not yours or no longer exist. Nothing was sent.")
            )
        for entry in entries:
            if entry.status not in EDITABLE_STATUSES:
                raise ValidationError(
                    _("The entry for %(day)s was already sent. Nothing was sent.")
                    % {"day": day_label(entry.date)}
                )
            # The agreement may have been replaced since the draft was saved: check again.
            agreement_covering(trainee=trainee, day=entry.date, agreement=entry.agreement)
            _submit_locked(entry=entry, trainee=trainee)
    return entries


def practice_entry_correct(*, entry: PracticeLogEntry, trainee: User) -> PracticeLogEntry:
    """Start a correction of a signed entry: a new draft that references it.

    The signed entry stays exactly as signed; once the correction is approved, totals count
    the correction instead of the original.
    """
    if entry.trainee_id != trainee.pk:
        raise PermissionDenied(_("You can only correct your own entries."))
    if entry.status != EntryStatus.APPROVED:
        raise ValidationError(_("Only signed entries need a correction; edit this one instead."))
    if entry.corrections.exclude(status=EntryStatus.REJECTED).exists():
        raise ValidationError(_("This entry already has a correction. Edit that one instead."))
    return practice_entry_create(
        trainee=trainee,
        corrects=entry,
        agreement=entry.agreement,
        **{field: getattr(entry, field) for field in ENTRY_FIELDS},
    )


# ------------------------------------------------------------------------------
# Practice entries: the supervisor's side
# ------------------------------------------------------------------------------
def _ensure_may_review(*, entry: PracticeLogEntry, supervisor: User) -> None:
    if entry.trainee_id == supervisor.pk:
        raise PermissionDenied(_("You cannot sign off your own hours."))
    if entry.agreement.supervisor_id != supervisor.pk:
        raise PermissionDenied(_("You do not supervise this trainee."))
    if not entry.agreement.is_open_to_supervisor():
        raise PermissionDenied(
            _(
                "Your agreement with this trainee covered hours up to %(ended)s; its entries "
                "could be reviewed until %(until)s."
            )
            % {
                "ended": day_label(entry.agreement.last_covered_day),
                "until": day_label(entry.agreement.review_closes_on),
            }
        )
    expires_on = entry.agreement.supervisor_credential_expires_on
    if expires_on < entry.date:
        raise ValidationError(
            _(
                "Your credential on this agreement expired on %(day)s, before these hours. "
                "Hours after that need an agreement with your renewed credential."
            )
            % {"day": day_label(expires_on)}
        )
    if (
        not SupervisionAgreement.objects.active_on(entry.date)
        .filter(pk=entry.agreement_id)
        .exists()
    ):
        raise PermissionDenied(_("These hours are outside your signed agreement with the trainee."))


def _ensure_qualified(*, day: datetime.date, qualified_through: datetime.date | None) -> None:
    """Only a supervisor whose credential staff verified, current on the day of the hours,
    signs them off (certification/supervision/qualifications.py)."""
    if qualified_through is None:
        raise ValidationError(
            _(
                "Your organisation's staff have not verified a supervisor's credential of yours "
                "yet. Add it on your Supervision page; once staff verify it you can sign hours."
            )
        )
    if qualified_through < day:
        raise ValidationError(
            _(
                "Your verified credential was valid until %(until)s, before these hours of "
                "%(day)s. Add your renewed credential on your Supervision page for staff to "
                "verify."
            )
            % {"until": day_label(qualified_through), "day": day_label(day)}
        )


def _approve_locked(
    *,
    entry: PracticeLogEntry,
    supervisor: User,
    signature: str,
    now: datetime.datetime,
    qualified_through: datetime.date | None,
) -> audit.AuditEvent:
    _ensure_may_review(entry=entry, supervisor=supervisor)
    ensure_status(entry, allowed={EntryStatus.SUBMITTED})
    _ensure_qualified(day=entry.date, qualified_through=qualified_through)
    agreement = entry.agreement
    with audit.audited_change(actor=supervisor, action="practice.approve", target=entry) as change:
        _mark_reviewed(entry, supervisor=supervisor, status=EntryStatus.APPROVED, now=now)
        entry.signature = signature.strip()
        entry.signed_credential_name = agreement.supervisor_credential_name
        entry.signed_credential_number = agreement.supervisor_credential_number
        entry.signed_credential_expires_on = agreement.supervisor_credential_expires_on
    return change.event


def _mark_reviewed(
    entry: PracticeLogEntry,
    *,
    supervisor: User,
    status: str,
    now: datetime.datetime,
    comment: str = "",
) -> None:
    entry.status = status
    entry.reviewed_at = now
    entry.reviewed_by = supervisor
    entry.review_comment = comment


def _queue_review_notice(event_id: int) -> None:
    outbox.enqueue(notify_entry_reviewed, event_id)


def practice_entry_approve(
    *, entry: PracticeLogEntry, supervisor: User, signature: str, attested: bool
) -> PracticeLogEntry:
    """Sign off one practice entry. Signed entries are immutable; corrections are new entries.

    The row is locked first, so two simultaneous approvals give one signature and one event:
    the second finds the entry already signed.
    """
    ensure_signature_matches(person=supervisor, signature=signature, attested=attested)
    with transaction.atomic():
        entry = (
            PracticeLogEntry.objects.select_for_update(of=("self",))
            .select_related("agreement")
            .get(pk=entry.pk)
        )
        event = _approve_locked(
            entry=entry,
            supervisor=supervisor,
            signature=signature,
            now=timezone.now(),
            qualified_through=supervisor_qualified_through(supervisor),
        )
        _queue_review_notice(event.pk)
    return entry


class EntriesNotReviewable(PermissionDenied):
    """Some of the entries named for a bulk sign-off are not this supervisor's to sign;
    ``entry_ids`` lists them in the order asked (the API names each)."""

    def __init__(self, entry_ids: list[int]):
        super().__init__(_("Some of the chosen entries are not yours to sign."))
        self.entry_ids = entry_ids


def practice_entries_approve(
    *, entry_ids: Sequence[int], supervisor: User, signature: str, attested: bool
) -> list[PracticeLogEntry]:
    """Sign off several entries at once, all or none (a refusal names the entry)."""
    ensure_signature_matches(person=supervisor, signature=signature, attested=attested)
    wanted = sorted({int(pk) for pk in entry_ids})
    if not wanted:
        raise ValidationError(_("Choose at least one entry to approve."))
    now = timezone.now()
    with transaction.atomic():
        entries = list(
            selectors.reviewable_entries(supervisor)
            .select_for_update(of=("self",))
            .select_related("agreement", "trainee")
            .filter(pk__in=wanted)
            .order_by("pk")
        )
        found = {entry.pk for entry in entries}
        if len(found) != len(wanted):
            # One answer whether the entry does not exist, is someone else's to sign, is a
            # draft or is under an agreement no longer open to this supervisor.
            raise EntriesNotReviewable(
                [pk for pk in dict.fromkeys(int(pk) for pk in entry_ids) if pk not in found]
            )
        refusals = []
        qualified_through = supervisor_qualified_through(supervisor)
        for entry in entries:
            try:
                event = _approve_locked(
                    entry=entry,
                    supervisor=supervisor,
                    signature=signature,
                    now=now,
                    qualified_through=qualified_through,
                )
            except (ValidationError, PermissionDenied) as error:
                # Go on, so one answer names every entry that cannot be signed; raising below
                # rolls back the ones signed meanwhile (and their queued notices).
                refusals.append(_bulk_refusal(entry, error))
                continue
            _queue_review_notice(event.pk)
        if refusals:
            raise ValidationError([*refusals, ValidationError(_("Nothing was approved."))])
    return entries


def _bulk_refusal(entry: PracticeLogEntry, error: Exception) -> ValidationError:
    """One entry's refusal in a bulk sign-off; `params["entry"]` says which (for the API)."""
    problems = getattr(error, "messages", None) or [str(error)]
    return ValidationError(
        _("%(trainee)s, %(day)s: %(problem)s."),
        code="entry_refused",
        params={
            "entry": entry.pk,
            "trainee": str(entry.trainee),
            "day": day_label(entry.date),
            "problem": " ".join(str(problem) for problem in problems).rstrip("."),
        },
    )


def _review_with_comment(
    *, entry: PracticeLogEntry, supervisor: User, comment: str, status: str, action: str
) -> PracticeLogEntry:
    comment = (comment or "").strip()
    if not comment:
        # Each under the name its service gives the text (the API's field names too).
        if status == EntryStatus.RETURNED:
            raise ValidationError({"comment": _("Say what the trainee should change.")})
        raise ValidationError({"reason": _("Give the reason the hours are not accepted.")})
    with transaction.atomic():
        entry = (
            PracticeLogEntry.objects.select_for_update(of=("self",))
            .select_related("agreement")
            .get(pk=entry.pk)
        )
        _ensure_may_review(entry=entry, supervisor=supervisor)
        ensure_status(entry, allowed={EntryStatus.SUBMITTED})
        with audit.audited_change(actor=supervisor, action=action, target=entry) as change:
            _mark_reviewed(
                entry, supervisor=supervisor, status=status, now=timezone.now(), comment=comment
            )
        _queue_review_notice(change.event.pk)
    return entry


def practice_entry_return(
    *, entry: PracticeLogEntry, supervisor: User, comment: str
) -> PracticeLogEntry:
    """Send one entry back to the trainee with a comment. Other entries are untouched."""
    return _review_with_comment(
        entry=entry,
        supervisor=supervisor,
        comment=comment,
        status=EntryStatus.RETURNED,
        action="practice.return",
    )


def practice_entry_reject(
    *, entry: PracticeLogEntry, supervisor: User, reason: str
) -> PracticeLogEntry:
    """Decline one entry with a reason (for hours that cannot count at all)."""
    return _review_with_comment(
        entry=entry,
        supervisor=supervisor,
        comment=reason,
        status=EntryStatus.REJECTED,
        action="practice.reject",
    )
