"""Completion and certificates in a real browser: staff complete a cohort, the trainee who
completed downloads her certificate (PDF and signed Open Badges credential), a logged-out
visitor verifies it through the printed code, and staff finally revoke it. Every page on the way
passes axe, the completion screen, certificate page and verification pages in Japanese too.

Completing a cohort cannot be undone and the live server lasts the whole session, so this is one
test, on the conftest's third cohort (the 38th, near the end of its year): Nimal Perera meets the
completion rule, Farida Rahman never handed in the presentation. No other test uses it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.locate import fact, flash, html_lang, path_of

pytestmark = pytest.mark.browser

SERIAL = "ASWWTP-38-001"
OVERRIDE_REASON = "The presentation was never handed in; agreed with the host facility."
REVOKE_REASON = "Issued in error: the final report was found to be copied."
#: Well formed (20 letters from the code alphabet) but issued to nobody.
UNKNOWN_CODE = "ABCD-EFGH-JKMN-PQRS-TVWX"
GROUPED_CODE = re.compile(r"^[A-Z0-9]{4}(-[A-Z0-9]{4}){4}$")


def trainee_row(page: Page, name: str) -> Locator:
    table = page.get_by_role("table", name="Each trainee's outcome")
    return table.get_by_role("row").filter(has=page.get_by_role("rowheader", name=name))


def in_japanese(
    page: Page,
    what: str,
    switch_language: Callable,
    assert_accessible: Callable,
    *,
    back_to_english: bool = True,
) -> None:
    """axe on the page as it is, in Japanese (whatever is translated by now), then back."""
    address = path_of(page)
    switch_language(page, "日本語")
    assert path_of(page) == address
    assert html_lang(page) == "ja"
    assert_accessible(page, f"{what} in Japanese")
    if back_to_english:
        switch_language(page, "English")
        assert html_lang(page) == "en"


def test_staff_complete_the_cohort_and_anyone_verifies_the_certificate(
    new_page: Callable[..., Page],
    accounts: Any,
    seeded: Any,
    sign_in: Callable,
    switch_language: Callable,
    assert_accessible: Callable,
    tmp_path: Path,
) -> None:
    from lms.certificates import credentials

    graduate, unfinished = accounts.graduate, accounts.unfinished
    completion = f"/cohorts/{seeded.completion_cohort_id}/completion"

    # Staff open the completion screen: each trainee's outcome, and what is missing.
    staff = new_page()
    sign_in(staff, accounts.staff)
    response = staff.goto(completion)
    assert response is not None and response.status == 200
    expect(staff.get_by_role("heading", level=1)).to_have_text("Completion and certificates")
    expect(trainee_row(staff, graduate.name).locator(".status")).to_have_text("completed")
    expect(trainee_row(staff, graduate.name)).to_contain_text("Nothing: the rule is met.")
    expect(trainee_row(staff, unfinished.name).locator(".status")).to_have_text("not completed")
    # What she is missing is counted here, and listed on her grades a link away.
    trainee_row(staff, unfinished.name).get_by_role("link", name="What is missing: 1 thing").click()
    expect(staff.get_by_role("main")).to_contain_text("Not handed in: Presentation")
    staff.go_back()
    assert_accessible(staff, "completion screen")

    # Staff record the outcome for the one who did not finish, with a reason; leaving out the
    # reason is refused beside the field first.
    trainee_row(staff, unfinished.name).get_by_role(
        "link", name=f"Decide for {unfinished.name}"
    ).click()
    expect(staff).to_have_url(re.compile(rf"{completion}/{seeded.unfinished_enrollment_id}$"))
    expect(staff.get_by_role("heading", level=1)).to_have_text(f"Outcome for {unfinished.name}")
    expect(staff.locator("main")).to_contain_text("Presentation")
    assert_accessible(staff, "outcome override form")
    staff.get_by_role("button", name="Record the outcome").click()
    summary = staff.locator("main .error-summary")
    expect(summary.get_by_role("link")).to_have_count(2)
    for link in summary.get_by_role("link").all():  # each lands on its field
        expect(staff.locator(link.get_attribute("href") or "#missing")).to_have_count(1)
    for option in ("Completed: issue a certificate", "Not completed"):
        expect(staff.get_by_label(option, exact=True)).to_have_attribute(
            "aria-describedby", "outcome-error"
        )
    expect(staff.get_by_role("textbox", name="Reason")).to_have_attribute("aria-invalid", "true")
    assert_accessible(staff, "outcome override form with errors")
    staff.get_by_label("Not completed", exact=True).check()
    staff.get_by_role("textbox", name="Reason").fill(OVERRIDE_REASON)
    staff.get_by_role("button", name="Record the outcome").click()
    expect(staff).to_have_url(re.compile(rf"{completion}$"))
    expect(flash(staff, f"The outcome for {unfinished.name} is recorded.")).to_be_visible()
    row = trainee_row(staff, unfinished.name)
    expect(row).to_contain_text(f"Decided by {accounts.staff.name}: {OVERRIDE_REASON}")
    expect(row.locator(".status")).to_have_text("not completed")
    in_japanese(staff, "completion screen", switch_language, assert_accessible)

    # Completing goes through a page that says what will happen and to whom. The cohort still
    # has days to run, so the button alone is refused: early completion needs a reason.
    staff.get_by_role("link", name="Complete the cohort…").click()
    expect(staff).to_have_url(re.compile(rf"{completion}/confirm$"))
    expect(staff.locator("main")).to_contain_text(
        "2 trainees: 1 will be marked completed and get certificates, 1 will be marked not "
        "completed.")
    expect(staff.locator("main")).to_contain_text("This cannot be undone.")
    assert_accessible(staff, "completion confirmation")
    staff.get_by_role("button", name="Complete the cohort and issue certificates").click()
    expect(staff.locator("main .error-summary")).to_contain_text("choose early completion")
    expect(staff.get_by_text("This cohort is completed.")).to_have_count(0)
    staff.get_by_label("Complete the cohort before its last day").check()
    staff.get_by_role("textbox", name="Reason for completing early").fill(
        "The closing ceremony is the last day of training.")
    staff.get_by_role("button", name="Complete the cohort and issue certificates").click()
    expect(staff).to_have_url(re.compile(rf"{completion}$"))
    expect(
        flash(staff, "The cohort is completed: 1 completed, 1 did not, 1 certificates issued.")
    ).to_be_visible()
    expect(staff.get_by_text("This cohort is completed.")).to_be_visible()
    expect(staff.get_by_role("link", name="Complete the cohort…")).to_have_count(0)
    certificate_link = trainee_row(staff, graduate.name).get_by_role("link", name=SERIAL)
    expect(certificate_link).to_be_visible()
    # Her row keeps its links to her grades, but none to decide or to a certificate.
    expect(trainee_row(staff, unfinished.name).get_by_role("link")).to_have_count(2)
    expect(trainee_row(staff, unfinished.name).get_by_role(
        "link", name=f"Decide for {unfinished.name}")).to_have_count(0)
    assert_accessible(staff, "completion screen of a completed cohort")
    certificate_address = certificate_link.get_attribute("href")
    assert certificate_address is not None
    assert re.fullmatch(r"/certificates/\d+", certificate_address)

    # The trainee opens her certificate: printable, with the code and a QR code to check it.
    trainee = new_page()
    sign_in(trainee, graduate)
    response = trainee.goto(certificate_address)
    assert response is not None and response.status == 200
    certificate = trainee.get_by_role("article")
    expect(certificate.get_by_role("heading", level=1)).to_have_text("Certificate of Completion")
    expect(certificate).to_contain_text(graduate.name)
    expect(certificate).to_contain_text(
        f"has completed the Asian Social Welfare Workers' Training Program, "
        f"{seeded.completion_cohort_title}, held in Japan from")
    expect(fact(trainee, "Certificate")).to_have_text(SERIAL)
    code = fact(trainee, "Verification code").inner_text().strip()
    assert GROUPED_CODE.match(code), code
    expect(fact(trainee, "Verify at")).to_contain_text(f"/verify/{code.replace('-', '')}")
    expect(certificate.locator(".certificate-qr svg")).to_have_count(1)
    expect(trainee.get_by_role("link", name="Revoke this certificate")).to_have_count(0)
    assert_accessible(trainee, "certificate page")

    # The PDF.
    with trainee.expect_download() as pdf_download:
        trainee.get_by_role("link", name="Download the certificate as a PDF").click()
    assert pdf_download.value.suggested_filename == f"{SERIAL}.pdf"
    assert Path(pdf_download.value.path()).read_bytes().startswith(b"%PDF")

    # The signed credential, checked against the key the issuer publishes.
    with trainee.expect_download() as credential_download:
        trainee.get_by_role(
            "link", name="Download the digital credential (Open Badges 3.0)"
        ).click()
    assert credential_download.value.suggested_filename == f"{SERIAL}-credential.json"
    credential_file = tmp_path / credential_download.value.suggested_filename
    credential_download.value.save_as(credential_file)
    credential = json.loads(credential_file.read_text(encoding="utf-8"))
    assert "OpenBadgeCredential" in credential["type"]
    assert credential["credentialSubject"]["identifier"][0]["identityHash"] == graduate.name
    assert credential["evidence"][0]["name"] == f"Certificate {SERIAL}"

    published = trainee.request.get("/credentials/issuer.json")
    assert published.ok
    issuer = published.json()
    method = issuer["verificationMethod"][0]
    assert credential["proof"][0]["verificationMethod"] == method["id"]
    assert credential["issuer"]["id"] == issuer["id"]
    public_keys = {method["id"]: credentials.public_key_from_multibase(
        method["publicKeyMultibase"])}
    assert credentials.verify(credential, public_keys)
    tampered = {**credential, "name": credential["name"] + " with honours"}
    assert not credentials.verify(tampered, public_keys)

    in_japanese(
        trainee, "certificate page", switch_language, assert_accessible, back_to_english=False
    )

    # A visitor who is not signed in finds the check on the home page, axe-clean beside the
    # open calls and the sign-in; then types the printed code (in lower case) and checks it.
    visitor = new_page()
    response = visitor.goto("/")
    assert response is not None and response.status == 200
    assert_accessible(visitor, "signed-out home")
    visitor.get_by_label("Verification code").fill(code.lower())
    visitor.locator("main").get_by_role("button", name="Verify", exact=True).click()
    expect(visitor).to_have_url(re.compile(rf"/verify/{code.replace('-', '')}$"))
    response = visitor.goto("/verify")
    assert response is not None and response.status == 200
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Verify a certificate")
    assert_accessible(visitor, "verification form")
    visitor.get_by_label("Verification code").fill(code.lower())
    visitor.locator("main").get_by_role("button", name="Verify", exact=True).click()
    verify_address = f"/verify/{code.replace('-', '')}"
    expect(visitor).to_have_url(re.compile(rf"{verify_address}$"))
    expect(visitor.get_by_role("heading", level=1)).to_have_text(f"Certificate {SERIAL}")
    expect(visitor.locator("main .verdict")).to_have_text("This certificate is valid.")
    expect(fact(visitor, "Name")).to_have_text(graduate.name)
    expect(fact(visitor, "Cohort")).to_have_text(seeded.completion_cohort_title)
    expect(fact(visitor, "Status")).to_have_text("valid")
    # Only what the certificate prints: not the holder's address, organization or country.
    main_text = visitor.locator("main").inner_text()
    for private in (graduate.email, "Colombo", "Sri Lanka"):
        assert private not in main_text
    assert_accessible(visitor, "verification result")

    # A code issued to nobody: a plain "not found"; something that is no code: an error.
    response = visitor.goto(f"/verify/{UNKNOWN_CODE}")
    assert response is not None and response.status == 404
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Certificate not found")
    expect(visitor.locator("main")).not_to_contain_text(graduate.name)
    assert_accessible(visitor, "verification of an unknown code")
    visitor.get_by_label("Verification code").fill("not a code")
    visitor.locator("main").get_by_role("button", name="Verify", exact=True).click()
    expect(visitor).to_have_url(re.compile(r"/verify\?code="))
    expect(visitor.locator("main .error-message")).to_contain_text(
        "This is not a verification code."
    )
    assert_accessible(visitor, "verification form with an error")

    # The downloaded credential's signature, checked on the issuer's page.
    response = visitor.goto("/verify/credential")
    assert response is not None and response.status == 200
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Check a digital credential")
    assert_accessible(visitor, "credential check form")
    visitor.get_by_label("Credential file (JSON)").set_input_files(credential_file)
    visitor.get_by_role("button", name="Check the signature").click()
    expect(visitor.locator("main .verdict")).to_contain_text("The signature is valid")
    assert_accessible(visitor, "credential check with a valid signature")
    visitor.get_by_label("Or paste the credential").fill(json.dumps(tampered))
    visitor.get_by_role("button", name="Check the signature").click()
    expect(visitor.locator("main .verdict")).to_contain_text("The signature does not match")
    assert_accessible(visitor, "credential check with a bad signature")

    # The verification pages in Japanese, for a visitor of their own.
    japanese_visitor = new_page()
    japanese_visitor.goto("/verify")
    in_japanese(
        japanese_visitor,
        "verification form",
        switch_language,
        assert_accessible,
        back_to_english=False,
    )
    response = japanese_visitor.goto(verify_address)
    assert response is not None and response.status == 200
    assert html_lang(japanese_visitor) == "ja"
    assert_accessible(japanese_visitor, "verification result in Japanese")
    response = japanese_visitor.goto(f"/verify/{UNKNOWN_CODE}")
    assert response is not None and response.status == 404
    assert html_lang(japanese_visitor) == "ja"
    assert_accessible(japanese_visitor, "verification of an unknown code in Japanese")

    # Staff revoke the certificate with a reason; the verification page then says so.
    staff.goto(certificate_address)
    staff.get_by_role("link", name="Revoke this certificate").click()
    expect(staff).to_have_url(re.compile(rf"{certificate_address}/revoke$"))
    expect(staff.get_by_role("heading", level=1)).to_have_text(f"Revoke certificate {SERIAL}")
    assert_accessible(staff, "revocation form")
    staff.get_by_role("textbox", name="Reason").fill(REVOKE_REASON)
    staff.get_by_role("button", name="Revoke the certificate").click()
    expect(staff).to_have_url(re.compile(rf"{certificate_address}$"))
    expect(flash(staff, f"Certificate {SERIAL} is revoked.")).to_be_visible()
    expect(staff.locator("main")).to_contain_text("This certificate was revoked on")
    expect(staff.locator("main")).to_contain_text(f"Reason: {REVOKE_REASON}")
    expect(staff.get_by_role("link", name="Revoke this certificate")).to_have_count(0)
    assert_accessible(staff, "certificate page of a revoked certificate")
    staff.goto(completion)
    expect(trainee_row(staff, graduate.name)).to_contain_text("revoked")

    visitor.goto(verify_address)
    expect(visitor.locator("main .verdict")).to_contain_text("was revoked on")
    expect(visitor.locator("main .verdict")).to_contain_text("It is no longer valid.")
    expect(fact(visitor, "Status")).to_have_text("revoked")
    expect(visitor.locator("main")).not_to_contain_text(REVOKE_REASON)
    assert_accessible(visitor, "verification of a revoked certificate")
