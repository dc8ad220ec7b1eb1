"""Open Badges 3.0: the AchievementCredential validates against the 1EdTech schema, its VC-JWT
verifies with the published key (checked independently with joserfc), and tampering fails."""

import base64
import datetime
import gzip
import hashlib
import json
import os
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

import jsonschema
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from joserfc import jws
from joserfc.errors import BadSignatureError
from joserfc.jwk import OKPKey

from certification.issuance import open_badges
from certification.issuance.services import (
    credential_application_approve,
    credential_application_submit,
    issued_credential_revoke,
)
from tests.certification.issuance.test_applications import make_definition, meet

pytestmark = [
    pytest.mark.django_db,
    # RFC 9864 prefers the fully specified "Ed25519" name; Open Badges 3.0 and today's wallets
    # use "EdDSA" (the same Ed25519 signature), so PeerPath keeps it.
    pytest.mark.filterwarnings("ignore:EdDSA is deprecated"),
]

# 1EdTech's published schema lives with the product brief beside the checkout (shared/standards/);
# PEERPATH_STANDARDS_DIR can point elsewhere. It is read from there, not copied into the project.
STANDARDS = Path(
    os.environ.get(
        "PEERPATH_STANDARDS_DIR", Path(__file__).resolve().parents[4] / "shared" / "standards"
    )
)
SCHEMA = STANDARDS / "ob-v3p0-achievementcredential.schema.json"
BASE_URL = "https://peerpath.example.org/"


def assert_valid_open_badge(document: dict) -> None:
    """Validate with the draft the schema declares (2019-09), formats checked."""
    schema = json.loads(SCHEMA.read_text())
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(document), key=lambda error: list(error.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


@pytest.fixture
def issued(trainee, staff):
    definition = make_definition()
    meet(trainee)
    application = credential_application_submit(applicant=trainee, definition=definition)
    return credential_application_approve(application=application, reviewer=staff)


def part(token: str, index: int) -> dict:
    segment = token.split(".")[index]
    return json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))


def test_the_credential_validates_against_the_open_badges_schema(issued):
    assert json.loads(SCHEMA.read_text())["$id"].startswith("https://purl.imsglobal.org/")
    document = open_badges.achievement_credential(credential=issued, base_url=BASE_URL)
    assert_valid_open_badge(document)
    assert document["credentialSubject"]["achievement"]["name"] == "Ethics credential"
    # The subject is a salted hash of their email address, never their name alone.
    identity = document["credentialSubject"]["identifier"][0]
    expected = hashlib.sha256((issued.holder.email + identity["salt"]).encode()).hexdigest()
    assert (identity["identityType"], identity["hashed"]) == ("emailAddress", True)
    assert identity["identityHash"] == f"sha256${expected}"


def test_the_signed_payload_also_validates_and_carries_the_registered_claims(issued):
    token = open_badges.signed_achievement_credential(credential=issued, base_url=BASE_URL)
    header, payload = part(token, 0), part(token, 1)
    assert (header["alg"], header["typ"]) == ("EdDSA", "JWT")
    assert "jwk" not in header  # a verifier trusts the published keys, nothing in the token
    assert header["kid"].startswith("http://testserver/.well-known/jwks.json#")
    assert_valid_open_badge(payload)
    # The issuer is the organisation that issued it, at a URL that answers (see below).
    assert payload["iss"] == f"{BASE_URL}issuers/riverside/"
    assert payload["issuer"]["name"] == "Riverside Recovery Community"
    assert payload["sub"] == payload["credentialSubject"]["id"]
    assert payload["jti"] == f"{BASE_URL}verify/{issued.verification_code}/"
    assert payload["nbf"] < payload["exp"]
    assert payload["validFrom"] == issued.created_at.astimezone(datetime.UTC).strftime(
        "%Y-%m-%dT%H:%M:%SZ"
    )


def test_nothing_private_is_in_the_credential(issued):
    text = json.dumps(open_badges.achievement_credential(credential=issued, base_url=BASE_URL))
    assert "lived" not in text.lower()
    assert issued.holder.email not in text


def test_the_signature_verifies_with_the_published_key(client, issued):
    token = open_badges.signed_achievement_credential(credential=issued, base_url=BASE_URL)
    published = client.get("/.well-known/jwks.json").json()
    assert open_badges.verify(token, jwk_set=published)["jti"].endswith("/")
    # Independently of our code: joserfc with the published JWK.
    key = OKPKey.import_key(published["keys"][0])
    assert jws.deserialize_compact(token, key, algorithms=["EdDSA"]).payload


def test_a_tampered_payload_fails_verification(client, issued):
    token = open_badges.signed_achievement_credential(credential=issued, base_url=BASE_URL)
    header, payload, signature = token.split(".")
    claims = part(token, 1)
    claims["credentialSubject"]["identifier"][0]["identityHash"] = "Someone Else"
    forged_payload = (
        base64.urlsafe_b64encode(json.dumps(claims, separators=(",", ":")).encode())
        .rstrip(b"=")
        .decode()
    )
    forged = f"{header}.{forged_payload}.{signature}"
    published = client.get("/.well-known/jwks.json").json()
    with pytest.raises(ValueError, match="signature"):
        open_badges.verify(forged, jwk_set=published)
    with pytest.raises(BadSignatureError):
        jws.deserialize_compact(
            forged, OKPKey.import_key(published["keys"][0]), algorithms=["EdDSA"]
        )


def test_a_key_from_settings_signs_and_is_published(client, issued):
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    with override_settings(PEERPATH_CREDENTIAL_SIGNING_KEY=pem.replace("\n", "\\n")):
        published = client.get("/.well-known/jwks.json").json()
        token = open_badges.signed_achievement_credential(credential=issued, base_url=BASE_URL)
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    assert published["keys"][0]["x"] == base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
    assert open_badges.verify(token, jwk_set=published)


