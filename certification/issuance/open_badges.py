"""Open Badges 3.0: an issued credential as an AchievementCredential, signed as a VC-JWT.

The holder downloads it (``/learn/credentials/issued/<pk>/open-badge.jwt``) and can put it in
any Open Badges 3.0 wallet. Format (Open Badges 3.0, section 8.2, "VC-JWT"):

- JOSE header: ``alg`` EdDSA (Ed25519), ``typ`` JWT, ``kid`` (the key's RFC 7638 thumbprint)
  and ``jwk`` (the public key itself, so a verifier offline can check the signature);
- payload: the credential itself (its members at the top level, no ``vc`` wrapper) with the
  registered claims ``iss`` (issuer id), ``jti`` (credential id), ``nbf`` (validFrom) and
  ``exp`` (validUntil);
- signature: Ed25519 over ``base64url(header).base64url(payload)``.

The platform's public key is published at ``/.well-known/jwks.json`` (a JWK Set).

The signing key: ``settings.PEERPATH_CREDENTIAL_SIGNING_KEY``, a PEM-encoded Ed25519 private
key from the environment variable of the same name (production refuses to start without it).
When it is empty (development, tests), a key is generated once per process: badges signed by an
earlier process then no longer verify, which is fine for a demo and never happens in production.

Nothing private goes in: the holder's name (as printed on the certificate), the credential, its
rules in words (without private attestations) and the dates. Never the lived-experience
attestation, never an email address.
"""

import base64
import datetime
import hashlib
import json
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from certification.issuance.models import IssuedCredential
from certification.rules.kinds import PRIVATE_ATTESTATION_KINDS, RequirementKind
from certification.rules.wording import describe

OB_CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
ISSUER_NAME = "PeerPath"
# What a signed credential is served as (VC-JOSE-COSE: a VC secured as a JWT).
MEDIA_TYPE = "application/vc+jwt"


# ------------------------------------------------------------------------------
# Keys
# ------------------------------------------------------------------------------
def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@lru_cache(maxsize=1)
def _process_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def signing_key() -> Ed25519PrivateKey:
    """The platform's Ed25519 private key (see the module docstring)."""
    pem = getattr(settings, "PEERPATH_CREDENTIAL_SIGNING_KEY", "") or ""
    if not pem:
        return _process_key()
    return _load_key(pem)


@lru_cache(maxsize=4)
def _load_key(pem: str) -> Ed25519PrivateKey:
    # Environment variables often carry a PEM on one line with literal "\n".
    key = serialization.load_pem_private_key(pem.replace("\\n", "\n").encode(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ImproperlyConfigured("PEERPATH_CREDENTIAL_SIGNING_KEY must be an Ed25519 key.")
    return key


def public_jwk(public_key: Ed25519PublicKey | None = None) -> dict:
    """The public key as a JWK (RFC 8037), with its RFC 7638 thumbprint as ``kid``."""
    public_key = public_key or signing_key().public_key()
    raw = public_key.public_bytes(
        encoding=serialization.Encoding.Raw, format=serialization.PublicFormat.Raw
    )
    jwk = {"crv": "Ed25519", "kty": "OKP", "x": _b64url(raw)}
    thumbprint = hashlib.sha256(
        json.dumps(jwk, sort_keys=True, separators=(",", ":")).encode()
    ).digest()
    return {**jwk, "kid": _b64url(thumbprint), "alg": "EdDSA", "use": "sig"}


def jwks() -> dict:
    """The JWK Set published at /.well-known/jwks.json."""
    return {"keys": [public_jwk()]}


# ------------------------------------------------------------------------------
# The credential
# ------------------------------------------------------------------------------
def _timestamp(day: datetime.date, *, end_of_day: bool = False) -> str:
    moment = datetime.time(23, 59, 59) if end_of_day else datetime.time(0, 0, 0)
    return datetime.datetime.combine(day, moment, tzinfo=datetime.UTC).strftime(
        "%Y-%m-%dT%H:%M:%SZ"
    )


def _criteria(credential: IssuedCredential) -> str:
    """The version's requirements in words; private attestations are left out."""
    lines = [
        "- " + describe(requirement.as_spec())
        for requirement in credential.definition.requirements.filter(purpose="initial")
        .select_related("domain", "topic", "cap_topic", "subset_topic", "module")
        .order_by("sort_order", "pk")
        if not (
            requirement.kind == RequirementKind.ATTESTATION
            and requirement.attestation_kind in PRIVATE_ATTESTATION_KINDS
        )
    ]
    return "\n".join(lines) or credential.definition.name


def achievement_credential(*, credential: IssuedCredential, base_url: str) -> dict:
    """The Open Badges 3.0 AchievementCredential for one issued credential (unsigned).

    ``base_url`` is the site's address ending in "/", e.g. https://peerpath.example.org/.
    """
    base = base_url.rstrip("/")
    definition = credential.definition
    document = {
        "@context": OB_CONTEXT,
        "id": f"{base}/verify/{credential.verification_code}/",
        "type": ["VerifiableCredential", "AchievementCredential"],
        "name": definition.name,
        "issuer": {
            "id": f"{base}/",
            "type": ["Profile"],
            "name": ISSUER_NAME,
            "url": f"{base}/",
        },
        "validFrom": _timestamp(credential.issued_on),
        "validUntil": _timestamp(credential.expires_on, end_of_day=True),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityType": "name",
                    "hashed": False,
                    "identityHash": credential.holder_name,
                }
            ],
            "licenseNumber": credential.number,
            "achievement": {
                "id": f"{base}/credentials/{definition.code}/v{definition.version}",
                "type": ["Achievement"],
                "achievementType": "Certification",
                "name": definition.name,
                "description": definition.description or definition.name,
                "criteria": {"narrative": _criteria(credential)},
                "humanCode": definition.code,
                "version": str(definition.version),
                "creator": {
                    "id": f"{base}/issuers/{definition.code}",
                    "type": ["Profile"],
                    "name": definition.issuing_body,
                },
            },
        },
    }
    return document


