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
from certification.credentials.evidence import Attestation, ExamResult
from certification.credentials.models import (
    CredentialDefinition,
    CredentialRequirement,
    DefinitionStatus,
)
from certification.rules.kinds import PRIVATE_ATTESTATION_KINDS, AttestationKind
from lms import access
from lms.accounts.models import User
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


def exam_result_record(
    *, person: User, exam_code: str, taken_on: datetime.date, score: Decimal, recorded_by: User
) -> ExamResult:
    """Staff record an exam result from the board's score report."""
    _ensure_staff_for(actor=recorded_by, person=person)
    if taken_on > timezone.localdate():
        raise ValidationError({"taken_on": _("The exam date is in the future.")})
    result = ExamResult(
        person=person,
        exam_code=exam_code,
        taken_on=taken_on,
        score=Decimal(score),
        recorded_by=recorded_by,
    )
    with transaction.atomic():
        result.full_clean()
        result.save()
        audit.record(
            actor=recorded_by, action="exam.record", target=result, after=audit.snapshot(result)
        )
    return result


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
