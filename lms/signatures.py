"""Signing a record: the typed name on the account plus a ticked attestation.

One rule for every signature a person gives on PeerPath (a supervisor's sign-off, an agreement,
a facilitator's attendance roster), so they all read and refuse the same way.
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from lms.accounts.models import User


def normalise_name(name: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", name or "").casefold().split())


def ensure_signature_matches(*, person: User, signature: str, attested: bool) -> None:
    """Signing means typing the name on your account and ticking the attestation."""
    errors = {}
    if not normalise_name(signature):
        errors["signature"] = _("Type your name to sign.")
    elif normalise_name(signature) != normalise_name(person.display_name):
        errors["signature"] = _(
            "The name you typed does not match the name on your account (%(name)s)."
        ) % {"name": person.display_name}
    if not attested:
        errors["attestation"] = _("Tick the box to confirm what you are signing.")
    if errors:
        raise ValidationError(errors)
