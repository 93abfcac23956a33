"""What outside verifiers rely on: the published revocation list, the issuer's keys at their
own addresses, key rotation, proof times, and URLs that never come from the request."""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select

import lms
from lms.certificates import credentials, issuer, services, status_list
from lms.certificates.models import Certificate
from lms.urls import external_url
from tests.conftest import csrf_token, login, post

DATA = Path(lms.__file__).parent / "data"
SHIPPED = {
    "https://www.w3.org/ns/credentials/v2": "credentials-v2.jsonld",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json": "ob-v3p0-context-3.0.3.json",
    "https://www.w3.org/ns/did/v1": "did-v1.jsonld",
    "https://w3id.org/security/multikey/v1": "multikey-v1.jsonld",
}


def _seed(key: Ed25519PrivateKey) -> str:
    return base64.b64encode(key.private_bytes_raw()).decode()


def _completed(db, year) -> Certificate:
    services.complete_cohort(db, year["staff"], year["cohort"])
    db.commit()
    return db.scalars(select(Certificate).order_by(Certificate.id)).first()


def _download(client, certificate, email="putri@example.org"):
    client.post("/logout", data={"csrf_token": csrf_token(client, "/verify")})
    assert login(client, email).status_code == 302
    response = client.get(f"/certificates/{certificate.id}/credential.json")
    assert response.status_code == 200
    return json.loads(response.data)


def _published_keys(client):
    profile = client.get("/credentials/issuer.json").get_json()
    return {method["id"]: credentials.public_key_from_multibase(method["publicKeyMultibase"])
            for method in profile["verificationMethod"]}


def _revoke(client, certificate):
    client.post("/logout", data={"csrf_token": csrf_token(client, "/verify")})
    assert login(client, "staff@example.org").status_code == 302
    response = post(client, f"/certificates/{certificate.id}/revoke", {"reason": "In error"})
    assert response.status_code == 302


# Revocation: W3C Bitstring Status List ---------------------------------------------------------


def test_the_encoding_follows_the_spec():
    encoded = status_list.encode({0, 9, status_list.LIST_SIZE - 1})
    assert encoded.startswith("u") and "=" not in encoded
    bits = gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4)))
    assert len(bits) == 16 * 1024  # 131,072 entries, the spec's minimum
    # Index 0 is the left-most bit of the first byte.
    assert bits[0] == 0b1000_0000 and bits[1] == 0b0100_0000 and bits[-1] == 0b0000_0001
    assert status_list.bit_is_set(encoded, 9) and not status_list.bit_is_set(encoded, 8)
    assert status_list.place(status_list.LIST_SIZE + 5) == (2, 5)


def test_each_certificate_has_its_own_index_in_the_credential(client, db, year):
    certificate = _completed(db, year)
    assert certificate.status_list_index == certificate.id
    document = _download(client, certificate)
    status = document["credentialStatus"]
    assert status == {
        "id": f"http://kakehashi.test/credentials/status/1#{certificate.id}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(certificate.id),
        "statusListCredential": "http://kakehashi.test/credentials/status/1",
    }


