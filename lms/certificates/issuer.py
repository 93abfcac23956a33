"""This instance as an issuer of Open Badges: its key, its published profile and the credential
it signs for a certificate."""

from __future__ import annotations

import uuid
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from flask import current_app

from lms.certificates import credentials
from lms.certificates.models import Certificate
from lms.mail import external_url

#: Names the credential's and achievement's ids; fixed so an id never changes between downloads.
ID_NAMESPACE = uuid.UUID("0f6b8d52-3c1e-4f0a-9a57-6d1f3c2b7e41")


def signing_key() -> Ed25519PrivateKey | None:
    config = current_app.config
    return credentials.load_signing_key(
        config.get("LMS_CREDENTIAL_SIGNING_KEY"), config.get("SECRET_KEY"),
        allow_derived=config.get("LMS_ENV") in ("development", "testing"))


def issuer_id() -> str:
    return external_url("lms.certificates.issuer")


def issuer_name() -> str:
    config = current_app.config
    return config.get("LMS_ISSUER_NAME") or config["LMS_SITE_NAME"]


def profile(key: Ed25519PrivateKey) -> dict[str, Any]:
    return credentials.issuer_profile(issuer_id(), issuer_name(),
                                      current_app.config.get("LMS_ISSUER_URL"),
                                      key.public_key())


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
    return credentials.sign(document, key, f"{issuer_id()}#key-1", certificate.issued_at)
