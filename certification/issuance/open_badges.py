"""Open Badges 3.0: an issued credential as an AchievementCredential, signed as a VC-JWT.

The holder downloads it (``/learn/credentials/issued/<pk>/open-badge.jwt``) and can put it in
any Open Badges 3.0 wallet. Format (Open Badges 3.0, section 8.2, "VC-JWT"):

- JOSE header: ``alg`` EdDSA (Ed25519), ``typ`` JWT and ``kid``, a URL into the JWKS published
  at ``/.well-known/jwks.json``; never the key itself (badge_keys.py: keys, rotation);
- payload: the credential itself (its members at the top level, no ``vc`` wrapper) with the
  registered claims ``iss`` (issuer id), ``sub`` (the subject's id), ``jti`` (credential id),
  ``nbf`` (validFrom, the moment it was issued) and ``exp`` (validUntil);
- ``credentialStatus``: a Bitstring Status List entry (status_list.py), so a verifier sees a
  revoked or renewed credential from the badge alone;
- signature: Ed25519 over ``base64url(header).base64url(payload)``.

Every URL in it is built from ``PEERPATH_BASE_URL``, never from the request's Host header, and
each resolves: the issuer's Profile (``/issuers/<organisation>/``), the Achievement
(``/credentials/<code>/v<version>/``), the status list, the verification page.

The subject is identified by a salted SHA-256 hash of their email address (Open Badges'
IdentityObject), never by name alone; the salt is in the badge, so someone who knows the address
can check it and no one else learns it. Nothing private goes in: the name as printed on the
certificate, the credential, its rules in words (without private attestations) and the dates.
"""

import base64
import contextlib
import datetime
import hashlib
import json
import warnings

from django.conf import settings
from django.http import HttpResponse
from django.templatetags.static import static

from joserfc import jws
from joserfc.errors import BadSignatureError, JoseError
from joserfc.jwk import OKPKey

from certification.issuance import badge_keys, status_list
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


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def jwks() -> dict:
    """The JWK Set published at /.well-known/jwks.json."""
    return badge_keys.jwks()


def site_base() -> str:
    """The site's public address: from settings, never from the request."""
    return settings.PEERPATH_BASE_URL.rstrip("/")


# ------------------------------------------------------------------------------
# The credential
# ------------------------------------------------------------------------------
def _timestamp(day: datetime.date, *, end_of_day: bool = False) -> str:
    moment = datetime.time(23, 59, 59) if end_of_day else datetime.time(0, 0, 0)
    return datetime.datetime.combine(day, moment, tzinfo=datetime.UTC).strftime(
        "%Y-%m-%dT%H:%M:%SZ"
    )


def issuer_profile(organization, base: str) -> dict:
    """The issuing organisation's Open Badges Profile (served at its id as JSON-LD)."""
    return {
        "@context": OB_CONTEXT,
        "id": f"{base}/issuers/{organization.slug}/",
        "type": ["Profile"],
        "name": organization.name,
        "url": f"{base}/issuers/{organization.slug}/",
    }


def achievement(definition, base: str) -> dict:
    """The Achievement a credential version stands for (served at its id as JSON-LD)."""
    domains = {}
    for requirement in definition.requirements.filter(purpose="initial", domain__isnull=False):
        domains[requirement.domain_id] = requirement.domain
    return {
        "id": f"{base}/credentials/{definition.code}/v{definition.version}/",
        "type": ["Achievement"],
        "achievementType": "Certification",
        "name": definition.name,
        "description": definition.description or definition.name,
        "criteria": {"narrative": _criteria_of(definition)},
        "humanCode": definition.code,
        "version": str(definition.version),
        "image": {"id": f"{base}{static('img/credential-badge.svg')}", "type": "Image"},
        # The competency domains its training requirements name, each with the page that
        # describes the achievement's requirements (no claim about another body's pages).
        "alignment": [
            {
                "type": ["Alignment"],
                "targetName": domain.name,
                "targetFramework": domain.get_framework_display(),
                "targetCode": f"{domain.framework}:{domain.slug}",
                "targetType": "CFItem",
                "targetUrl": f"{base}/credentials/{definition.code}/v{definition.version}/"
                f"#{domain.framework}-{domain.slug}",
            }
            for domain in sorted(domains.values(), key=lambda d: (d.framework, d.sort_order))
        ],
    }


def _criteria_of(definition) -> str:
    lines = [
        "- " + describe(requirement.as_spec())
        for requirement in definition.requirements.filter(purpose="initial")
        .select_related("domain", "topic", "cap_topic", "subset_topic", "module")
        .order_by("sort_order", "pk")
        if not (
            requirement.kind == RequirementKind.ATTESTATION
            and requirement.attestation_kind in PRIVATE_ATTESTATION_KINDS
        )
    ]
    return "\n".join(lines) or definition.name


