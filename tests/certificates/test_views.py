from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from lms.assignments.models import Grade, Submission, SubmissionStatus
from lms.certificates import credentials, services
from lms.certificates.models import Certificate, Outcome, OutcomeOverride
from lms.clock import utcnow
from lms.curriculum.models import Course, Item, ItemType, LessonProgress
from lms.programs.models import CohortStatus, Enrollment, EnrollmentRole
from tests import factories
from tests.certificates.conftest import meet_rule
from tests.conftest import PAGE_QUERIES, csrf_token, login, post


def _as(client, email):
    client.post("/logout", data={"csrf_token": csrf_token(client, "/verify")})
    assert login(client, email).status_code == 302


def _completed(db, year):
    services.complete_cohort(db, year["staff"], year["cohort"])
    db.commit()
    return db.scalar(select(Certificate))


def _public_keys(client):
    """The issuer's published keys by verificationMethod id, as a verifier reads them."""
    response = client.get("/credentials/issuer.json")
    assert response.status_code == 200
    profile = response.get_json()
    keys = {}
    for method in profile["verificationMethod"]:
        assert method["type"] == "Multikey" and method["controller"] == profile["id"]
        assert method["id"] in profile["assertionMethod"]
        keys[method["id"]] = credentials.public_key_from_multibase(method["publicKeyMultibase"])
    return keys


# Completion screen ----------------------------------------------------------------------------


def test_staff_see_each_outcome_and_what_is_missing(client, db, year):
    """The screen counts what each trainee is missing; her grades, a link away, list it."""
    _as(client, "staff@example.org")
    cohort_id = year["cohort"].id
    page = client.get(f"/cohorts/{cohort_id}/completion").get_data(as_text=True)
    assert "Nothing: the rule is met." in _row_of(page, "Putri Handayani")
    grades = f"/cohorts/{cohort_id}/trainees/{year['short'].id}/grades"
    assert f'<a href="{grades}">What is missing: ' in page
    assert "Not handed in: Presentation" not in page
    assert "Not handed in: Presentation" in client.get(grades).get_data(as_text=True)
    idle = client.get(f"/cohorts/{cohort_id}/trainees/{year['idle'].id}/grades")
    assert "Lesson not done: Welcome" in idle.get_data(as_text=True)


def _row_of(page, name):
    return next(row for row in page.split("<tr>") if f">{name}</a></th>" in row)


def test_each_row_has_her_own_lines_a_renamed_item_at_once_and_the_pages_language(
        client, db, year):
    """The lines are made once for all the rows that show the same (lms.curriculum.standing_
    lines): still each trainee's own points, a title as it is now, in the reader's words."""
    for email, name, points in (("ana@example.org", "Ana Cruz", 3),
                                ("budi@example.org", "Budi Santoso", 4)):
        meet_rule(db, factories.enroll(db, year["cohort"], email, name=name),
                  points={"visit-note": points})
    year["cohort"].capacity = 10
    db.commit()
    _as(client, "staff@example.org")
    path = f"/cohorts/{year['cohort'].id}/matrix"  # where each is at risk, and why
    page = client.get(path).get_data(as_text=True)
    assert "Below the pass mark: Visit note (3 of 10 points)" in _row_of(page, "Ana Cruz")
    assert "(4 of 10 points)" in _row_of(page, "Budi Santoso")
    assert "(3 of" not in _row_of(page, "Budi Santoso")
    renamed = db.scalar(select(Item).where(Item.slug == "visit-note"))
    renamed.title = "Home visit note"
    # As the sync that renames it does: the screen reads the course kept in memory.
    db.get(Course, renamed.course_id).content_version += 1
    db.commit()
    page = client.get(path).get_data(as_text=True)
    assert "Below the pass mark: Home visit note (3 of 10 points)" in _row_of(page, "Ana Cruz")
    assert "Visit note" not in page
    post(client, "/language", {"locale": "ja", "next": "/"}, token_from="/verify")
    page = client.get(f"/cohorts/{year['cohort'].id}/trainees/{year['short'].id}/grades")
    assert '未提出：<span lang="en">Presentation</span>' in page.get_data(as_text=True)
    assert "Not handed in" not in page.get_data(as_text=True)


@pytest.mark.parametrize("who", ["putri@example.org", "other@example.org", "mentor"])
def test_only_staff_reach_the_completion_pages(client, db, year, who):
    if who == "mentor":
        factories.enroll(db, year["cohort"], "mentor@example.org", EnrollmentRole.MENTOR)
        db.commit()
        who = "mentor@example.org"
    _as(client, who)
    base = f"/cohorts/{year['cohort'].id}/completion"
    assert client.get(base).status_code == 403
    assert post(client, base, token_from="/verify").status_code == 403
    assert client.get(f"{base}/{year['short'].id}").status_code == 403
    assert client.get(f"{base}/confirm").status_code == 403
    db.expire_all()
    assert year["cohort"].status == CohortStatus.ACTIVE


