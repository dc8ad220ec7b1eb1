"""Writes for applying for a credential, reviewing applications, issuing and revoking.

Keyword-only, typed, atomic, with a permission check and an audit event (see STYLE.md).

- ``credential_application_submit``: the trainee applies when every requirement is met. The
  version is frozen (``credential_definition_freeze``) and the evaluation is stored as judged;
  the application packet PDF is built by a Celery task once the application is committed.
- ``credential_application_approve`` / ``credential_application_deny``: staff of the
  application's organisation decide; a denial needs a reason the trainee reads. Approving issues
  the credential in the same transaction.
- ``application_create``: stores an application judged as met; ``renewal.py`` reuses it for a
  renewal (``renews`` set), and approving a renewal issues the renewed credential here.
- ``issued_credential_revoke``: staff of the organisation revoke with a reason; /verify/ shows it
  at once.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from certification import audit
from certification.credentials.models import CredentialDefinition, IssuanceRoute
from certification.credentials.services import credential_definition_freeze
from certification.external_training.services import looks_like_pdf_or_image
from certification.issuance.models import (
    ApplicationStatus,
    CredentialApplication,
    CredentialStatus,
    IssuedCredential,
)
from certification.issuance.tasks import build_application_packet
from certification.rules.collect import evaluate_for_person
from certification.rules.results import Evaluation
from certification.rules.windows import add_months
from lms import access, outbox, personal_pages, signatures
from lms.accounts.models import Membership, Organization, Role, User

# The frozen evaluation stays in the application; the packet is a derived file.
_APPLICATION_AUDIT_EXCLUDE = ("evaluation", "packet", "packet_status", "packet_built_at")


def _application_snapshot(application: CredentialApplication) -> dict:
    return audit.snapshot(application, exclude=_APPLICATION_AUDIT_EXCLUDE)


def may_review_applications_of(user: User, organization_id: int) -> bool:
    """Staff (and organisation admins) of the application's organisation, and superusers."""
    return access.is_staff_of(user, organization_id)


def may_download_certificate(*, user: User, credential: IssuedCredential) -> bool:
    """A fresh certificate is issued while the credential is not revoked; staff of its
    organisation still see what was issued."""
    return credential.issues_copies or may_review_applications_of(
        user, credential.application.organization_id
    )


def _reviewing_organization(applicant: User) -> Organization:
    """The organisation whose staff review: the one the person first joined as a trainee."""
    membership = (
        Membership.objects.filter(user=applicant, role=Role.TRAINEE)
        .select_related("organization")
        .order_by("pk")
        .first()
    )
    if membership is None:
        raise PermissionDenied(_("Only trainees of an organisation can apply for a credential."))
    return membership.organization


def credential_application_submit(
    *, applicant: User, definition: CredentialDefinition
) -> CredentialApplication:
    """Apply for one credential version when the person's records meet every requirement."""
    organization = _reviewing_organization(applicant)
    today = timezone.localdate()
    if not CredentialDefinition.objects.in_effect_on(today).filter(pk=definition.pk).exists():
        raise ValidationError(_("These rules are not in effect today, so no one can apply."))
    if IssuedCredential.objects.filter(
        holder=applicant,
        definition__code=definition.code,
        status=CredentialStatus.ACTIVE,
        expires_on__gte=today,
    ).exists():
        raise ValidationError(_("You already hold this credential."))
    _ensure_reapplication_wait_over(applicant=applicant, definition=definition, today=today)
    existing = CredentialApplication.objects.filter(
        applicant=applicant, definition__code=definition.code, status=ApplicationStatus.SUBMITTED
    ).first()
    if existing is not None:
        return existing  # applying twice (a double tap, two tabs) finds the first
    evaluation = evaluate_for_person(definition=definition, person=applicant, as_of=today)
    if not evaluation.met:
        raise ValidationError(
            _("Some requirements are not met yet: %(missing)s.")
            % {"missing": "; ".join(evaluation.missing)}
        )
    return application_create(
        applicant=applicant,
        organization=organization,
        definition=definition,
        evaluation=evaluation,
    )


def latest_revocation(*, person: User, code: str) -> IssuedCredential | None:
    """The person's most recently revoked credential of this code, if any."""
    return (
        IssuedCredential.objects.filter(
            holder=person, definition__code=code, status=CredentialStatus.REVOKED
        )
        .order_by("-revoked_at", "-pk")
        .first()
    )