def sign(document: dict) -> str:
    """The document as a compact VC-JWT signed with the platform key."""
    key = signing_key()
    jwk = public_jwk(key.public_key())
    header = {
        "alg": "EdDSA",
        "typ": "JWT",
        "kid": jwk["kid"],
        "jwk": {name: jwk[name] for name in ("crv", "kty", "x")},
    }
    claims = {
        **document,
        "iss": document["issuer"]["id"],
        "jti": document["id"],
        "nbf": int(datetime.datetime.fromisoformat(document["validFrom"]).timestamp()),
    }
    if "validUntil" in document:
        claims["exp"] = int(datetime.datetime.fromisoformat(document["validUntil"]).timestamp())
    signing_input = ".".join(
        _b64url(json.dumps(part, separators=(",", ":"), ensure_ascii=False).encode())
        for part in (header, claims)
    )
    signature = key.sign(signing_input.encode("ascii"))
    return f"{signing_input}.{_b64url(signature)}"


def verify(token: str, *, jwk_set: dict | None = None) -> dict:
    """Check a VC-JWT against the published keys; return its payload or raise ValueError."""
    try:
        header_b64, payload_b64, signature_b64 = token.split(".")
        header = json.loads(_b64url_decode(header_b64))
        payload = json.loads(_b64url_decode(payload_b64))
        signature = _b64url_decode(signature_b64)
    except (ValueError, json.JSONDecodeError) as error:
        raise ValueError("Not a compact JWT.") from error
    if header.get("alg") != "EdDSA":
        raise ValueError("Unexpected algorithm.")
    keys = {key["kid"]: key for key in (jwk_set or jwks())["keys"]}
    key = keys.get(header.get("kid"))
    if key is None:
        raise ValueError("Unknown key.")
    public_key = Ed25519PublicKey.from_public_bytes(_b64url_decode(key["x"]))
    try:
        public_key.verify(signature, f"{header_b64}.{payload_b64}".encode("ascii"))
    except InvalidSignature as error:
        raise ValueError("The signature does not match.") from error
    return payload


def signed_achievement_credential(*, credential: IssuedCredential, base_url: str) -> str:
    return sign(achievement_credential(credential=credential, base_url=base_url))


def download_response(*, credential: IssuedCredential, base_url: str) -> HttpResponse:
    """The signed credential as a file download: the page and the API serve the same file."""
    token = signed_achievement_credential(credential=credential, base_url=base_url)
    response = HttpResponse(token, content_type=MEDIA_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{credential.number}.jwt"'
    return response
