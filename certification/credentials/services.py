"""Writes that matter for credential definitions and the records the rules engine reads.

Keyword-only, typed, atomic, with a permission check and an audit event, like services.py.
"""

import datetime
from decimal import Decimal

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from certification import audit
from certification.credentials.ethics import default_code_of_ethics
from certification.credentials.evidence import (
    EVIDENCE_MAX_BYTES,
    Attestation,
    CodeOfEthics,
    EvidenceStatus,
    ExamResult,
)
from certification.credentials.models import (
    CredentialDefinition,
    CredentialRequirement,
    DefinitionStatus,
)
from certification.external_training.services import looks_like_pdf_or_image
from certification.rules.kinds import PRIVATE_ATTESTATION_KINDS, AttestationKind
from lms import access, signatures
from lms.accounts.models import Organization, User
from lms.learning.cache import invalidate_reference_data

# Requirement fields a new version copies (everything but its identity and parent).
_REQUIREMENT_COPY_EXCLUDE = {"id", "definition", "sort_order"}


def may_edit_credential_definitions(user: User) -> bool:
    """Credential rules are platform-wide (a board's rules are the same for every RCO), so
    only superusers and people given the permission (the "Credential editors" group) edit them."""
    return user.is_authenticated and (
        user.is_superuser or user.has_perm("certification.change_credentialdefinition")
    )


CREDENTIAL_EDITORS_GROUP = "Credential editors"


def credential_editors_group() -> Group:
    """The group whose members edit credential definitions in the Wagtail admin (idempotent).

    Superusers add the people who keep board rules up to date; RCO staff are not in it by
    default, since one organisation's edit would change the rules for every organisation.
    """
    group, _created = Group.objects.get_or_create(name=CREDENTIAL_EDITORS_GROUP)
    wanted = Permission.objects.filter(
        Q(content_type__app_label="wagtailadmin", codename="access_admin")
        | Q(
            content_type__app_label="certification",
            codename__in=[
                "add_credentialdefinition",
                "change_credentialdefinition",
                "view_credentialdefinition",
            ],
        )
    )
    group.permissions.add(*wanted)
    return group


def _ensure_may_edit(actor: User) -> None:
    if not may_edit_credential_definitions(actor):
        raise PermissionDenied(_("Only credential editors can change credential definitions."))


def credential_definition_new_version(
    *, definition: CredentialDefinition, actor: User, effective_from: datetime.date | None = None
) -> CredentialDefinition:
    """Copy a version, requirements included, as the next version (a draft to edit).

    The copy starts on ``effective_from`` (default: today, or the original's start if later);
    the original is left as it is, so applications judged under it keep their rules.
    """
    _ensure_may_edit(actor)
    with transaction.atomic():
        # Lock every version of this code so two editors cannot both make "version 3".
        list(
            CredentialDefinition.objects.select_for_update()
            .filter(code=definition.code)
            .values_list("pk", flat=True)
        )
        source = CredentialDefinition.objects.get(pk=definition.pk)
        latest = CredentialDefinition.objects.filter(code=source.code).aggregate(
            latest=Max("version")
        )["latest"]
        copy = CredentialDefinition(
            code=source.code,
            name=source.name,
            issuing_body=source.issuing_body,
            version=latest + 1,
            effective_from=effective_from or max(timezone.localdate(), source.effective_from),
            effective_to=None,
            validity_months=source.validity_months,
            reapplication_wait_days=source.reapplication_wait_days,
            status=DefinitionStatus.DRAFT,
            description=source.description,
            previous_version=source,
        )
        copy.full_clean()
        copy.save()
        requirements = []
        for requirement in source.requirements.order_by("sort_order", "pk"):
            values = {
                field.attname: getattr(requirement, field.attname)
                for field in CredentialRequirement._meta.concrete_fields
                if field.name not in _REQUIREMENT_COPY_EXCLUDE
            }
            requirements.append(
                CredentialRequirement(definition=copy, sort_order=requirement.sort_order, **values)
            )
        CredentialRequirement.objects.bulk_create(requirements)
        after = audit.snapshot(copy)
        after["requirement_count"] = len(requirements)
        audit.record(actor=actor, action="credential.new_version", target=copy, after=after)
    return copy