def _ensure_reapplication_wait_over(
    *, applicant: User, definition: CredentialDefinition, today: datetime.date
) -> None:
    """After a revocation, the definition may set a wait before anyone applies again."""
    if not definition.reapplication_wait_days:
        return
    revoked = latest_revocation(person=applicant, code=definition.code)
    if revoked is None:
        return
    allowed_from = timezone.localdate(revoked.revoked_at) + datetime.timedelta(
        days=definition.reapplication_wait_days
    )
    if today < allowed_from:
        raise ValidationError(
            _(
                "Your %(credential)s was revoked on %(revoked)s. Its rules ask you to wait "
                "%(days)s days before applying again: you can apply from %(date)s."
            )
            % {
                "credential": definition.name,
                "revoked": date_format(timezone.localdate(revoked.revoked_at), "DATE_FORMAT"),
                "days": definition.reapplication_wait_days,
                "date": date_format(allowed_from, "DATE_FORMAT"),
            }
        )


def application_create(
    *,
    applicant: User,
    organization: Organization,
    definition: CredentialDefinition,
    evaluation: Evaluation,
    renews: IssuedCredential | None = None,
) -> CredentialApplication:
    """Store an application judged as met (first or renewal): freeze the version, keep the
    evaluation, audit, and build the packet once committed. Callers check eligibility."""
    try:
        with transaction.atomic():
            definition = credential_definition_freeze(definition=definition, actor=applicant)
            application = CredentialApplication(
                applicant=applicant,
                organization=organization,
                definition=definition,
                evaluation=evaluation.as_dict(),
                renews=renews,
            )
            application.full_clean(exclude=["evaluation"])
            application.save()
            audit.record(
                actor=applicant,
                action="credential.renewal_apply" if renews else "credential.apply",
                target=application,
                after=_application_snapshot(application),
            )
            application_id = application.pk
            outbox.enqueue(build_application_packet, application_id)
    except IntegrityError:
        # Applied at the same moment from another tab: that application stands.
        return CredentialApplication.objects.get(
            applicant=applicant, definition=definition, status=ApplicationStatus.SUBMITTED
        )
    return application


def deciding_organization_id(application: CredentialApplication) -> int | None:
    """Whose staff decide the application now (docs/credentials.md, "Who issues what"):

    - a training certificate: the applicant's organisation;
    - a board's credential decided on PeerPath: the training organisation until it endorses
      (it may decline to), then the credentialing body;
    - a board's credential decided outside PeerPath: the training organisation, which endorses
      it and then records the board's decision.
    """
    if application.definition.route == IssuanceRoute.BODY and application.is_endorsed:
        return application.issuer_id
    return application.organization_id


def _locked_open_application(
    application: CredentialApplication, reviewer: User
) -> CredentialApplication:
    application = (
        CredentialApplication.objects.select_for_update()
        .select_related("definition", "applicant")
        .get(pk=application.pk)
    )
    if not may_review_applications_of(reviewer, deciding_organization_id(application)):
        raise PermissionDenied(_("Only staff of the organisation deciding it review this."))
    if application.applicant_id == reviewer.pk:
        raise PermissionDenied(_("No one reviews their own application."))
    if not application.is_open:
        raise ValidationError(_("This application was already decided."))
    return application


def credential_application_approve(
    *, application: CredentialApplication, reviewer: User, note: str = ""
) -> IssuedCredential:
    """Approve an application and issue the credential (valid for the version's months).

    Only the issuer approves: the training organisation for its own certificates, the
    credentialing body (after the training organisation endorsed it) for a board's credential.
    """
    with transaction.atomic():
        application = _locked_open_application(application, reviewer)
        route = application.definition.route
        if route == IssuanceRoute.RECORDED:
            raise ValidationError(
                _(
                    "%(board)s issues this credential outside PeerPath: endorse the "
                    "application, send the packet to the board, then record its decision here."
                )
                % {"board": application.definition.issuing_body}
            )
        if route == IssuanceRoute.BODY and not application.is_endorsed:
            raise ValidationError(
                _(
                    "%(board)s issues this credential: endorse the application to send it to "
                    "the board."
                )
                % {"board": application.definition.issuing_body}
            )
        with audit.audited_change(
            actor=reviewer,
            action="credential.approve",
            target=application,
            exclude=_APPLICATION_AUDIT_EXCLUDE,
        ):
            application.status = ApplicationStatus.APPROVED
            application.decided_at = timezone.now()
            application.decided_by = reviewer
            application.decision_reason = (note or "").strip()
        credential = _issue(application=application, issued_by=reviewer)
    return credential


