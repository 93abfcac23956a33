"""Open Badges 3.0 credentials: an ``OpenBadgeCredential`` per certificate, signed with the
issuer's Ed25519 key as a W3C Data Integrity proof.

The cryptosuite is ``eddsa-jcs-2022`` (W3C Data Integrity EdDSA Cryptosuites v1.0): the document
and the proof options are canonicalized with JCS (RFC 8785), each hashed with SHA-256, and the
two hashes signed. Unlike ``eddsa-rdfc-2022`` it needs no JSON-LD context documents, so signing
and verifying never fetch anything, and anyone can check a credential with a few lines of code
against the published key (``issuer_profile``), as ``verify`` does.
"""

from __future__ import annotations

import base64
import copy
import datetime as dt
import hashlib
from collections.abc import Mapping
from typing import Any

import base58
import rfc8785
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
CONTEXTS = [VC_CONTEXT, "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
#: Defines verificationMethod, assertionMethod and controller, so that a JSON-LD verifier in safe
#: mode accepts the issuer profile. The Controlled Identifiers spec names it as carrying the
#: declarations of its own context (https://www.w3.org/ns/cid/v1).
DID_CONTEXT = "https://www.w3.org/ns/did/v1"
MULTIKEY_CONTEXT = "https://w3id.org/security/multikey/v1"
PROFILE_CONTEXTS = [*CONTEXTS, DID_CONTEXT, MULTIKEY_CONTEXT]
CRYPTOSUITE = "eddsa-jcs-2022"
#: The multicodec prefix of an Ed25519 public key in a Multikey (0xed, varint-encoded).
ED25519_PUBLIC_KEY_PREFIX = b"\xed\x01"


class SigningKeyError(ValueError):
    """The configured signing key cannot be read."""


def load_signing_key(configured: str | None, secret_key: str | None,
                     allow_derived: bool) -> Ed25519PrivateKey | None:
    """The issuer's key from ``LMS_CREDENTIAL_SIGNING_KEY``: a PEM (PKCS#8) Ed25519 private key,
    or its 32-byte seed in base64. Without one, development and test instances derive a key from
    the secret key so the demo works; production gets None and credentials are unavailable."""
    if configured:
        text = configured.strip()
        try:
            if text.startswith("-----BEGIN"):
                key = serialization.load_pem_private_key(text.encode(), password=None)
            else:
                key = Ed25519PrivateKey.from_private_bytes(base64.b64decode(text, validate=True))
        except ValueError as error:
            raise SigningKeyError(
                "LMS_CREDENTIAL_SIGNING_KEY is neither a PEM Ed25519 private key nor a base64 "
                "32-byte seed") from error
        if not isinstance(key, Ed25519PrivateKey):
            raise SigningKeyError("LMS_CREDENTIAL_SIGNING_KEY must be an Ed25519 key")
        return key
    if allow_derived and secret_key:
        seed = HKDF(algorithm=SHA256(), length=32, salt=None,
                    info=b"kakehashi credential signing key").derive(secret_key.encode())
        return Ed25519PrivateKey.from_private_bytes(seed)
    return None


def new_signing_key_pem() -> str:
    return Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()).decode()


def public_key_multibase(public_key: Ed25519PublicKey) -> str:
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "z" + base58.b58encode(ED25519_PUBLIC_KEY_PREFIX + raw).decode()


def public_key_from_multibase(value: str) -> Ed25519PublicKey:
    if not value.startswith("z"):
        raise ValueError("a base58btc multibase value starts with 'z'")
    decoded = base58.b58decode(value[1:])
    if not decoded.startswith(ED25519_PUBLIC_KEY_PREFIX) or len(decoded) != 34:
        raise ValueError("not an Ed25519 Multikey")
    return Ed25519PublicKey.from_public_bytes(decoded[2:])


def key_document(method_id: str, controller: str, public_key: Ed25519PublicKey,
                 ) -> dict[str, Any]:
    """A verification method (Multikey) as a document of its own, published at its id."""
    return {
        "@context": MULTIKEY_CONTEXT,
        "id": method_id,
        "type": "Multikey",
        "controller": controller,
        "publicKeyMultibase": public_key_multibase(public_key),
    }


