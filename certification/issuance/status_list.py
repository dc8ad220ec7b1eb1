"""Revocation a verifier can check from the badge alone: a W3C Bitstring Status List.

Every Open Badge PeerPath signs carries a ``credentialStatus`` entry pointing at a status list
credential PeerPath serves (``/credentials/status/<list>/``, itself a signed VC-JWT), and an
index in it: the issued credential's id, so an index is never reused. The bit is 1 once the
credential is revoked or replaced by its renewal; a verifier that fetches the list sees it, so
a saved badge of a revoked credential fails verification.

The list is built from the database on each request (a query of the revoked and renewed ids
in the list's range), gzip-compressed and multibase-encoded (``u`` + base64url, no padding) as
the specification asks, in lists of 131,072 entries (the specification's minimum, 16 KB).
"""

import base64
import gzip

from certification.issuance.models import CredentialStatus, IssuedCredential

LIST_SIZE = 131_072  # bits per list: the minimum the specification sets, for herd privacy
STATUS_PURPOSE = "revocation"
# Statuses that set the bit: the credential no longer stands on its own.
STATUSES_SET = (CredentialStatus.REVOKED, CredentialStatus.SUPERSEDED)


def position(credential: IssuedCredential) -> tuple[int, int]:
    """(list number from 1, index in the list) of a credential."""
    return credential.pk // LIST_SIZE + 1, credential.pk % LIST_SIZE


def status_list_url(base: str, number: int) -> str:
    return f"{base.rstrip('/')}/credentials/status/{number}/"


def status_entry(credential: IssuedCredential, base: str) -> dict:
    number, index = position(credential)
    url = status_list_url(base, number)
    return {
        "id": f"{url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": STATUS_PURPOSE,
        "statusListIndex": str(index),
        "statusListCredential": url,
    }


def encoded_list(number: int) -> str:
    """The list's bits (first bit = index 0, most significant first), gzipped, multibase."""
    start = (number - 1) * LIST_SIZE
    bits = bytearray(LIST_SIZE // 8)
    for pk in IssuedCredential.objects.filter(
        pk__gte=start, pk__lt=start + LIST_SIZE, status__in=STATUSES_SET
    ).values_list("pk", flat=True):
        index = pk - start
        bits[index // 8] |= 0x80 >> (index % 8)
    compressed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).rstrip(b"=").decode("ascii")


def is_set(encoded: str, index: int) -> bool:
    """Read one bit of an encoded list (what a verifier does)."""
    if not encoded.startswith("u"):
        raise ValueError("Not a base64url multibase string.")
    data = encoded[1:]
    bits = gzip.decompress(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)))
    return bool(bits[index // 8] & (0x80 >> (index % 8)))