def issued_credential_build(
    *,
    application: CredentialApplication,
    issued_by: User,
    issued_on: datetime.date,
    previous: IssuedCredential | None = None,
) -> IssuedCredential:
    """The credential an approved application issues, not saved yet (no query, no check).

    It is valid for the version's ``validity_months``: from the day it is issued, or for a
    renewal from the day the ``previous`` credential ends (renewing early never shortens it),
    or today if that one already expired. The number is a unique placeholder until the row has
    an id (``IssuedCredential.number_for``). ``_issue`` saves it; the benchmark's load data
    builds its rows with it too.
    """
    starts = issued_on if previous is None else max(issued_on, previous.expires_on)
    definition = application.definition
    return IssuedCredential(
        application=application,
        holder=application.applicant,
        definition=definition,
        number=f"pending-{IssuedCredential.new_verification_code()}",
        verification_code=IssuedCredential.new_verification_code(),
        holder_name=application.applicant.display_name,
        issued_on=issued_on,
        expires_on=add_months(starts, definition.validity_months),
        issued_by=issued_by,
        previous_credential=previous,
    )


def _issue(*, application: CredentialApplication, issued_by: User) -> IssuedCredential:
    """Issue the credential. A renewal links the credential it renews and marks it renewed."""
    issued_on = timezone.localdate()
    previous = None
    if application.renews_id is not None:
        previous = IssuedCredential.objects.select_for_update().get(pk=application.renews_id)
        if not previous.is_renewable_on(issued_on):
            raise ValidationError(
                _("The credential this renews is %(status)s, so it cannot be renewed.")
                % {"status": CredentialStatus(previous.status_on(issued_on)).label.lower()}
            )
    credential = issued_credential_build(
        application=application, issued_by=issued_by, issued_on=issued_on, previous=previous
    )
    credential.issuer_organization_id = (
        application.issuer_id
        if application.definition.route == IssuanceRoute.BODY
        else application.organization_id
    )
    credential.full_clean()
    credential.save()
    credential.number = IssuedCredential.number_for(
        code=application.definition.code, issued_on=issued_on, pk=credential.pk
    )
    credential.save(update_fields=["number"])
    audit.record(
        actor=issued_by,
        action="credential.issue",
        target=credential,
        after=audit.snapshot(credential),
    )
    if previous is not None:
        with audit.audited_change(
            actor=issued_by,
            action="credential.supersede",
            target=previous,
            update_fields=["status"],
        ):
            previous.status = CredentialStatus.SUPERSEDED
    return credential


def credential_application_deny(
    *, application: CredentialApplication, reviewer: User, reason: str
) -> CredentialApplication:
    """Decline an application with a reason the applicant reads. They may apply again."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why, so the applicant knows what to do next.")})
    with transaction.atomic():
        application = _locked_open_application(application, reviewer)
        with audit.audited_change(
            actor=reviewer,
            action="credential.deny",
            target=application,
            exclude=_APPLICATION_AUDIT_EXCLUDE,
        ):
            application.status = ApplicationStatus.DENIED
            application.decided_at = timezone.now()
            application.decided_by = reviewer
            application.decision_reason = reason
    return application


def issued_credential_revoke(
    *, credential: IssuedCredential, actor: User, reason: str
) -> IssuedCredential:
    """Revoke an issued credential. /verify/ shows it revoked from this moment on."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for revoking.")})
    with transaction.atomic():
        credential = (
            IssuedCredential.objects.select_for_update()
            .select_related("application")
            .get(pk=credential.pk)
        )
        if not may_review_applications_of(actor, revoking_organization_id(credential)):
            raise PermissionDenied(
                _("Only staff of the organisation that issued it can revoke it.")
            )
        if credential.is_revoked:
            raise ValidationError(_("This credential was already revoked."))
        with audit.audited_change(actor=actor, action="credential.revoke", target=credential):
            credential.status = CredentialStatus.REVOKED
            credential.revoked_at = timezone.now()
            credential.revoked_by = actor
            credential.revocation_reason = reason
    return credential


def revoking_organization_id(credential: IssuedCredential) -> int:
    """The issuer revokes: the organisation that issued it on PeerPath; for a board's decision
    recorded by the training organisation, that organisation records the revocation."""
    return credential.issuer_organization_id or credential.application.organization_id