def credential_definition_freeze(
    *, definition: CredentialDefinition, actor: User | None = None
) -> CredentialDefinition:
    """Mark a version as in use: from now on its rules never change. Idempotent.

    The application service calls this when it first judges an application under a version.
    """
    with transaction.atomic():
        definition = CredentialDefinition.objects.select_for_update().get(pk=definition.pk)
        if definition.is_frozen:
            return definition
        if definition.status == DefinitionStatus.DRAFT:
            raise ValidationError(_("A draft version cannot be used for applications."))
        before = audit.snapshot(definition)
        CredentialDefinition.objects.filter(pk=definition.pk).update(frozen_at=timezone.now())
        # update() sends no post_save: retire the cached definitions by hand.
        invalidate_reference_data()
        definition.refresh_from_db()
        audit.record(
            actor=actor,
            action="credential.freeze",
            target=definition,
            before=before,
            after=audit.snapshot(definition),
        )
    return definition


# ------------------------------------------------------------------------------
# Exam results and attestations
# ------------------------------------------------------------------------------
def _ensure_staff_for(*, actor: User, person: User) -> None:
    if not access.is_staff_for_person(actor, person):
        raise PermissionDenied(_("Only staff of this person's organisation can do that."))


def _check_upload(upload, field: str, errors: dict) -> None:
    """A score report or a copy of a diploma: a PDF or a photo, up to 10 MB."""
    if upload is None:
        return
    if upload.size > EVIDENCE_MAX_BYTES:
        errors.setdefault(field, []).append(
            _("This file is larger than 10 MB. Send a smaller photo or PDF.")
        )
    elif not looks_like_pdf_or_image(upload):
        errors.setdefault(field, []).append(
            _("This file is not a PDF or a photo. Send it as a PDF or a picture.")
        )


def _save_audited(record, *, actor: User, action: str, file_field: str):
    """Save a new record with its audit event, in one transaction. If that fails after its
    upload reached storage, the file is deleted: no orphan in the private storage."""
    try:
        with transaction.atomic():
            record.save()
            audit.record(actor=actor, action=action, target=record, after=audit.snapshot(record))
    except Exception:
        file = getattr(record, file_field)
        if file and file._committed and file.name:
            file.storage.delete(file.name)
        raise
    return record


def _exam_errors(
    *, exam_code: str, taken_on: datetime.date | None, score, report, report_required: bool
) -> dict:
    errors: dict = {}
    if exam_code not in dict(known_exam_choices()):
        errors["exam_code"] = [_("Choose the exam from the list.")]
    if taken_on is not None and taken_on > timezone.localdate():
        errors["taken_on"] = [_("The exam date is in the future.")]
    if score is not None and Decimal(score) < 0:
        errors["score"] = [_("A score is zero or more.")]
    if report_required and report is None:
        errors["score_report"] = [_("Add the board's score report (a PDF or a photo).")]
    _check_upload(report, "score_report", errors)
    return errors


def known_exam_choices() -> list[tuple[str, str]]:
    """(code, name) of every exam a credential in use or published asks for."""
    rows = (
        CredentialRequirement.objects.filter(kind="exam_result")
        .exclude(definition__status=DefinitionStatus.DRAFT)
        .exclude(exam_code="")
        .order_by("exam_code", "-definition__version")
        .values_list("exam_code", "exam_name")
    )
    exams: dict[str, str] = {}
    for code, name in rows:
        exams.setdefault(code, name or code)
    return sorted(exams.items(), key=lambda item: item[1])


def exam_pass_score(exam_code: str) -> Decimal | None:
    """The pass mark the newest credential version in use sets for this exam."""
    requirement = (
        CredentialRequirement.objects.filter(kind="exam_result", exam_code=exam_code)
        .exclude(definition__status=DefinitionStatus.DRAFT)
        .exclude(pass_score__isnull=True)
        .order_by("-definition__effective_from", "-definition__version")
        .first()
    )
    return requirement.pass_score if requirement else None


def exam_result_record(
    *,
    person: User,
    exam_code: str,
    taken_on: datetime.date,
    score: Decimal,
    recorded_by: User,
    score_report=None,
) -> ExamResult:
    """Staff record an exam result from the board's score report: verified at once."""
    _ensure_staff_for(actor=recorded_by, person=person)
    errors = _exam_errors(
        exam_code=exam_code,
        taken_on=taken_on,
        score=score,
        report=score_report,
        report_required=False,
    )
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    result = ExamResult(
        person=person,
        exam_code=exam_code,
        taken_on=taken_on,
        score=Decimal(score),
        recorded_by=recorded_by,
        score_report=score_report,
        status=EvidenceStatus.VERIFIED,
        reviewed_by=recorded_by,
        reviewed_at=now,
    )
    result.full_clean()
    return _save_audited(result, actor=recorded_by, action="exam.record", file_field="score_report")


