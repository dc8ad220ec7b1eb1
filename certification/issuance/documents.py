"""Documents PeerPath prints for a board (the practice hours log, application and renewal
packets), each with a verification code that /verify/ resolves.

A board clerk holding a printed page types the code at /verify/ and sees what the document is,
for whom, when it was produced, and its totals as issued, so a page cannot be passed off with
other numbers. Nothing else of the person's records is shown there.
"""

import hashlib
import json
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from lms.accounts.models import SignInCode


class DocumentKind(models.TextChoices):
    HOURS_LOG = "hours_log", _("Supervised practice hours log")
    APPLICATION_PACKET = "application_packet", _("Credential application packet")
    RENEWAL_PACKET = "renewal_packet", _("Credential renewal packet")


class IssuedDocument(models.Model):
    """One printed document, frozen: its kind, holder, totals and a digest of its content."""

    CODE_PREFIX = "DC"
    ALPHABET = SignInCode.ALPHABET

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="issued_documents"
    )
    kind = models.CharField(max_length=30, choices=DocumentKind.choices)
    code = models.CharField(max_length=32, unique=True, editable=False)
    issued_at = models.DateTimeField(default=timezone.now)
    holder_name = models.CharField(max_length=150)
    summary = models.JSONField(
        default=dict, help_text=_("The totals the document printed, as issued.")
    )
    content_digest = models.CharField(max_length=64, editable=False)

    class Meta:
        verbose_name = _("issued document")
        verbose_name_plural = _("issued documents")
        ordering = ["-issued_at", "-pk"]

    def __str__(self) -> str:
        return self.code

    @classmethod
    def new_code(cls) -> str:
        body = "".join(secrets.choice(cls.ALPHABET) for _ in range(12))
        return f"{cls.CODE_PREFIX}-{body[:4]}-{body[4:8]}-{body[8:]}"


def document_issue(*, person, kind: str, summary: dict) -> IssuedDocument:
    """Record a document about to be printed; its code goes on every page."""
    summary = {key: str(value) for key, value in summary.items()}
    digest = hashlib.sha256(
        json.dumps({"kind": kind, "person": person.pk, **summary}, sort_keys=True).encode()
    ).hexdigest()
    return IssuedDocument.objects.create(
        person=person,
        kind=kind,
        code=IssuedDocument.new_code(),
        holder_name=person.display_name,
        summary=summary,
        content_digest=digest,
    )


SUMMARY_LABELS = {
    "practice_hours": _("Signed practice hours"),
    "practice_entries": _("Signed practice entries"),
    "supervision_hours": _("Supervision hours"),
    "credential": _("Credential applied for"),
}


def resolve_document(code: str):
    """/verify/DC-... : what the document is, for whom, when, and its totals."""
    from lms.verification import VerifiedDocument

    document = IssuedDocument.objects.filter(code=code).first()
    if document is None:
        return None
    return VerifiedDocument(
        kind=str(_("Document")),
        title=str(DocumentKind(document.kind).label),
        holder_name=document.holder_name,
        holder_id=document.person_id,
        issued_on=timezone.localdate(document.issued_at),
        status=VerifiedDocument.VALID,
        status_note=str(
            _("PeerPath produced this document on %(date)s. Compare its totals with these.")
            % {"date": date_format(timezone.localtime(document.issued_at), "DATETIME_FORMAT")}
        ),
        facts=[
            (str(SUMMARY_LABELS.get(key, key)), value)
            for key, value in document.summary.items()
            if key in SUMMARY_LABELS
        ],
    )


# ------------------------------------------------------------------------------
# What the printable documents hold (their pages and the copy of a person's data use these)
# ------------------------------------------------------------------------------
CERTIFICATE_PDF_TEMPLATE = "certification/certificate_pdf.html"


def image_data_uri(image) -> str:
    """An uploaded picture inlined in a PDF (WeasyPrint then fetches nothing over the network)."""
    import base64

    if not image:
        return ""
    try:
        with image.open("rb") as handle:
            data = handle.read(2 * 1024 * 1024 + 1)
    except (OSError, ValueError):
        return ""
    kind = "image/png" if data.startswith(b"\x89PNG") else "image/jpeg"
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"


def certificate_pdf_context(*, credential) -> dict:
    """A credential's certificate, with a QR code to its public verification page."""
    from django.urls import reverse

    from lms.emails import absolute_url
    from lms.pdf import verification_qr_code

    verify_url = absolute_url(reverse("lms:verify", args=[credential.verification_code]))
    issuer = credential.issuer_organization or credential.application.organization
    return {
        "credential": credential,
        "issuer": issuer,
        "logo": image_data_uri(issuer.logo),
        "verify_url": verify_url,
        "qr_code": verification_qr_code(verify_url),
    }