def credential_application_endorse(
    *, application: CredentialApplication, staff: User, signature: str, attested: bool
) -> CredentialApplication:
    """The training organisation endorses a board credential's application: a staff member's
    signature on the packet. It then goes to the credentialing body on PeerPath, or the staff
    send the packet to the board and later record its decision."""
    with transaction.atomic():
        application = _locked_open_application(application, staff)
        if application.definition.route == IssuanceRoute.PROVIDER:
            raise ValidationError(_("Your organisation issues this one itself: approve it."))
        if application.is_endorsed:
            raise ValidationError(_("This application is already endorsed."))
        signatures.ensure_signature_matches(person=staff, signature=signature, attested=attested)
        with audit.audited_change(
            actor=staff,
            action="credential.endorse",
            target=application,
            exclude=_APPLICATION_AUDIT_EXCLUDE,
        ):
            application.endorsed_at = timezone.now()
            application.endorsed_by = staff
            application.endorsement_signature = signature.strip()
            if application.definition.route == IssuanceRoute.BODY:
                application.issuer_id = application.definition.issuer_id
    return application


def credential_board_decision_record(
    *,
    application: CredentialApplication,
    staff: User,
    number: str,
    issued_on: datetime.date,
    expires_on: datetime.date,
    letter,
) -> IssuedCredential:
    """Record a board's decision made outside PeerPath, from its letter: the credential is
    held, issued by the board, and verifiable as recorded by the training organisation."""
    errors: dict = {}
    number = (number or "").strip()
    if not number:
        errors["number"] = [_("Give the credential number printed on the board's letter.")]
    elif IssuedCredential.objects.filter(number__iexact=number).exists():
        errors["number"] = [_("A credential with this number is already recorded.")]
    if issued_on and issued_on > timezone.localdate():
        errors["issued_on"] = [_("The date of issue is in the future.")]
    if issued_on and expires_on and expires_on <= issued_on:
        errors["expires_on"] = [_("The end date comes after the date of issue.")]
    if letter is None:
        errors["letter"] = [_("Add the board's decision letter (a PDF or a photo).")]
    elif letter.size > 10 * 1024 * 1024 or not looks_like_pdf_or_image(letter):
        errors["letter"] = [_("Send the letter as a PDF or a photo, up to 10 MB.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        application = _locked_open_application(application, staff)
        if application.definition.route != IssuanceRoute.RECORDED:
            raise ValidationError(_("This credential is not decided outside PeerPath."))
        if not application.is_endorsed:
            raise ValidationError(_("Endorse the application before recording the decision."))
        with audit.audited_change(
            actor=staff,
            action="credential.approve",
            target=application,
            exclude=_APPLICATION_AUDIT_EXCLUDE,
        ):
            application.status = ApplicationStatus.APPROVED
            application.decided_at = timezone.now()
            application.decided_by = staff
            application.decision_reason = _("Decided by %(board)s; recorded from its letter.") % {
                "board": application.definition.issuing_body
            }
        credential = IssuedCredential(
            application=application,
            holder=application.applicant,
            definition=application.definition,
            number=number,
            verification_code=IssuedCredential.new_verification_code(),
            holder_name=application.applicant.display_name,
            issued_on=issued_on,
            expires_on=expires_on,
            issued_by=staff,
            recorded=True,
            decision_letter=letter,
            previous_credential=application.renews,
        )
        credential.full_clean()
        credential.save()
        if application.renews_id:
            with personal_pages.announce(people=[application.applicant_id]):
                IssuedCredential.objects.filter(pk=application.renews_id).update(
                    status=CredentialStatus.SUPERSEDED
                )
        after = audit.snapshot(credential, exclude=("updated_at", "decision_letter"))
        after["decision_letter"] = credential.decision_letter.name
        audit.record(actor=staff, action="credential.record", target=credential, after=after)
    return credential


def credentials_mark_expired(*, on: datetime.date) -> int:
    """Set every active credential whose end date has passed to expired (audited, by the
    system). Idempotent: an expired credential is left as it is."""
    count = 0
    for pk in IssuedCredential.objects.filter(
        status=CredentialStatus.ACTIVE, expires_on__lt=on
    ).values_list("pk", flat=True):
        with transaction.atomic():
            credential = IssuedCredential.objects.select_for_update().get(pk=pk)
            if credential.status != CredentialStatus.ACTIVE or credential.expires_on >= on:
                continue
            with audit.audited_change(
                actor=None,
                action="credential.expire",
                target=credential,
                update_fields=["status"],
            ):
                credential.status = CredentialStatus.EXPIRED
            count += 1
    return count