def exam_result_submit(
    *, person: User, exam_code: str, taken_on: datetime.date, score: Decimal, score_report
) -> ExamResult:
    """The person sends their score report; staff of their organisation verify it."""
    errors = _exam_errors(
        exam_code=exam_code,
        taken_on=taken_on,
        score=score,
        report=score_report,
        report_required=True,
    )
    if errors:
        raise ValidationError(errors)
    result = ExamResult(
        person=person,
        exam_code=exam_code,
        taken_on=taken_on,
        score=Decimal(score),
        recorded_by=person,
        score_report=score_report,
        status=EvidenceStatus.SUBMITTED,
    )
    result.full_clean()
    return _save_audited(result, actor=person, action="exam.submit", file_field="score_report")


def _review_exam(*, result: ExamResult, reviewer: User, status: str, reason: str = ""):
    _ensure_staff_for(actor=reviewer, person=result.person)
    if reviewer.pk == result.person_id:
        raise PermissionDenied(_("Someone else verifies your own exam result."))
    with transaction.atomic():
        locked = ExamResult.objects.select_for_update().get(pk=result.pk)
        if locked.status != EvidenceStatus.SUBMITTED:
            raise ValidationError(_("This exam result was already reviewed."))
        with audit.audited_change(
            actor=reviewer,
            action="exam.verify" if status == EvidenceStatus.VERIFIED else "exam.decline",
            target=locked,
            update_fields=["status", "reviewed_by", "reviewed_at", "decline_reason"],
        ):
            locked.status = status
            locked.reviewed_by = reviewer
            locked.reviewed_at = timezone.now()
            locked.decline_reason = reason
    return locked


def exam_result_verify(*, result: ExamResult, reviewer: User) -> ExamResult:
    return _review_exam(result=result, reviewer=reviewer, status=EvidenceStatus.VERIFIED)


def exam_result_decline(*, result: ExamResult, reviewer: User, reason: str) -> ExamResult:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why, so the person knows what to do next.")})
    return _review_exam(
        result=result, reviewer=reviewer, status=EvidenceStatus.DECLINED, reason=reason
    )


# ------------------------------------------------------------------------------
# Code of ethics
# ------------------------------------------------------------------------------
def code_of_ethics_current(*, organization: Organization) -> CodeOfEthics:
    """The organisation's code in force: its latest version, or PeerPath's starting text as
    version 1 when it has published none (created once)."""
    current = organization.codes_of_ethics.order_by("-version").first()
    if current is not None:
        return current
    code, _created = CodeOfEthics.objects.get_or_create(
        organization=organization,
        version=1,
        defaults={"text": default_code_of_ethics(), "published_at": timezone.now()},
    )
    return code


def code_of_ethics_publish(*, organization: Organization, text: str, actor: User) -> CodeOfEthics:
    """Staff publish a new version. Earlier signatures count until now; anything judged from
    today asks for a signature of this version."""
    if not access.is_staff_of(actor, organization):
        raise PermissionDenied(_("Only staff of this organisation can change its code of ethics."))
    text = (text or "").strip()
    if len(text) < 40:
        raise ValidationError({"text": _("Write the whole code: people sign exactly this text.")})
    with transaction.atomic():
        Organization.objects.select_for_update().filter(pk=organization.pk).first()
        current = code_of_ethics_current(organization=organization)
        if current.text.strip() == text:
            raise ValidationError({"text": _("This is the text already in force.")})
        code = CodeOfEthics.objects.create(
            organization=organization,
            version=current.version + 1,
            text=text,
            published_at=timezone.now(),
            published_by=actor,
        )
        audit.record(actor=actor, action="ethics.publish", target=code, after=audit.snapshot(code))
    return code


def code_of_ethics_sign(
    *, person: User, code: CodeOfEthics, signature: str, attested: bool
) -> Attestation:
    """The person signs the version they read: their typed name and a ticked box."""
    if not access.holds_role_in(person, code.organization, "trainee"):
        raise PermissionDenied(_("You can sign the code of ethics of your own organisation."))
    latest = code.organization.codes_of_ethics.order_by("-version").first()
    if latest is not None and latest.pk != code.pk:
        raise ValidationError(
            _(
                "Your organisation published a newer version while you were reading. "
                "Read it and sign again."
            )
        )
    signatures.ensure_signature_matches(person=person, signature=signature, attested=attested)
    return _attestation_save(
        Attestation(
            person=person,
            kind=AttestationKind.CODE_OF_ETHICS,
            attested_on=timezone.localdate(),
            signature=signature.strip(),
            code_of_ethics=code,
            detail=_("Version %(version)s") % {"version": code.version},
        ),
        actor=person,
    )