def issuer_profile(issuer_id: str, name: str, url: str | None,
                   keys: list[tuple[str, Ed25519PublicKey]],
                   retired: list[tuple[str, Ed25519PublicKey]]) -> dict[str, Any]:
    """The issuer's Open Badges profile with its verification methods: the document a verifier
    fetches to learn which keys sign for this issuer. Retired keys stay listed, also under
    assertionMethod, so that credentials they signed still verify; they are named as retired
    (not ``revoked``/``expires``, which verifiers apply to every proof, old ones too)."""
    methods = [key_document(method_id, issuer_id, public_key)
               for method_id, public_key in keys + retired]
    for method in methods:
        del method["@context"]  # the profile's contexts cover it
    for method in methods[len(keys):]:
        method["name"] = "Retired signing key"
        method["description"] = ("No longer signs anything; kept so that credentials it "
                                  "signed before still verify.")
    profile: dict[str, Any] = {
        "@context": PROFILE_CONTEXTS,
        "id": issuer_id,
        "type": ["Profile"],
        "name": name,
        "verificationMethod": methods,
        "assertionMethod": [method["id"] for method in methods],
    }
    if url:
        profile["url"] = url
    return profile


def _hash_data(unsecured: dict[str, Any], proof_options: dict[str, Any]) -> bytes:
    return (hashlib.sha256(rfc8785.dumps(proof_options)).digest()
            + hashlib.sha256(rfc8785.dumps(unsecured)).digest())


def timestamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def sign(document: dict[str, Any], key: Ed25519PrivateKey, verification_method: str,
         created: dt.datetime) -> dict[str, Any]:
    """``document`` with a DataIntegrityProof added (eddsa-jcs-2022)."""
    unsecured = {name: value for name, value in document.items() if name != "proof"}
    proof_options = {
        "@context": unsecured["@context"],
        "type": "DataIntegrityProof",
        "cryptosuite": CRYPTOSUITE,
        "created": timestamp(created),
        "verificationMethod": verification_method,
        "proofPurpose": "assertionMethod",
    }
    signature = key.sign(_hash_data(unsecured, proof_options))
    # The proof keeps its @context, as the cryptosuite's examples do, so a verifier that takes
    # "the proof without its proofValue" as the signed options gets exactly these.
    proof = {**proof_options, "proofValue": "z" + base58.b58encode(signature).decode()}
    # An array: Open Badges 3.0 serializes every 0..* property as one, and its schema requires
    # it for proof. The proof is outside the signed data, so its form does not matter to the
    # signature.
    return {**copy.deepcopy(unsecured), "proof": [proof]}


def verify(credential: dict[str, Any], public_keys: Mapping[str, Ed25519PublicKey]) -> bool:
    """True when ``credential`` carries eddsa-jcs-2022 proofs (one object or an array of them),
    each made over exactly this content by the key its ``verificationMethod`` names in
    ``public_keys``; any change to the credential or a proof makes it False."""
    proofs = credential.get("proof")
    if isinstance(proofs, dict):
        proofs = [proofs]
    if not isinstance(proofs, list) or not proofs:
        return False
    unsecured = {name: value for name, value in credential.items() if name != "proof"}
    return all(_proof_holds(unsecured, proof, public_keys) for proof in proofs)


def _proof_holds(unsecured: dict[str, Any], proof: Any,
                 public_keys: Mapping[str, Ed25519PublicKey]) -> bool:
    if not isinstance(proof, dict) or proof.get("type") != "DataIntegrityProof" \
            or proof.get("cryptosuite") != CRYPTOSUITE:
        return False
    public_key = public_keys.get(proof.get("verificationMethod"))  # type: ignore[arg-type]
    proof_value = proof.get("proofValue")
    if public_key is None or not isinstance(proof_value, str) or not proof_value.startswith("z"):
        return False
    try:
        signature = base58.b58decode(proof_value[1:])
    except ValueError:
        return False
    proof_options = {name: value for name, value in proof.items() if name != "proofValue"}
    if proof_options.get("@context") != unsecured.get("@context"):
        return False
    try:
        public_key.verify(signature, _hash_data(unsecured, proof_options))
    except (InvalidSignature, rfc8785.CanonicalizationError, TypeError, ValueError):
        return False
    return True
