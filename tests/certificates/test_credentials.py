"""The signing and verification of Open Badges credentials, without the web layer."""

from __future__ import annotations

import base64
import copy
import datetime as dt

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from lms.certificates import credentials

CREATED = dt.datetime(2020, 2, 25, 3, 0, tzinfo=dt.UTC)
METHOD = "https://example.org/credentials/keys/z6Mk"


def _document():
    return {
        "@context": credentials.CONTEXTS,
        "id": "urn:uuid:5b1c4b1e-6f0e-4c86-9f4e-0c6a3c1f2d10",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": "https://example.org/issuer", "type": ["Profile"], "name": "Council"},
        "validFrom": "2020-02-25T03:00:00Z",
        "credentialSubject": {"type": ["AchievementSubject"], "achievement": {
            "id": "urn:uuid:1", "type": ["Achievement"], "name": "36th cohort",
            "criteria": {"narrative": "Completed the year."}}},
    }


@pytest.fixture
def key():
    return Ed25519PrivateKey.generate()


def test_a_signed_credential_verifies_with_the_public_key(key):
    signed = credentials.sign(_document(), key, METHOD, CREATED)
    [proof] = signed["proof"]  # an array, as Open Badges 3.0 serializes proof
    assert proof["type"] == "DataIntegrityProof"
    assert proof["cryptosuite"] == "eddsa-jcs-2022"
    assert proof["created"] == "2020-02-25T03:00:00Z"
    assert proof["verificationMethod"] == METHOD
    assert proof["proofValue"].startswith("z")
    assert credentials.verify(signed, {METHOD: key.public_key()})


def test_a_single_proof_object_verifies_too(key):
    signed = credentials.sign(_document(), key, METHOD, CREATED)
    signed["proof"] = signed["proof"][0]
    assert credentials.verify(signed, {METHOD: key.public_key()})


def test_every_proof_of_a_set_must_hold(key):
    signed = credentials.sign(_document(), key, METHOD, CREATED)
    other = credentials.sign(_document(), Ed25519PrivateKey.generate(), METHOD, CREATED)
    assert not credentials.verify({**signed, "proof": signed["proof"] + other["proof"]},
                                  {METHOD: key.public_key()})
    assert not credentials.verify({**signed, "proof": []}, {METHOD: key.public_key()})


def test_a_key_is_found_by_the_proofs_verification_method(key):
    signed = credentials.sign(_document(), key, METHOD, CREATED)
    assert not credentials.verify(signed, {METHOD + "x": key.public_key()})


def test_key_order_and_whitespace_do_not_matter(key):
    signed = credentials.sign(_document(), key, METHOD, CREATED)
    reordered = dict(reversed(list(signed.items())))
    assert credentials.verify(reordered, {METHOD: key.public_key()})


@pytest.mark.parametrize("tamper", [
    lambda c: c["credentialSubject"]["achievement"].update(name="37th cohort"),
    lambda c: c.update(validFrom="2019-02-25T03:00:00Z"),
    lambda c: c["proof"][0].update(created="2021-01-01T00:00:00Z"),
    lambda c: c["proof"][0].update(verificationMethod="https://evil.example/key"),
    lambda c: c["proof"][0].update(proofValue=c["proof"][0]["proofValue"][:-2] + "zz"),
    lambda c: c["proof"][0].update(proofValue="not multibase"),
    lambda c: c["proof"][0].update(cryptosuite="eddsa-rdfc-2022"),
    lambda c: c.pop("proof"),
    lambda c: c.update(**{"@context": ["https://www.w3.org/ns/credentials/v2"]}),
])
def test_any_change_breaks_the_signature(key, tamper):
    signed = credentials.sign(_document(), key, METHOD, CREATED)
    tampered = copy.deepcopy(signed)
    tamper(tampered)
    assert not credentials.verify(tampered, {METHOD: key.public_key()})


def test_another_key_does_not_verify(key):
    signed = credentials.sign(_document(), key, METHOD, CREATED)
    assert not credentials.verify(signed, {METHOD: Ed25519PrivateKey.generate().public_key()})


def test_the_published_multikey_round_trips(key):
    encoded = credentials.public_key_multibase(key.public_key())
    assert encoded.startswith("z6Mk")  # how every Ed25519 Multikey begins
    decoded = credentials.public_key_from_multibase(encoded)
    assert decoded.public_bytes_raw() == key.public_key().public_bytes_raw()
    with pytest.raises(ValueError):
        credentials.public_key_from_multibase("m" + encoded[1:])


def test_keys_are_read_as_pem_or_base64_seed(key):
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption()).decode()
    seed = base64.b64encode(key.private_bytes_raw()).decode()
    for configured in (pem, seed):
        loaded = credentials.load_signing_key(configured, None, allow_derived=False)
        assert loaded.private_bytes_raw() == key.private_bytes_raw()
    with pytest.raises(credentials.SigningKeyError):
        credentials.load_signing_key("not a key", None, allow_derived=False)
    assert credentials.new_signing_key_pem().startswith("-----BEGIN PRIVATE KEY-----")


def test_without_a_key_only_development_derives_one():
    assert credentials.load_signing_key(None, "s" * 40, allow_derived=False) is None
    first = credentials.load_signing_key(None, "s" * 40, allow_derived=True)
    again = credentials.load_signing_key(None, "s" * 40, allow_derived=True)
    assert first.private_bytes_raw() == again.private_bytes_raw()