def diploma_attest(
    *,
    person: User,
    detail: str,
    signature: str,
    attested: bool,
    document=None,
) -> Attestation:
    """The person attests to a high school diploma or its equivalent, with an optional copy."""
    errors: dict = {}
    detail = (detail or "").strip()
    if not detail:
        errors["detail"] = [_("Say which diploma or equivalent you hold, and the year.")]
    _check_upload(document, "document", errors)
    try:
        signatures.ensure_signature_matches(person=person, signature=signature, attested=attested)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    return _attestation_save(
        Attestation(
            person=person,
            kind=AttestationKind.DIPLOMA,
            attested_on=timezone.localdate(),
            signature=signature.strip(),
            detail=detail,
            document=document,
        ),
        actor=person,
    )


def job_role_attest(
    *,
    person: User,
    actor: User,
    employer: str,
    job_title: str,
    share_percent: int,
    signer_role: str,
    signature: str,
    attested: bool,
) -> Attestation:
    """Staff or the person's supervisor attest that their job is mostly recovery support."""
    _ensure_staff_or_supervisor(actor=actor, person=person)
    if actor.pk == person.pk:
        raise PermissionDenied(_("Someone else attests to your job description."))
    errors: dict = {}
    employer, job_title = (employer or "").strip(), (job_title or "").strip()
    if not employer:
        errors["employer"] = [_("Name the employer.")]
    if not job_title:
        errors["job_title"] = [_("Give the job title.")]
    if share_percent is None or not 0 <= share_percent <= 100:
        errors["share_percent"] = [_("Give a share from 0 to 100.")]
    elif share_percent < 51:
        errors["share_percent"] = [
            _(
                "The credential needs a job that is at least 51% recovery support; "
                "%(share)s%% is not enough yet."
            )
            % {"share": share_percent}
        ]
    try:
        signatures.ensure_signature_matches(person=actor, signature=signature, attested=attested)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    return _attestation_save(
        Attestation(
            person=person,
            kind=AttestationKind.RECOVERY_SUPPORT_ROLE,
            attested_on=timezone.localdate(),
            signer=actor,
            signature=signature.strip(),
            signer_role=(signer_role or "").strip()[:100],
            detail=_("%(job)s at %(employer)s: %(share)s%% recovery support")
            % {"job": job_title, "employer": employer, "share": share_percent},
        ),
        actor=actor,
    )


def lived_experience_attest(*, person: User, affirmed: bool) -> Attestation:
    """Yes or no and the date, nothing else (private: never printed or exported)."""
    return attestation_sign(person=person, kind=AttestationKind.LIVED_EXPERIENCE, affirmed=affirmed)


def _attestation_save(attestation: Attestation, *, actor: User) -> Attestation:
    attestation.full_clean()
    return _save_audited(attestation, actor=actor, action="attestation.sign", file_field="document")


def attestation_sign(
    *,
    person: User,
    kind: str,
    affirmed: bool = True,
    signature: str = "",
    signer: User | None = None,
    signer_role: str = "",
    signer_credential: str = "",
    on: datetime.date | None = None,
) -> Attestation:
    """The person (or, for a job description, their supervisor or employer) attests a fact.

    Lived experience keeps only yes/no and the date: any signer detail passed is refused, so it
    can never leak into a packet or an export.
    """
    if kind not in AttestationKind.values:
        raise ValidationError({"kind": _("Choose what you are attesting.")})
    private = kind in PRIVATE_ATTESTATION_KINDS
    if private and (signer is not None or signature or signer_role or signer_credential):
        raise ValidationError(
            _("Lived experience is kept as yes or no and a date only; nothing else is stored.")
        )
    if signer is not None and signer.pk != person.pk:
        _ensure_staff_or_supervisor(actor=signer, person=person)
    attestation = Attestation(
        person=person,
        kind=kind,
        affirmed=affirmed,
        attested_on=on or timezone.localdate(),
        signer=signer if signer is not None and signer.pk != person.pk else None,
        signature=(signature or "").strip(),
        signer_role=signer_role,
        signer_credential=signer_credential,
    )
    with transaction.atomic():
        attestation.full_clean()
        attestation.save()
        audit.record(
            actor=signer or person,
            action="attestation.sign",
            target=attestation,
            after=audit.snapshot(attestation),
        )
    return attestation


def _ensure_staff_or_supervisor(*, actor: User, person: User) -> None:
    """Someone else signing for a person must be their staff or their supervisor."""
    if not access.people_visible_to(actor).filter(pk=person.pk).exists():
        raise PermissionDenied(_("You cannot attest for this person."))
