"""Issued credentials on the public /verify/<code>/ page (lms.verification's registry).

Shows what the holder shares by handing out the code: the name on the credential, the
credential, who sets its rules, the dates and the status. Nothing else: no contact details, no
records, never the lived-experience attestation.
"""

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from certification.issuance.models import CredentialStatus, IssuedCredential
from lms.verification import VerifiedDocument

_STATUS = {
    CredentialStatus.ACTIVE: VerifiedDocument.VALID,
    CredentialStatus.EXPIRED: VerifiedDocument.EXPIRED,
    CredentialStatus.REVOKED: VerifiedDocument.REVOKED,
    CredentialStatus.SUPERSEDED: VerifiedDocument.SUPERSEDED,
}


def _renewed_note(credential: IssuedCredential) -> str:
    """A renewed credential points to the one that replaced it, and says how that one stands."""
    if credential.status != CredentialStatus.SUPERSEDED:
        return ""
    newer = IssuedCredential.objects.filter(previous_credential=credential).first()
    if newer is None:
        return _("This credential was renewed.")
    return _(
        "This credential was renewed: the holder's current credential is %(number)s, valid "
        "until %(date)s (%(status)s)."
    ) % {
        "number": newer.number,
        "date": date_format(newer.expires_on, "DATE_FORMAT"),
        "status": newer.current_status_label.lower(),
    }


def resolve_credential(code: str) -> VerifiedDocument | None:
    credential = (
        IssuedCredential.objects.select_related(
            "definition", "application__organization", "issuer_organization"
        )
        .filter(verification_code=code)
        .first()
    )
    if credential is None:
        return None
    status = credential.current_status
    notes = {
        CredentialStatus.ACTIVE: _("This credential is active."),
        CredentialStatus.EXPIRED: _("This credential expired on %(date)s.")
        % {"date": date_format(credential.expires_on, "DATE_FORMAT")},
        CredentialStatus.REVOKED: _("This credential was revoked on %(date)s.")
        % {"date": date_format(credential.revoked_at, "DATE_FORMAT")}
        if credential.revoked_at
        else _("This credential was revoked."),
        CredentialStatus.SUPERSEDED: _renewed_note(credential),
    }
    return VerifiedDocument(
        kind=_("Credential"),
        title=credential.definition.name,
        holder_name=credential.holder_name,
        issued_on=credential.issued_on,
        status=_STATUS[status],
        status_note=notes[status],
        status_label=str(_("Renewed")) if status == CredentialStatus.SUPERSEDED else "",
        facts=_facts(credential, status),
        holder_id=credential.holder_id,
        organization_ids=tuple(
            pk
            for pk in (credential.application.organization_id, credential.issuer_organization_id)
            if pk is not None
        ),
    )


def _facts(credential: IssuedCredential, status: str) -> list[tuple[str, str]]:
    """Who issued it, truthfully: the issuing organisation on PeerPath, or for a board's
    decision made elsewhere, the board, with the organisation that recorded it."""
    facts = [(_("Credential number"), credential.number)]
    if credential.recorded:
        facts += [
            (_("Issued by"), credential.definition.issuing_body),
            (
                _("Recorded by"),
                _("%(organization)s, from the board's decision letter")
                % {"organization": credential.application.organization.name},
            ),
        ]
    else:
        facts += [
            (_("Rules set by"), credential.definition.issuing_body),
            (_("Issued by"), credential.issuer_name),
        ]
    if status in (CredentialStatus.ACTIVE, CredentialStatus.EXPIRED):
        # A revoked or renewed credential says so in its status; no "valid until" beside it.
        facts.append((_("Valid until"), date_format(credential.expires_on, "DATE_FORMAT")))
    return facts
