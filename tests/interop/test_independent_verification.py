"""Digital Bazaar's `vc` library, with its eddsa-jcs-2022 cryptosuite and Bitstring Status
List checker, verifies Kakehashi's credentials from what the app publishes and nothing else."""

from __future__ import annotations

import copy

from tests.interop.conftest import (
    download,
    log_in_as,
    log_out,
    published_documents,
    revoke,
)


def test_a_fresh_credential_verifies_and_tampered_or_revoked_ones_do_not(
        client, certificates, node_verifier, tmp_path):
    log_in_as(client, "staff@example.org")
    fresh = download(client, certificates["putri"])
    revoked = download(client, certificates["siriporn"])
    revoke(client, certificates["siriporn"])
    log_out(client)
    tampered = copy.deepcopy(fresh)
    tampered["credentialSubject"]["identifier"][0]["identityHash"] = "Someone Else"

    # The status list is fetched after the revocation, as a verifier would fetch it now.
    documents = published_documents(client, fresh, revoked)
    verdicts = node_verifier(tmp_path, documents,
                             {"fresh": fresh, "tampered": tampered, "revoked": revoked})

    assert verdicts["fresh"] == {"verified": True, "revoked": False, "errors": []}
    assert verdicts["tampered"]["verified"] is False
    assert verdicts["revoked"]["revoked"] is True
