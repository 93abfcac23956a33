"""1EdTech's Open Badges 3.0 JSON Schemas (shipped in schemas/, see README.md) accept the
credential and the issuer profile that the app publishes."""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft201909Validator

from tests.interop.conftest import download, log_in_as, log_out, published_documents

SCHEMAS = Path(__file__).parent / "schemas"

#: The files exactly as published (README.md names repository, path and commit).
PUBLISHED_SHA256 = {
    "achievementcredential.json":
        "513c2b614bb1598f7ad2617854e06f5aa50bc2588e8efc433972de48635081e7",
    "profile.json": "d923151f1dd6b239db0b0bbcc9c688772ca09c65f8abbed02b2b816b0bfccc44",
}


def _schema(name: str) -> dict[str, Any]:
    return json.loads((SCHEMAS / name).read_text(encoding="utf-8"))


def _validator(schema: dict[str, Any]) -> Draft201909Validator:
    Draft201909Validator.check_schema(schema)
    return Draft201909Validator(schema, format_checker=Draft201909Validator.FORMAT_CHECKER)


def achievement_credential_schema_for_vc2() -> dict[str, Any]:
    """The shipped AchievementCredential schema with exactly two changes, made here and not in
    the file. Its revision predates OB 3.0.3's move to the VC 2.0 data model, which Kakehashi
    emits: it requires VC 1.1's `issuanceDate` where 3.0.3 requires `validFrom`, and it takes
    `proof` as one object or an array where 3.0.3 takes only an array (a 0..* property is
    always serialized as an array). Everything else is validated as published."""
    schema = _schema("achievementcredential.json")
    required = schema["required"]
    required[required.index("issuanceDate")] = "validFrom"
    schema["properties"]["proof"] = {"type": "array", "items": {"$ref": "#/$defs/Proof"}}
    return schema


@pytest.fixture
def published(client, certificates) -> tuple[dict[str, Any], dict[str, Any]]:
    """A fresh credential, and what the app serves logged out at the addresses it names."""
    log_in_as(client, "staff@example.org")
    credential = download(client, certificates["putri"])
    log_out(client)
    return credential, published_documents(client, credential)


def _messages(validator: Draft201909Validator, document: dict[str, Any]) -> list[str]:
    return sorted(f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
                  for error in validator.iter_errors(document))


def test_the_shipped_schemas_are_the_published_files():
    for name, digest in PUBLISHED_SHA256.items():
        assert hashlib.sha256((SCHEMAS / name).read_bytes()).hexdigest() == digest, name


def test_the_credential_and_the_issuer_profile_validate(published):
    credential, documents = published
    profile = documents[credential["issuer"]["id"]]

    assert _messages(_validator(achievement_credential_schema_for_vc2()), credential) == []
    # The profile schema is used as published.
    assert _messages(_validator(_schema("profile.json")), profile) == []
    # As published, the credential schema misses only its VC 1.1 date: when a newer revision
    # is shipped, this fails, and the adaptation above can go.
    assert _messages(_validator(_schema("achievementcredential.json")), credential) == [
        ": 'issuanceDate' is a required property"]


def test_the_adapted_schema_rejects_a_single_proof_a_missing_valid_from_and_a_bad_date(
        published):
    credential, _ = published
    validator = _validator(achievement_credential_schema_for_vc2())

    single_proof = copy.deepcopy(credential)
    single_proof["proof"] = credential["proof"][0]
    assert _messages(validator, single_proof) == [
        f"proof: {single_proof['proof']!r} is not of type 'array'"]

    undated = copy.deepcopy(credential)
    del undated["validFrom"]
    assert _messages(validator, undated) == [": 'validFrom' is a required property"]

    # Formats are checked (jsonschema passes any string as a date-time without
    # rfc3339-validator).
    badly_dated = copy.deepcopy(credential)
    badly_dated["proof"][0]["created"] = "yesterday"
    assert _messages(validator, badly_dated) == [
        "proof/0/created: 'yesterday' is not a 'date-time'"]