def test_staff_complete_from_the_screen_and_a_repeat_changes_nothing(client, db, year):
    _as(client, "staff@example.org")
    base = f"/cohorts/{year['cohort'].id}/completion"
    response = post(client, base, token_from=base)
    assert response.status_code == 302
    page = client.get(base).get_data(as_text=True)
    assert "1 certificates issued" in page or "certificates issued" in page
    assert "ASWWTP-36-001" in page
    post(client, base, token_from="/verify")
    assert "already completed" in client.get(base).get_data(as_text=True)
    assert len(db.scalars(select(Certificate)).all()) == 1


def test_the_confirmation_page_says_what_completing_does_and_to_whom(client, db, year):
    _as(client, "staff@example.org")
    base = f"/cohorts/{year['cohort'].id}/completion"
    assert f'href="{base}/confirm"' in client.get(base).get_data(as_text=True)
    page = client.get(f"{base}/confirm").get_data(as_text=True)
    assert ("3 trainees: 1 will be marked completed and get certificates, 2 will be marked "
            "not completed.") in page
    completed = page[page.index('id="completed-heading"'):page.index('id="not-completed-heading"')]
    not_completed = page[page.index('id="not-completed-heading"'):]
    assert "Putri Handayani" in completed and "Rodel Bautista" not in completed
    assert "Rodel Bautista" in not_completed and "Siriporn Kaewmanee" in not_completed
    assert f'action="{base}"' in page and "This cannot be undone." in page
    assert 'name="early_reason"' not in page  # the cohort has ended: nothing more to ask
    db.expire_all()
    assert db.get(Enrollment, year["done"].id).status.value == "active"


def test_early_completion_from_the_page_needs_the_box_and_a_reason(client, db, year):
    from lms.clock import utcnow

    year["cohort"].ends_on = utcnow().date() + dt.timedelta(days=80)
    db.commit()
    _as(client, "staff@example.org")
    base = f"/cohorts/{year['cohort'].id}/completion"
    page = client.get(f"{base}/confirm").get_data(as_text=True)
    ends = year["cohort"].ends_on
    assert f"This cohort runs until {ends.day} {ends:%b} {ends.year}" in page
    for data in ({}, {"early_reason": "Closing early"}, {"early": "y", "early_reason": ""}):
        refused = post(client, base, data, token_from=f"{base}/confirm")
        assert refused.status_code == 200
        assert 'id="early_reason-error"' in refused.get_data(as_text=True)
        db.expire_all()
        assert db.get(Enrollment, year["done"].id).status.value == "active"
    done = post(client, base, {"early": "y", "early_reason": "Closing early"},
                token_from=f"{base}/confirm")
    assert done.status_code == 302
    db.expire_all()
    assert year["cohort"].status == CohortStatus.COMPLETED
    assert client.get(f"{base}/confirm").status_code == 302  # nothing left to confirm


def test_an_override_needs_a_reason_shown_beside_the_field(client, db, year):
    _as(client, "staff@example.org")
    path = f"/cohorts/{year['cohort'].id}/completion/{year['short'].id}"
    page = post(client, path, {"outcome": "completed", "reason": ""}).get_data(as_text=True)
    assert 'id="reason-error"' in page
    assert post(client, path, {"outcome": "completed",
                               "reason": "Presented in person"}).status_code == 302
    screen = client.get(f"/cohorts/{year['cohort'].id}/completion").get_data(as_text=True)
    assert "Presented in person" in screen


def test_a_trainee_of_another_cohort_is_not_found_on_this_screen(client, db, year):
    _as(client, "staff@example.org")
    path = f"/cohorts/{year['cohort'].id}/completion/{year['outsider'].id}"
    assert client.get(path).status_code == 404
    assert client.get("/cohorts/99999/completion").status_code == 404


def _grow(db, year, count):
    """Many trainees, inserted directly: every required assignment handed in, one in three
    graded, every fifth returned; a lesson done; every seventh decided by one of three staff
    members, who are loaded with the override (never one query each)."""
    deciders = [factories.staff(db, f"decider{n}@example.org") for n in range(3)]
    enrollments = factories.bulk_trainees(db, year["cohort"], count)
    items = db.scalars(select(Item).where(Item.course_id == year["cohort"].course_id,
                                          Item.required.is_(True))).all()
    lesson = next(item for item in items if item.type == ItemType.LESSON)
    submissions = [Submission(enrollment_id=enrollment.id, item_id=item.id,
                              status=SubmissionStatus.SUBMITTED, submitted_at=utcnow())
                   for enrollment in enrollments for item in items
                   if item.type == ItemType.ASSIGNMENT]
    db.add_all(submissions)
    db.add_all(LessonProgress(enrollment_id=enrollment.id, item_id=lesson.id)
               for enrollment in enrollments)
    db.add_all(OutcomeOverride(enrollment_id=enrollment.id, outcome=Outcome.COMPLETED,
                               reason="In person", decided_by_id=deciders[n % 3].id)
               for n, enrollment in enumerate(enrollments[::7]))
    db.flush()
    db.add_all(Grade(submission_id=submission.id, total=2, returned=n % 5 == 0)
               for n, submission in enumerate(submissions[::3]))
    year["cohort"].capacity = 5000
    db.commit()