def subject_identity(credential: IssuedCredential) -> dict:
    """A salted hash of the holder's email address (salt: the verification code)."""
    salt = credential.verification_code
    digest = hashlib.sha256((credential.holder.email.strip().lower() + salt).encode()).hexdigest()
    return {
        "type": "IdentityObject",
        "identityType": "emailAddress",
        "hashed": True,
        "identityHash": f"sha256${digest}",
        "salt": salt,
    }


def achievement_credential(*, credential: IssuedCredential, base_url: str | None = None) -> dict:
    """The Open Badges 3.0 AchievementCredential for one issued credential (unsigned).

    ``base_url`` defaults to ``PEERPATH_BASE_URL`` (tests may pass another)."""
    base = (base_url or site_base()).rstrip("/")
    definition = credential.definition
    issuer = credential.issuer_organization or credential.application.organization
    issued_at = credential.created_at or datetime.datetime.now(datetime.UTC)
    return {
        "@context": OB_CONTEXT,
        "id": f"{base}/verify/{credential.verification_code}/",
        "type": ["VerifiableCredential", "AchievementCredential"],
        "name": definition.name,
        "issuer": issuer_profile(issuer, base),
        "validFrom": issued_at.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "validUntil": _timestamp(credential.expires_on, end_of_day=True),
        "credentialSubject": {
            # The holder's DID when they gave one; else an id of this credential's subject,
            # with the salted email hash identifying them.
            "id": credential.holder.badge_did
            or f"urn:peerpath:credential-subject:{credential.verification_code}",
            "type": ["AchievementSubject"],
            "identifier": [] if credential.holder.badge_did else [subject_identity(credential)],
            "licenseNumber": credential.number,
            "achievement": achievement(definition, base),
        },
        "credentialStatus": status_list.status_entry(credential, base),
    }


@contextlib.contextmanager
def _eddsa():
    """joserfc warns that RFC 9864 prefers the name "Ed25519"; Open Badges 3.0 and today's
    wallets use "EdDSA" (the same Ed25519 signature), so PeerPath keeps it, quietly."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="EdDSA is deprecated")
        yield


def sign(document: dict) -> str:
    """The document as a compact VC-JWT signed (joserfc) with the active key; the header
    names the key by ``kid`` and never carries it."""
    key = badge_keys.active_key()
    claims = {
        **document,
        "iss": document["issuer"]["id"],
        "jti": document["id"],
        "nbf": int(datetime.datetime.fromisoformat(document["validFrom"]).timestamp()),
    }
    subject = document.get("credentialSubject", {}).get("id")
    if subject:
        claims["sub"] = subject
    if "validUntil" in document:
        claims["exp"] = int(datetime.datetime.fromisoformat(document["validUntil"]).timestamp())
    payload = json.dumps(claims, separators=(",", ":"), ensure_ascii=False).encode()
    with _eddsa():
        return jws.serialize_compact(
            {"alg": "EdDSA", "typ": "JWT", "kid": key.kid},
            payload,
            OKPKey.import_key(key.private_key),
            algorithms=["EdDSA"],
        )


def verify(token: str, *, jwk_set: dict | None = None) -> dict:
    """Check a VC-JWT against the published keys (joserfc); its payload, or ValueError."""
    try:
        header = json.loads(_b64url_decode(token.split(".")[0]))
    except (ValueError, IndexError, json.JSONDecodeError) as error:
        raise ValueError("Not a compact JWT.") from error
    if header.get("alg") != "EdDSA":
        raise ValueError("Unexpected algorithm.")
    keys = {key["kid"]: key for key in (jwk_set or jwks())["keys"]}
    key = keys.get(header.get("kid"))
    if key is None:
        raise ValueError("Unknown key.")
    try:
        with _eddsa():
            result = jws.deserialize_compact(token, OKPKey.import_key(key), algorithms=["EdDSA"])
    except BadSignatureError as error:
        raise ValueError("The signature does not match.") from error
    except JoseError as error:
        raise ValueError("Not a valid JWS.") from error
    return json.loads(result.payload)


def signed_achievement_credential(
    *, credential: IssuedCredential, base_url: str | None = None
) -> str:
    return sign(achievement_credential(credential=credential, base_url=base_url))


def status_list_credential(number: int) -> str:
    """The signed status list credential number ``number`` (a VC-JWT), as of now."""
    base = site_base()
    url = status_list.status_list_url(base, number)
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return sign(
        {
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "id": url,
            "type": ["VerifiableCredential", "BitstringStatusListCredential"],
            "issuer": {"id": f"{base}/", "type": ["Profile"], "name": ISSUER_NAME},
            "validFrom": now,
            "credentialSubject": {
                "id": f"{url}#list",
                "type": "BitstringStatusList",
                "statusPurpose": status_list.STATUS_PURPOSE,
                "encodedList": status_list.encoded_list(number),
            },
        }
    )


def download_response(*, credential: IssuedCredential, base_url: str | None = None) -> HttpResponse:
    """The signed credential as a file download: the page and the API serve the same file."""
    token = signed_achievement_credential(credential=credential)
    response = HttpResponse(token, content_type=MEDIA_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{credential.number}.jwt"'
    return response
