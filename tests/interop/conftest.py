"""Checks of Kakehashi's Open Badges credentials by code that is not Kakehashi's: Digital
Bazaar's verifier run through Node (verify.mjs), and a forged Host header."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from lms.certificates import services
from lms.certificates.models import Certificate
from tests.certificates import conftest as certificate_fixtures
from tests.certificates.conftest import meet_rule
from tests.conftest import csrf_token, login, post

HERE = Path(__file__).parent

#: The certificates tests' cohort of trainees, as a fixture here too.
year = certificate_fixtures.year


def _required() -> bool:
    return bool(os.environ.get("LMS_REQUIRE_BROWSER")) or os.environ.get("CI") == "true"


@pytest.fixture(scope="session")
def node_verifier() -> Any:
    """Runs verify.mjs on ``{"documents": ..., "credentials": ...}`` and returns its verdicts.
    Skipped without Node or the npm packages (`make test` installs them), except in CI."""
    node = shutil.which("node")
    installed = (HERE / "node_modules" / "@digitalbazaar" / "vc").is_dir()
    if node is None or not installed:
        reason = ("node is not installed" if node is None else
                  "the npm packages are not installed (cd tests/interop && npm ci)")
        if _required():
            pytest.fail(f"{reason}; CI must run the independent verification", pytrace=False)
        pytest.skip(reason)

    def verify(tmp_path: Path, documents: dict[str, Any],
               credentials: dict[str, Any]) -> dict[str, Any]:
        path = tmp_path / "verify-input.json"
        path.write_text(json.dumps({"documents": documents, "credentials": credentials}))
        done = subprocess.run([node, str(HERE / "verify.mjs"), str(path)], cwd=HERE,
                              capture_output=True, text=True, timeout=120, check=False)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    return verify


def _urls_in(document: dict[str, Any]) -> list[str]:
    """The addresses a verifier dereferences from ``document``: its issuer, the verification
    method of each proof, each status list credential, a key's controller."""
    def listed(value: Any) -> list[Any]:
        return value if isinstance(value, list) else [value] if value is not None else []

    urls = []
    issuer = document.get("issuer")
    urls.append(issuer.get("id") if isinstance(issuer, dict) else issuer)
    urls += [proof.get("verificationMethod") for proof in listed(document.get("proof"))
             if isinstance(proof, dict)]
    urls += [status.get("statusListCredential")
             for status in listed(document.get("credentialStatus")) if isinstance(status, dict)]
    urls.append(document.get("controller"))
    return [url for url in urls if isinstance(url, str) and url.startswith("http")]


def published_documents(client: FlaskClient, *credentials: dict[str, Any]) -> dict[str, Any]:
    """What the app serves, logged out, at every address the credentials lead a verifier to
    (followed from document to document), keyed by address without its #fragment."""
    documents: dict[str, Any] = {}
    pending = [url for credential in credentials for url in _urls_in(credential)]
    while pending:
        address = pending.pop().split("#")[0]
        if address in documents:
            continue
        response = client.get(address)
        if response.status_code != 200 or not response.is_json:
            continue
        documents[address] = response.get_json()
        if isinstance(documents[address], dict):
            pending += _urls_in(documents[address])
    return documents


def log_in_as(client: FlaskClient, email: str) -> None:
    log_out(client)
    assert login(client, email).status_code == 302


def log_out(client: FlaskClient) -> None:
    client.post("/logout", data={"csrf_token": csrf_token(client, "/verify")})


def revoke(client: FlaskClient, certificate: Certificate) -> None:
    """Staff revoke ``certificate`` through the page (the client is logged in as staff)."""
    response = post(client, f"/certificates/{certificate.id}/revoke", {"reason": "In error"})
    assert response.status_code == 302


@pytest.fixture
def certificates(db, year) -> dict[str, Certificate]:
    """Certificates of two trainees of the completed 36th cohort."""
    meet_rule(db, year["idle"])
    services.complete_cohort(db, year["staff"], year["cohort"])
    db.commit()
    by_enrollment = {c.enrollment_id: c for c in db.scalars(select(Certificate))}
    return {"putri": by_enrollment[year["done"].id], "siriporn": by_enrollment[year["idle"].id]}


def download(client: FlaskClient, certificate: Certificate) -> dict[str, Any]:
    response = client.get(f"/certificates/{certificate.id}/credential.json")
    assert response.status_code == 200
    return json.loads(response.data)