def test_a_revoked_certificate_is_set_in_the_signed_published_list(client, db, year):
    certificate = _completed(db, year)
    document = _download(client, certificate)
    position = int(document["credentialStatus"]["statusListIndex"])
    before = client.get("/credentials/status/1")
    assert before.status_code == 200 and before.mimetype == "application/ld+json"
    listed = before.get_json()
    assert listed["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert listed["issuer"] == "http://kakehashi.test/credentials/issuer.json"
    assert listed["credentialSubject"]["type"] == "BitstringStatusList"
    assert listed["credentialSubject"]["statusPurpose"] == "revocation"
    assert not status_list.revoked_in(listed, position)
    assert client.get("/credentials/status/1").get_json() == listed  # stable between requests
    _revoke(client, certificate)
    after = client.get("/credentials/status/1").get_json()
    assert status_list.revoked_in(after, position)
    assert after["proof"] != listed["proof"]  # signed again, with the change
    assert credentials.verify(after, _published_keys(client))
    assert client.get("/credentials/status/2").status_code == 404


def test_verify_reports_a_revoked_credential(app, client, db, year, tmp_path):
    certificate = _completed(db, year)
    document = _download(client, certificate)
    path = tmp_path / "credential.json"
    path.write_text(json.dumps(document))
    runner = app.test_cli_runner()
    result = runner.invoke(args=["lms", "credentials", "verify", str(path)])
    assert result.exit_code == 0 and "is not revoked" in result.output
    _revoke(client, certificate)
    result = runner.invoke(args=["lms", "credentials", "verify", str(path)])
    assert result.exit_code != 0 and "the issuer has revoked this credential" in result.output
    client.post("/logout", data={"csrf_token": csrf_token(client, "/verify")})
    page = post(client, "/verify/credential", {"credential_text": json.dumps(document)},
                token_from="/verify/credential").get_data(as_text=True)
    assert "the issuer has revoked this credential" in page


def test_a_credential_downloaded_again_after_revocation_says_so(client, db, year):
    certificate = _completed(db, year)
    _revoke(client, certificate)
    document = _download(client, certificate)
    listed = client.get(document["credentialStatus"]["statusListCredential"]).get_json()
    assert status_list.revoked_in(listed, int(document["credentialStatus"]["statusListIndex"]))


# The issuer's keys -----------------------------------------------------------------------------


def test_each_key_is_a_document_at_its_verification_method(client, db, year):
    certificate = _completed(db, year)
    [proof] = _download(client, certificate)["proof"]
    response = client.get(proof["verificationMethod"])
    assert response.status_code == 200
    key = response.get_json()
    assert key["@context"] == "https://w3id.org/security/multikey/v1"
    assert key["id"] == proof["verificationMethod"] and key["type"] == "Multikey"
    assert key["controller"] == "http://kakehashi.test/credentials/issuer.json"
    assert key["id"] in client.get("/credentials/issuer.json").get_json()["assertionMethod"]
    assert client.get("/credentials/keys/z6MkNotOurs").status_code == 404


def test_the_profile_names_a_context_for_every_term_and_ships_it(client, db, year):
    profile = client.get("/credentials/issuer.json").get_json()
    assert "https://www.w3.org/ns/did/v1" in profile["@context"]
    did_terms = json.loads((DATA / SHIPPED["https://www.w3.org/ns/did/v1"]).read_text())
    assert {"verificationMethod", "assertionMethod", "controller"} <= set(
        did_terms["@context"])
    certificate = _completed(db, year)
    document = _download(client, certificate)
    listed = client.get("/credentials/status/1").get_json()
    used = {*profile["@context"], *document["@context"], *listed["@context"],
            credentials.MULTIKEY_CONTEXT}
    assert used <= set(SHIPPED)
    for name in SHIPPED.values():
        assert "@context" in json.loads((DATA / name).read_text())


@pytest.mark.parametrize("config_overrides", [{
    "LMS_CREDENTIAL_SIGNING_KEY": _seed(old := Ed25519PrivateKey.generate())}])
def test_after_rotation_credentials_signed_before_still_verify(app, client, db, year, tmp_path,
                                                              config_overrides):
    certificate = _completed(db, year)
    signed_before = _download(client, certificate)
    app.config["LMS_CREDENTIAL_SIGNING_KEY"] = _seed(Ed25519PrivateKey.generate())
    path = tmp_path / "before.json"
    path.write_text(json.dumps(signed_before))
    runner = app.test_cli_runner()
    # Without the retired key published, the old signature cannot be checked...
    assert runner.invoke(args=["lms", "credentials", "verify", str(path)]).exit_code != 0
    old_public = credentials.public_key_multibase(old.public_key())
    app.config["LMS_CREDENTIAL_RETIRED_KEYS"] = old_public
    result = runner.invoke(args=["lms", "credentials", "verify", str(path)])
    assert result.exit_code == 0, result.output
    profile = client.get("/credentials/issuer.json").get_json()
    current, retired = profile["verificationMethod"]
    assert retired["publicKeyMultibase"] == old_public and retired["name"] == "Retired signing key"
    assert "name" not in current
    # Both stay in assertionMethod: a verifier checks the old proof's purpose against it.
    assert profile["assertionMethod"] == [current["id"], retired["id"]]
    assert credentials.verify(signed_before, _published_keys(client))
    [new_proof] = _download(client, certificate)["proof"]
    assert new_proof["verificationMethod"] == current["id"] != retired["id"]
    assert runner.invoke(args=["lms", "credentials", "public-key"]).output.strip() == \
        current["publicKeyMultibase"]


# Proof time and URLs ---------------------------------------------------------------------------


def test_the_proof_is_dated_when_signed_not_when_issued(client, db, year):
    certificate = _completed(db, year)
    certificate.issued_at = dt.datetime(2015, 3, 1, 2, 0, tzinfo=dt.UTC)
    db.commit()
    document = _download(client, certificate)
    assert document["validFrom"] == "2015-03-01T02:00:00Z"
    created = dt.datetime.fromisoformat(document["proof"][0]["created"])
    assert created.year > 2015
    assert abs(created - dt.datetime.now(dt.UTC)) < dt.timedelta(days=1)


@pytest.mark.parametrize("config_overrides", [{"LMS_ISSUER_URL": "https://council.example/"}])
def test_a_forged_host_header_changes_no_url(app, client, db, year, config_overrides):
    certificate = _completed(db, year)
    forged = {"Host": "attacker.example"}
    # The credential is signed inside a request with the forged Host (a signed-in download
    # cannot be sent to another host by the test client: its cookie stays with its host).
    with app.test_request_context("/", headers=forged):
        document = issuer.credential(certificate, issuer.signing_key())
        mail_link = external_url("lms.accounts.forgot_password")
    assert mail_link.startswith("http://kakehashi.test/")
    [proof] = document["proof"]
    bodies = [json.dumps(document),
              client.get("/credentials/issuer.json", headers=forged).get_data(as_text=True),
              client.get("/credentials/status/1", headers=forged).get_data(as_text=True),
              client.get(proof["verificationMethod"], headers=forged).get_data(as_text=True)]
    for body in bodies:
        assert "attacker.example" not in body
        assert "http://kakehashi.test/credentials/" in body
    assert document["issuer"]["id"] == "http://kakehashi.test/credentials/issuer.json"
    profile = json.loads(bodies[1])
    assert profile["id"] == document["issuer"]["id"]
    assert profile["url"] == "https://council.example/"  # the organization's home page


@pytest.mark.parametrize("config_overrides", [{
    "LMS_ENV": "production", "LMS_CREDENTIAL_SIGNING_KEY": _seed(Ed25519PrivateKey.generate())}])
def test_production_issues_no_credential_without_an_https_base_url(app, client, db, year,
                                                                  config_overrides):
    certificate = _completed(db, year)
    client.post("/logout", data={"csrf_token": csrf_token(client, "/verify")})
    assert login(client, "staff@example.org").status_code == 302
    assert client.get(f"/certificates/{certificate.id}/credential.json").status_code == 404
    assert client.get("/credentials/issuer.json").status_code == 404
    assert client.get("/credentials/status/1").status_code == 404
    page = client.get(f"/certificates/{certificate.id}").get_data(as_text=True)
    assert "is not an https:// address" in page and "credential.json" not in page
    app.config["LMS_BASE_URL"] = "https://training.example.org"
    response = client.get(f"/certificates/{certificate.id}/credential.json")
    assert response.status_code == 200
    assert json.loads(response.data)["issuer"]["id"] == \
        "https://training.example.org/credentials/issuer.json"
