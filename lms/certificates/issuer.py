"""This instance as an issuer of Open Badges: its keys, its published profile, the credential it
signs for a certificate and the revocation lists it publishes.

Every URL in these documents comes from ``LMS_BASE_URL`` (lms.urls), never from the request, so
a forged Host header cannot make this instance name another issuer.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from flask import current_app
from sqlalchemy.orm import Session

from lms.certificates import credentials, status_list
from lms.certificates.models import Certificate
from lms.clock import utcnow
from lms.i18n import _
from lms.urls import base_url, external_url

#: Names the credential's and achievement's ids; fixed so an id never changes between downloads.
ID_NAMESPACE = uuid.UUID("0f6b8d52-3c1e-4f0a-9a57-6d1f3c2b7e41")


def signing_key() -> Ed25519PrivateKey | None:
    config = current_app.config
    return credentials.load_signing_key(
        config.get("LMS_CREDENTIAL_SIGNING_KEY"), config.get("SECRET_KEY"),
        allow_derived=config.get("LMS_ENV") in ("development", "testing"))


def retired_keys() -> list[Ed25519PublicKey]:
    """``LMS_CREDENTIAL_RETIRED_KEYS``: the public keys (publicKeyMultibase, z6Mk…) that signed
    for this issuer before, separated by spaces or commas."""
    configured = current_app.config.get("LMS_CREDENTIAL_RETIRED_KEYS") or ""
    try:
        return [credentials.public_key_from_multibase(value)
                for value in re.split(r"[\s,]+", configured.strip()) if value]
    except ValueError as error:
        raise credentials.SigningKeyError(
            "LMS_CREDENTIAL_RETIRED_KEYS holds something that is not an Ed25519 public key "
            "(publicKeyMultibase, as `flask lms credentials public-key` prints it)") from error


def unavailable_reason() -> str | None:
    """Why this instance signs no credentials now, or None when it does."""
    if current_app.config.get("LMS_ENV") not in ("development", "testing") \
            and not base_url().startswith("https://"):
        return _("Digital credentials are not issued while LMS_BASE_URL (%(url)s) is not an "
                 "https:// address: every address in a credential comes from it.", url=base_url())
    if signing_key() is None:
        return _("Digital credentials are not issued: this instance has no signing key.")
    return None


def issuer_id() -> str:
    return external_url("lms.certificates.issuer")


def issuer_name() -> str:
    config = current_app.config
    return config.get("LMS_ISSUER_NAME") or config["LMS_SITE_NAME"]


def method_id(public_key: Ed25519PublicKey) -> str:
    """A key's verificationMethod: its own URL (lms.certificates.key), named by the key itself,
    so a rotated key keeps its address."""
    return external_url("lms.certificates.key",
                        multibase=credentials.public_key_multibase(public_key))


def published_keys(key: Ed25519PrivateKey) -> dict[str, Ed25519PublicKey]:
    """Every key a credential of this issuer may name, by verificationMethod: the current one
    and the retired ones."""
    keys = [key.public_key(), *retired_keys()]
    return {method_id(public_key): public_key for public_key in keys}


def profile(key: Ed25519PrivateKey) -> dict[str, Any]:
    current = key.public_key()
    retired = [public_key for public_key in retired_keys()
               if public_key.public_bytes_raw() != current.public_bytes_raw()]
    return credentials.issuer_profile(
        issuer_id(), issuer_name(), current_app.config.get("LMS_ISSUER_URL"),
        [(method_id(current), current)],
        [(method_id(public_key), public_key) for public_key in retired])


def key_document(key: Ed25519PrivateKey, multibase: str) -> dict[str, Any] | None:
    for method, public_key in published_keys(key).items():
        if credentials.public_key_multibase(public_key) == multibase:
            return credentials.key_document(method, issuer_id(), public_key)
    return None


def status_list_url(number: int) -> str:
    return external_url("lms.certificates.status_list", number=number)


def status_list_number(url: str) -> int | None:
    """The number of this issuer's status list at ``url``, or None for any other address."""
    prefix = status_list_url(1)[:-1]
    tail = url.removeprefix(prefix) if url.startswith(prefix) else ""
    return int(tail) if tail.isdigit() else None


def status_list_credential(db_session: Session, key: Ed25519PrivateKey,
                           number: int) -> dict[str, Any]:
    positions, latest = status_list.revoked_positions(db_session, number)
    return status_list.status_list_credential(
        status_list_url(number), issuer_id(), positions, latest or status_list.NEVER_REVOKED,
        key, method_id(key.public_key()))


def revoked(db_session: Session, key: Ed25519PrivateKey, document: dict[str, Any]) -> bool:
    """Whether a credential's revocation status entry, in one of this issuer's lists, is set.
    The list is built from the database, as published, not fetched over HTTP."""
    entries = document.get("credentialStatus") or []
    for entry in entries if isinstance(entries, list) else [entries]:
        if not isinstance(entry, dict) or entry.get("statusPurpose") != status_list.PURPOSE:
            continue
        number = status_list_number(str(entry.get("statusListCredential")))
        position = str(entry.get("statusListIndex"))
        if number is None or not position.isdigit():
            continue
        published = status_list_credential(db_session, key, number)
        if status_list.revoked_in(published, int(position)):
            return True
    return False


def credential(certificate: Certificate, key: Ed25519PrivateKey) -> dict[str, Any]:
    """The signed OpenBadgeCredential for ``certificate``, with the achievement it attests."""
    enrollment = certificate.enrollment
    cohort = enrollment.cohort
    program = cohort.program
    issuer = {"id": issuer_id(), "type": ["Profile"], "name": issuer_name()}
    if current_app.config.get("LMS_ISSUER_URL"):
        issuer["url"] = current_app.config["LMS_ISSUER_URL"]
    verify_url = external_url("lms.certificates.verify_code", code=certificate.verification_code)
    achievement_name = f"{program.title}: {cohort.title}"
    document: dict[str, Any] = {
        "@context": credentials.CONTEXTS,
        "id": f"urn:uuid:{uuid.uuid5(ID_NAMESPACE, 'certificate:' + certificate.serial)}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": achievement_name,
        "issuer": issuer,
        "validFrom": credentials.timestamp(certificate.issued_at),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [{
                "type": "IdentityObject",
                "identityType": "name",
                "hashed": False,
                "identityHash": certificate.recipient_name,
            }],
            "achievement": {
                "id": f"urn:uuid:{uuid.uuid5(ID_NAMESPACE, f'cohort:{cohort.id}')}",
                "type": ["Achievement"],
                "achievementType": "Certificate",
                "name": achievement_name,
                "description": program.description or program.title,
                "criteria": {"narrative": (
                    f"Completed {cohort.title} of the {program.title}, "
                    f"{cohort.starts_on.isoformat()} to {cohort.ends_on.isoformat()}: every "
                    "required lesson done and every required assignment graded at or above "
                    "the pass mark, as decided by the program staff.")},
            },
        },
        "evidence": [{
            "id": verify_url,
            "type": ["Evidence"],
            "name": f"Certificate {certificate.serial}",
            "description": "The issuer's public verification page for this certificate.",
        }],
    }
    if certificate.status_list_index is not None:
        number = status_list.place(certificate.status_list_index)[0]
        document["credentialStatus"] = status_list.entry(
            status_list_url(number), certificate.status_list_index)
    # Signed now: proof.created is the moment of signing; validFrom keeps the day of issue.
    return credentials.sign(document, key, method_id(key.public_key()), utcnow())
