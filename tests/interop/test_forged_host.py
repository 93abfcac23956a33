"""A request's Host header never names the issuer: credentials, the issuer profile and the
status list carry only addresses under LMS_BASE_URL."""

from __future__ import annotations

import json

from tests.conftest import PASSWORD, csrf_token_from

FORGED = {"Host": "attacker.example"}
BASE_URL = "http://kakehashi.test"  # LMS_BASE_URL of the test app (tests/conftest.py)


def _urls(value):
    if isinstance(value, dict):
        return [url for item in value.values() for url in _urls(item)]
    if isinstance(value, list):
        return [url for item in value for url in _urls(item)]
    return [value] if isinstance(value, str) and value.startswith("http") else []


def test_a_forged_host_gets_documents_naming_the_configured_issuer(client, certificates):
    page = client.get("/login", headers=FORGED).get_data(as_text=True)
    signed_in = client.post("/login", headers=FORGED, data={
        "email": "putri@example.org", "password": PASSWORD, "csrf_token": csrf_token_from(page)})
    assert signed_in.status_code == 302
    response = client.get(f"/certificates/{certificates['putri'].id}/credential.json",
                          headers=FORGED)
    assert response.status_code == 200
    credential = json.loads(response.data)
    profile = client.get("/credentials/issuer.json", headers=FORGED).get_json()
    statuses = credential.get("credentialStatus")
    status_urls = [s["statusListCredential"] for s in
                   (statuses if isinstance(statuses, list) else [statuses] if statuses else [])]
    status_lists = [client.get(url.removeprefix(BASE_URL), headers=FORGED)
                    for url in status_urls]

    issuer_id = f"{BASE_URL}/credentials/issuer.json"
    assert credential["issuer"]["id"] == issuer_id
    assert profile["id"] == issuer_id
    assert status_urls, "the credential has no credentialStatus"
    for response in status_lists:
        assert response.status_code == 200
        issuer = response.get_json()["issuer"]
        assert (issuer if isinstance(issuer, str) else issuer["id"]) == issuer_id
    for document in (credential, profile, *(r.get_json() for r in status_lists)):
        assert "attacker.example" not in json.dumps(document)
        own = [url for url in _urls(document) if url.startswith(BASE_URL)]
        assert own, "no address of this instance in the document"
