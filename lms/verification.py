"""/verify/<code>/: one public page confirming any document PeerPath issues.

lms issues transcripts (codes such as ``TR-7K2M-Q9PD-4HWX``). Higher apps plug in their own
codes without lms importing them: register a resolver for a prefix in your AppConfig.ready()::

    from lms.verification import VerifiedDocument, register_resolver

    def resolve_credential(code: str) -> VerifiedDocument | None:
        credential = IssuedCredential.objects.filter(verification_code=code).first()
        if credential is None:
            return None
        return VerifiedDocument(
            kind=_("Credential"),
            title=credential.definition.name,
            holder_name=credential.holder_name,
            issued_on=credential.issued_on,
            status=VerifiedDocument.VALID if credential.is_current else VerifiedDocument.REVOKED,
            status_note=...,
            facts=[(_("Valid until"), date_format(credential.expires_on))],
        )

    register_resolver("CR", resolve_credential)

Rules: a code is ``PREFIX-...``; the prefix (letters before the first dash, upper case) picks the
resolver. A resolver returns None for an unknown code and must reveal nothing about why. The
page shows only what the holder agreed to share by handing out the code: the name on the
document, what it lists and its status — never contact details or private records.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class VerifiedDocument:
    VALID = "valid"
    REVOKED = "revoked"
    EXPIRED = "expired"
    SUPERSEDED = "superseded"

    kind: str
    title: str
    holder_name: str
    issued_on: datetime.date
    status: str = VALID
    status_note: str = ""
    # The status in words where the kind of document names it better than the default label
    # (a renewed credential says "Renewed", not "Replaced by a newer version").
    status_label: str = ""
    facts: list[tuple[str, str]] = field(default_factory=list)
    # Optional rows (e.g. modules and hours) shown in a table: (heading tuple, list of rows).
    table_headings: tuple[str, ...] = ()
    table_rows: list[tuple[str, ...]] = field(default_factory=list)
    # Whose records the page shows, and the organisations it names: a change to either retires
    # the page kept for visitors (lms/kept_pages.py, verified_page).
    holder_id: int | None = None
    organization_ids: tuple[int, ...] = ()

    @property
    def is_valid(self) -> bool:
        return self.status == self.VALID


Resolver = Callable[[str], VerifiedDocument | None]

_resolvers: dict[str, Resolver] = {}


def register_resolver(prefix: str, resolver: Resolver) -> None:
    """Route codes starting with ``prefix-`` to ``resolver`` (registering again replaces it)."""
    _resolvers[prefix.upper()] = resolver


def unregister_resolver(prefix: str) -> None:
    _resolvers.pop(prefix.upper(), None)


# What any code is made of once normalised: letters and digits in groups joined by dashes.
CODE_MAX_LENGTH = 40
_WELL_FORMED_CODE = re.compile(r"[A-Z0-9]+(?:-[A-Z0-9]+)*")


def normalise_code(code: str) -> str:
    return "-".join(part for part in code.strip().upper().replace(" ", "-").split("-") if part)


def is_well_formed(code: str) -> bool:
    """Whether a code could be one PeerPath issued: any other text (a slash, a quote, a NUL
    byte) is turned away before it reaches an address or the database."""
    code = normalise_code(code)
    return len(code) <= CODE_MAX_LENGTH and _WELL_FORMED_CODE.fullmatch(code) is not None


def resolve(code: str) -> VerifiedDocument | None:
    """The document behind a code, or None when no resolver knows it (or it is no code)."""
    if not is_well_formed(code):
        return None
    code = normalise_code(code)
    prefix = code.split("-", 1)[0]
    resolver = _resolvers.get(prefix)
    if resolver is None:
        return None
    return resolver(code)


def status_label(document: VerifiedDocument) -> str:
    return document.status_label or str(VERIFY_STATUS_LABELS.get(document.status, ""))


VERIFY_STATUS_LABELS = {
    VerifiedDocument.VALID: _("Valid"),
    VerifiedDocument.REVOKED: _("Revoked"),
    VerifiedDocument.EXPIRED: _("Expired"),
    VerifiedDocument.SUPERSEDED: _("Replaced by a newer version"),
}