def test_the_holder_downloads_their_badge_and_no_one_else_can(
    client, issued, trainee, other_trainee
):
    url = reverse("certification:credential_open_badge", args=[issued.pk])
    client.force_login(other_trainee)
    assert client.get(url).status_code == 404
    client.force_login(trainee)
    response = client.get(url)
    assert response.status_code == 200
    token = response.content.decode()
    assert open_badges.verify(token)["name"] == "Ethics credential"


# ------------------------------------------------------------------------------
# A verifier with nothing but the badge: keys, status, profiles
# ------------------------------------------------------------------------------
def third_party_verify(client, token: str) -> str:
    """What a verifier does with a saved badge and the network: check the signature with the
    key its ``kid`` names in the published JWKS (joserfc, not our code), then fetch the status
    list its ``credentialStatus`` names, check that list's signature the same way and read the
    credential's bit (W3C Bitstring Status List: gzip, base64url multibase, most significant
    bit first). Returns "valid" or "revoked"; raises on a bad signature."""

    def checked(compact: str) -> dict:
        kid = part(compact, 0)["kid"]
        jwks_url, _hash = kid.split("#")
        published = client.get(jwks_url.removeprefix("http://testserver")).json()
        (jwk,) = [key for key in published["keys"] if key["kid"] == kid]
        result = jws.deserialize_compact(compact, OKPKey.import_key(jwk), algorithms=["EdDSA"])
        return json.loads(result.payload)

    badge = checked(token)
    entry = badge["credentialStatus"]
    assert entry["type"] == "BitstringStatusListEntry"
    list_token = client.get(entry["statusListCredential"].removeprefix("http://testserver"))
    assert list_token["Content-Type"] == "application/vc+jwt"
    status = checked(list_token.content.decode())
    assert status["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    encoded = status["credentialSubject"]["encodedList"]
    assert encoded.startswith("u")
    bits = gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4)))
    assert len(bits) * 8 >= 131_072
    index = int(entry["statusListIndex"])
    return "revoked" if bits[index // 8] & (0x80 >> (index % 8)) else "valid"


def test_a_saved_badge_fails_verification_once_revoked(client, issued, staff, trainee):
    client.force_login(trainee)
    saved = client.get(
        reverse("certification:credential_open_badge", args=[issued.pk])
    ).content.decode()
    client.logout()
    assert third_party_verify(client, saved) == "valid"
    issued_credential_revoke(credential=issued, actor=staff, reason="Issued in error.")
    assert third_party_verify(client, saved) == "revoked"


def test_the_issuer_and_achievement_urls_answer_json_ld(client, issued):
    payload = part(open_badges.signed_achievement_credential(credential=issued), 1)
    issuer = client.get(
        payload["issuer"]["id"].removeprefix("http://testserver"), HTTP_ACCEPT="application/json"
    )
    assert issuer["Content-Type"] == "application/ld+json"
    assert issuer.json()["type"] == ["Profile"]
    assert issuer.json()["name"] == "Riverside Recovery Community"
    achievement_id = payload["credentialSubject"]["achievement"]["id"]
    achievement = client.get(
        achievement_id.removeprefix("http://testserver"), HTTP_ACCEPT="application/ld+json"
    ).json()
    assert achievement["id"] == achievement_id
    assert achievement["type"] == ["Achievement"]
    assert achievement["image"]["id"].endswith(".svg")
    # A person following the link gets a page.
    assert (
        "text/html" in client.get(achievement_id.removeprefix("http://testserver"))["Content-Type"]
    )


def test_the_achievement_is_aligned_to_its_competency_domains(client, db):
    from tests.certification.credential_builders import icrc_definition

    definition = icrc_definition()
    document = open_badges.achievement(definition, "http://testserver")
    names = {alignment["targetName"] for alignment in document["alignment"]}
    assert {"Advocacy", "Mentoring and Education"} <= names
    page = client.get(document["id"].removeprefix("http://testserver")).content.decode()
    for alignment in document["alignment"]:
        assert f'id="{alignment["targetUrl"].rsplit("#", 1)[1]}"' in page


def test_after_a_rotation_old_badges_still_verify_and_new_ones_use_the_new_key(
    client, issued, settings, tmp_path
):
    settings.PEERPATH_SIGNING_KEY_DIR = str(tmp_path)
    before = open_badges.signed_achievement_credential(credential=issued)
    assert (
        open_badges.signed_achievement_credential(credential=issued).split(".")[0]
        == (
            before.split(".")[0]  # the same key on the next call: it is kept, not regenerated
        )
    )
    out = StringIO()
    call_command("rotate_signing_key", stdout=out)
    assert "2 keys are published" in out.getvalue()
    after = open_badges.signed_achievement_credential(credential=issued)
    assert part(after, 0)["kid"] != part(before, 0)["kid"]
    published = client.get("/.well-known/jwks.json").json()
    assert len(published["keys"]) == 2
    assert third_party_verify(client, before) == "valid"
    assert third_party_verify(client, after) == "valid"


def test_a_holder_may_be_identified_by_their_did_instead(client, issued, trainee):
    client.force_login(trainee)
    refused = client.post(reverse("lms:account_home"), {"badge_did": "not a did"})
    assert refused.status_code == 400
    assert 'value="not a did"' in refused.content.decode()
    did = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
    assert client.post(reverse("lms:account_home"), {"badge_did": did}).status_code == 302
    issued.holder.refresh_from_db()
    payload = part(open_badges.signed_achievement_credential(credential=issued), 1)
    assert payload["sub"] == payload["credentialSubject"]["id"] == did
    assert payload["credentialSubject"]["identifier"] == []
    assert_valid_open_badge(payload)