def test_the_completion_screen_does_not_grow_with_the_cohort(client, db, year, count_queries):
    _as(client, "staff@example.org")
    path = f"/cohorts/{year['cohort'].id}/completion"

    def queries():
        with count_queries() as counter:
            assert client.get(path).status_code == 200
        return counter.count

    queries()  # the course is read once per process (curriculum.content), then kept
    _grow(db, year, 10)
    few = queries()
    assert few <= PAGE_QUERIES
    _grow(db, year, 990)
    assert queries() == few


# Certificate page, PDF, credential --------------------------------------------------------------


def test_the_holder_and_staff_see_the_certificate_and_no_one_else(client, db, year):
    certificate = _completed(db, year)
    paths = [f"/certificates/{certificate.id}", f"/certificates/{certificate.id}/certificate.pdf",
             f"/certificates/{certificate.id}/credential.json"]
    for who in ("rodel@example.org", "other@example.org"):
        _as(client, who)
        assert [client.get(path).status_code for path in paths] == [404, 404, 404]
        assert client.get(f"/certificates/{certificate.id}/revoke").status_code == 403
    for who in ("putri@example.org", "staff@example.org"):
        _as(client, who)
        assert [client.get(path).status_code for path in paths] == [200, 200, 200]
    client.post("/logout", data={"csrf_token": csrf_token(client, "/verify")})
    for path in paths:  # signed out, the holder is asked to sign in and comes back here
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.location.endswith("/login?next=" + path), path


def test_the_certificate_page_has_the_code_and_a_qr_code(client, db, year):
    certificate = _completed(db, year)
    _as(client, "putri@example.org")
    page = client.get(f"/certificates/{certificate.id}").get_data(as_text=True)
    code = certificate.verification_code
    assert "-".join(code[i:i + 4] for i in range(0, 20, 4)) in page
    assert f"/verify/{code}" in page
    assert "<svg" in page and "QR code to the verification page" in page


def test_the_pdf_is_a_pdf_with_the_serial_as_its_name(client, db, year):
    certificate = _completed(db, year)
    _as(client, "putri@example.org")
    response = client.get(f"/certificates/{certificate.id}/certificate.pdf")
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    assert "ASWWTP-36-001.pdf" in response.headers["Content-Disposition"]


