"""The keys that sign Open Badges and the status list, and their rotation.

- Production: ``PEERPATH_CREDENTIAL_SIGNING_KEY`` holds one or more PEM-encoded Ed25519 private
  keys, newest first. The first signs; every one is published in the JWKS, so badges signed
  with an older key still verify after a rotation. ``manage.py rotate_signing_key`` prints a
  new key to put in front.
- Development and the demo (the variable empty): keys live as PEM files in
  ``PEERPATH_SIGNING_KEY_DIR`` (default: ``private-media/signing-keys``), created on first use,
  so the demo's badges keep verifying across restarts. ``rotate_signing_key`` adds a newer file.

Each key's ``kid`` is a URL into the published JWKS (``<base>/.well-known/jwks.json#<thumbprint>``),
the RFC 7638 thumbprint naming the key; the JWT header carries only ``alg``, ``typ`` and ``kid``,
never the key itself, so a verifier trusts the published set and nothing else.
"""

import base64
import hashlib
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

PEM_BLOCK = re.compile(r"-----BEGIN PRIVATE KEY-----.+?-----END PRIVATE KEY-----", re.DOTALL)


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


@dataclass(frozen=True)
class SigningKey:
    private_key: Ed25519PrivateKey

    @property
    def public_raw(self) -> bytes:
        return self.private_key.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )

    @property
    def thumbprint(self) -> str:
        """RFC 7638: SHA-256 of the canonical public JWK members."""
        members = {"crv": "Ed25519", "kty": "OKP", "x": _b64url(self.public_raw)}
        canonical = json.dumps(members, sort_keys=True, separators=(",", ":")).encode()
        return _b64url(hashlib.sha256(canonical).digest())

    @property
    def kid(self) -> str:
        return f"{jwks_url()}#{self.thumbprint}"

    def public_jwk(self) -> dict:
        return {
            "kty": "OKP",
            "crv": "Ed25519",
            "x": _b64url(self.public_raw),
            "kid": self.kid,
            "alg": "EdDSA",
            "use": "sig",
        }


def jwks_url() -> str:
    return settings.PEERPATH_BASE_URL.rstrip("/") + "/.well-known/jwks.json"


def _load(pem: str) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(pem.encode(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ImproperlyConfigured("PEERPATH_CREDENTIAL_SIGNING_KEY must hold Ed25519 keys.")
    return key


def new_private_pem() -> str:
    return (
        Ed25519PrivateKey.generate()
        .private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        .decode()
    )


def key_dir() -> Path:
    return Path(settings.PEERPATH_SIGNING_KEY_DIR)


@lru_cache(maxsize=8)
def _keys_from_setting(value: str) -> tuple[SigningKey, ...]:
    # Environment variables often carry PEMs on one line with literal "\n".
    blocks = PEM_BLOCK.findall(value.replace("\\n", "\n"))
    if not blocks:
        raise ImproperlyConfigured("PEERPATH_CREDENTIAL_SIGNING_KEY holds no PEM private key.")
    return tuple(SigningKey(_load(block)) for block in blocks)


def _keys_from_dir() -> tuple[SigningKey, ...]:
    folder = key_dir()
    files = sorted(folder.glob("*.pem"), reverse=True) if folder.is_dir() else []
    if not files:
        files = [add_key_file()]
    return tuple(SigningKey(_load(path.read_text())) for path in files)


def add_key_file() -> Path:
    """A new key file, named so the newest sorts first (development and the demo)."""
    folder = key_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%dT%H%M%S%f")
    path = folder / f"{stamp}.pem"
    path.write_text(new_private_pem())
    path.chmod(0o600)
    return path


def signing_keys() -> tuple[SigningKey, ...]:
    """Every published key, the signing one first."""
    configured = getattr(settings, "PEERPATH_CREDENTIAL_SIGNING_KEY", "") or ""
    if configured:
        return _keys_from_setting(configured)
    return _keys_from_dir()


def active_key() -> SigningKey:
    return signing_keys()[0]


def jwks() -> dict:
    """The JWK Set published at /.well-known/jwks.json: every key that may have signed."""
    return {"keys": [key.public_jwk() for key in signing_keys()]}
