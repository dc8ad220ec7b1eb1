"""Writes for supervisors' qualifying credentials: the supervisor adds one with proof, staff of
the organisation verify it or decline it with a reason. Audited, like every record that decides
whether hours count."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from certification import audit
from certification.credentials.evidence import EVIDENCE_MAX_BYTES, EvidenceStatus
from certification.external_training.services import looks_like_pdf_or_image
from certification.supervision.qualifications import SupervisorQualification
from lms import access
from lms.accounts.models import Organization, Role, User


def _snapshot(qualification: SupervisorQualification) -> dict:
    return audit.snapshot(qualification)


def qualification_submit(
    *,
    supervisor: User,
    organization: Organization,
    kind: str,
    credential_name: str,
    number: str,
    expires_on: datetime.date,
    proof,
) -> SupervisorQualification:
    """A supervisor adds a qualifying credential with proof, for staff to verify."""
    if not access.holds_role_in(supervisor, organization, Role.SUPERVISOR):
        raise PermissionDenied(_("You supervise for another organisation."))
    errors: dict = {}
    if expires_on is not None and expires_on < timezone.localdate():
        errors["expires_on"] = [_("This credential has already expired. Add the current one.")]
    if proof is None:
        errors["proof"] = [_("Add the certificate or licence (a PDF or a photo).")]
    elif proof.size > EVIDENCE_MAX_BYTES or not looks_like_pdf_or_image(proof):
        errors["proof"] = [_("Send the proof as a PDF or a photo, up to 10 MB.")]
    qualification = SupervisorQualification(
        supervisor=supervisor,
        organization=organization,
        kind=kind,
        credential_name=(credential_name or "").strip(),
        number=(number or "").strip(),
        expires_on=expires_on,
        proof=proof,
    )
    try:
        qualification.full_clean()
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            qualification.save()
            audit.record(
                actor=supervisor,
                action="qualification.submit",
                target=qualification,
                after=_snapshot(qualification),
            )
    except Exception:
        if qualification.proof and qualification.proof._committed:
            qualification.proof.storage.delete(qualification.proof.name)
        raise
    return qualification


def _review(*, qualification, reviewer: User, status: str, reason: str = ""):
    if not access.is_staff_of(reviewer, qualification.organization_id):
        raise PermissionDenied(_("Only staff of the organisation verify its supervisors."))
    if reviewer.pk == qualification.supervisor_id:
        raise PermissionDenied(_("Someone else verifies your own credential."))
    with transaction.atomic():
        locked = SupervisorQualification.objects.select_for_update().get(pk=qualification.pk)
        if locked.status != EvidenceStatus.SUBMITTED:
            raise ValidationError(_("This credential was already reviewed."))
        with audit.audited_change(
            actor=reviewer,
            action="qualification.verify"
            if status == EvidenceStatus.VERIFIED
            else "qualification.decline",
            target=locked,
            update_fields=["status", "reviewed_by", "reviewed_at", "decline_reason"],
        ):
            locked.status = status
            locked.reviewed_by = reviewer
            locked.reviewed_at = timezone.now()
            locked.decline_reason = reason
    return locked


def qualification_verify(*, qualification, reviewer: User) -> SupervisorQualification:
    return _review(qualification=qualification, reviewer=reviewer, status=EvidenceStatus.VERIFIED)


def qualification_decline(*, qualification, reviewer: User, reason: str):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why, so the supervisor knows what to do next.")})
    return _review(
        qualification=qualification,
        reviewer=reviewer,
        status=EvidenceStatus.DECLINED,
        reason=reason,
    )