def test_a_downloaded_credential_verifies_against_the_published_key(client, db, year):
    certificate = _completed(db, year)
    _as(client, "putri@example.org")
    document = json.loads(client.get(f"/certificates/{certificate.id}/credential.json").data)
    assert document["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    achievement = document["credentialSubject"]["achievement"]
    assert achievement["type"] == ["Achievement"] and "36th cohort" in achievement["name"]
    [proof] = document["proof"]
    assert proof["verificationMethod"].startswith("http://kakehashi.test/credentials/keys/z6Mk")
    client.post("/logout", data={"csrf_token": csrf_token(client, "/verify")})
    public_keys = _public_keys(client)  # fetched logged out, as anyone would
    assert credentials.verify(document, public_keys)
    document["credentialSubject"]["identifier"][0]["identityHash"] = "Someone Else"
    assert not credentials.verify(document, public_keys)


def test_anyone_can_check_a_credential_on_the_check_page(client, db, year):
    certificate = _completed(db, year)
    _as(client, "putri@example.org")
    body = client.get(f"/certificates/{certificate.id}/credential.json").get_data(as_text=True)
    client.post("/logout", data={"csrf_token": csrf_token(client, "/verify")})
    page = post(client, "/verify/credential", {"credential_text": body},
                token_from="/verify/credential").get_data(as_text=True)
    assert "The signature is valid and the credential is not revoked" in page
    tampered = body.replace("Putri Handayani", "Someone Else")
    page = post(client, "/verify/credential", {"credential_text": tampered},
                token_from="/verify/credential").get_data(as_text=True)
    assert "does not match" in page
    page = post(client, "/verify/credential", {"credential_text": "{not json"},
                token_from="/verify/credential").get_data(as_text=True)
    assert "This is not JSON" in page


@pytest.mark.parametrize("config_overrides", [{"LMS_ENV": "production"}])
def test_production_without_a_key_publishes_no_key_and_signs_nothing(client, db, year,
                                                                     config_overrides):
    assert client.get("/credentials/issuer.json").status_code == 404


# Revocation and the public verification page ---------------------------------------------------


def test_the_verification_page_shows_the_certificate_and_nothing_more(client, db, year):
    certificate = _completed(db, year)
    grouped = "-".join(certificate.verification_code[i:i + 4] for i in range(0, 20, 4))
    response = client.get(f"/verify?code={grouped.lower()}")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "This certificate is valid." in page
    for shown in ("Putri Handayani", "Asian Social Welfare Workers", "36th cohort",
                  "ASWWTP-36-001"):
        assert shown in page
    for hidden in ("putri@example.org", "Philippines", "Rodel", "Siriporn"):
        assert hidden not in page


def test_a_revoked_certificate_says_so_plainly(client, db, year):
    certificate = _completed(db, year)
    _as(client, "staff@example.org")
    path = f"/certificates/{certificate.id}/revoke"
    assert 'id="reason-error"' in post(client, path, {"reason": ""}).get_data(as_text=True)
    assert post(client, path, {"reason": "Issued in error"}).status_code == 302
    client.post("/logout", data={"csrf_token": csrf_token(client, "/verify")})
    page = client.get(f"/verify/{certificate.verification_code}").get_data(as_text=True)
    assert "was revoked on" in page and "no longer valid" in page
    assert "Issued in error" not in page


def test_an_unknown_code_is_plainly_not_found(client, db, year):
    _completed(db, year)
    response = client.get("/verify/ABCDEFGHJKMNPQRSTVWX")
    assert response.status_code == 404
    assert "No certificate has this code" in response.get_data(as_text=True)
    page = client.get("/verify?code=12345").get_data(as_text=True)
    assert "This is not a verification code" in page


def test_a_code_with_characters_no_code_uses_is_told_which(client, db, year):
    # Twenty characters, read off paper: an O for a zero, and a 1 for an I.
    page = client.get("/verify?code=ABCD-EFGH-JKMN-PQRS-TVO1").get_data(as_text=True)
    assert "never use the letters I, L, O and U or the digits 0 and 1" in page
    assert "Check what you typed as O, 1." in page
    assert "A code has 20 letters" not in page
    page = client.get("/verify?code=ABCD-EFGH-JKMN").get_data(as_text=True)
    assert "A code has 20 letters and digits" in page and "you typed 12." in page


@pytest.mark.parametrize("config_overrides", [{"LMS_VERIFY_LIMIT_PER_ADDRESS": "3 per minute"}])
def test_guessing_codes_is_throttled_but_found_codes_never_count(client, db, year,
                                                                 config_overrides):
    certificate = _completed(db, year)
    for _ in range(5):
        assert client.get(f"/verify/{certificate.verification_code}").status_code == 200
    statuses = [client.get("/verify/ABCDEFGHJKMNPQRSTVWX").status_code for _ in range(4)]
    assert statuses == [404, 404, 404, 429]


def test_the_cohort_page_links_to_completion(client, db, year):
    _as(client, "staff@example.org")
    page = client.get(f"/cohorts/{year['cohort'].id}").get_data(as_text=True)
    assert f"/cohorts/{year['cohort'].id}/completion" in page


def test_nothing_changes_on_get(client, db, year):
    _as(client, "staff@example.org")
    client.get(f"/cohorts/{year['cohort'].id}/completion")
    db.expire_all()
    assert db.get(Enrollment, year["done"].id).status.value == "active"
    assert db.scalars(select(Item)).first() is not None


def test_a_credential_verifies_with_plain_libraries_as_the_readme_shows(client, db, year):
    """What a verifier without Kakehashi does: the key from the issuer's document, the proof
    options and the document canonicalized with JCS, hashed and checked with Ed25519."""
    import hashlib

    import base58
    import rfc8785
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    certificate = _completed(db, year)
    _as(client, "putri@example.org")
    credential = json.loads(client.get(f"/certificates/{certificate.id}/credential.json").data)
    [proof] = credential.pop("proof")
    key_document = client.get(proof["verificationMethod"]).get_json()
    key = base58.b58decode(key_document["publicKeyMultibase"][1:])[2:]
    signature = base58.b58decode(proof.pop("proofValue")[1:])
    signed = (hashlib.sha256(rfc8785.dumps(proof)).digest()
              + hashlib.sha256(rfc8785.dumps(credential)).digest())
    Ed25519PublicKey.from_public_bytes(key).verify(signature, signed)
    credential["validFrom"] = "2000-01-01T00:00:00Z"
    tampered = (hashlib.sha256(rfc8785.dumps(proof)).digest()
                + hashlib.sha256(rfc8785.dumps(credential)).digest())
    with pytest.raises(InvalidSignature):
        Ed25519PublicKey.from_public_bytes(key).verify(signature, tampered)
