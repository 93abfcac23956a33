"""Reflections and the event report as people meet them: the form on the edition's page, the
staff's report page, the public page and the PDF, who reaches which, and what they never show."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from sqlalchemy import select

from lms.accounts.models import User
from lms.certificates.documents import DEFAULT_FONTS
from lms.events import reflections, reports
from lms.events.models import Registration
from lms.events.report_models import Reflection
from tests.conftest import post
from tests.events.conftest import as_user, user
from tests.events.report_world import JAPANESE_NAME, during, populate

SEMINAR_PATH = "/events/{id}"


@pytest.fixture
def populated(db, world):
    populate(db, world)
    return world


def written(db, cohort, email, body, consent=True, selected=False):
    with during():
        row = reflections.save_reflection(db, user(db, email), cohort, body, consent)
    row.selected = selected
    db.commit()
    return row


def pdf_text(data: bytes) -> str:
    document = pdfium.PdfDocument(data)
    return " ".join(page.get_textpage().get_text_range() for page in document)


def test_the_form_appears_only_once_the_event_started_and_only_for_participants(
        client, db, populated):
    path = SEMINAR_PATH.format(id=populated["seminar"].id)
    as_user(client, "alumna@example.org")
    assert "Your reflection" not in client.get(path).get_data(as_text=True)
    with during():
        # Signed in again: a month on, the earlier session has expired.
        as_user(client, "alumna@example.org")
        page = client.get(path).get_data(as_text=True)
        assert "Your reflection" in page and 'name="consent"' in page
        # Maricel came with the delegation; Not Completed sees the page but never took part.
        as_user(client, "maricel@example.org")
        assert "Your reflection" in client.get(path).get_data(as_text=True)
        as_user(client, "kittipong@example.org")  # cancelled
        assert "Your reflection" not in client.get(path).get_data(as_text=True)


def test_a_participant_saves_a_reflection_and_never_sees_anyone_else_s(client, db, populated):
    seminar = populated["seminar"]
    written(db, seminar, "alumnus@example.org", "Wichai's private thoughts.", consent=False)
    path = SEMINAR_PATH.format(id=seminar.id)
    with during():
        as_user(client, "alumna@example.org")
        response = post(client, f"{path}/reflection", {
            "body": "Care *in the community*.", "consent": "y"}, token_from=path)
        assert response.status_code == 302
        page = client.get(path).get_data(as_text=True)
    assert "Care *in the community*.</textarea>" in page  # back in the form, to edit
    assert "Wichai's private thoughts." not in page
    row = db.scalar(select(Reflection).where(Reflection.user_id == user(
        db, "alumna@example.org").id))
    assert row.consent and row.body == "Care *in the community*."


def test_posting_a_reflection_is_refused_to_those_who_may_not(client, db, populated):
    seminar = populated["seminar"]
    path = SEMINAR_PATH.format(id=seminar.id)
    as_user(client, "alumna@example.org")
    # Before the start: refused with the reason, nothing saved.
    post(client, f"{path}/reflection", {"body": "Too early."})
    with during():
        as_user(client, "kittipong@example.org")
        assert post(client, f"{path}/reflection", {"body": "Cancelled."}).status_code == 403
        as_user(client, "notdone@example.org")
        assert post(client, f"{path}/reflection", {"body": "Never came."}).status_code in (
            403, 404)
        # The alumna's id on another edition's address: not a participant there.
        as_user(client, "alumna@example.org")
        other = SEMINAR_PATH.format(id=populated["past_seminar"].id)
        assert post(client, f"{other}/reflection", {"body": "Elsewhere."}).status_code in (
            403, 404)
    assert db.scalar(select(Reflection.id)) is None


def test_the_public_report_is_not_found_until_published(client, db, populated):
    seminar = populated["seminar"]
    public = f"/events/{seminar.id}/report/public"
    for email in (None, "alumna@example.org"):
        if email:
            as_user(client, email)
        assert client.get(public).status_code == 404
        assert client.get(f"/events/{seminar.id}/report.pdf").status_code == 404
    as_user(client, "staff@example.org")
    assert "Not published" in client.get(public).get_data(as_text=True)
    with during():
        as_user(client, "staff@example.org")
        assert post(client, f"/events/{seminar.id}/report/publish").status_code == 302
        as_user(client, "alumna@example.org")
        page = client.get(f"/events/{seminar.id}").get_data(as_text=True)
        assert f'href="/events/{seminar.id}/report/public"' in page
    client.delete_cookie("kakehashi_session")
    assert client.get(public).status_code == 200
    assert client.get(f"/events/{seminar.id}/report.pdf").status_code == 200


def test_the_published_report_names_only_those_who_consented(client, db, populated):
    seminar = populated["seminar"]
    written(db, seminar, "hanako@example.org", "A bridge between us.", selected=True)
    written(db, seminar, "alumna@example.org", "Consented, not chosen.")
    written(db, seminar, "alumnus@example.org", "Do not quote me.", consent=False)
    with during():
        reports.publish(db, populated["staff"], seminar)
        db.commit()
    page = client.get(f"/events/{seminar.id}/report/public").get_data(as_text=True)
    document = pdf_text(client.get(f"/events/{seminar.id}/report.pdf").data)
    for text in (page, document):
        assert JAPANESE_NAME in text and "A bridge between us." in text
        for hidden in ("Wichai Boonmee", "Do not quote me.", "Putri Handayani",
                       "Consented, not chosen.", "Amihan Reyes", "Jerome Villanueva",
                       "Lin Mei-hua", "Maricel Dizon"):
            assert hidden not in text, hidden
    assert "Community care in Japan" in page


def test_the_public_page_shows_the_counts_by_country_and_kind(client, db, populated):
    seminar = populated["seminar"]
    with during():
        reports.publish(db, populated["staff"], seminar)
        db.commit()
    page = client.get(f"/events/{seminar.id}/report/public").get_data(as_text=True)
    assert '<th scope="row">Taiwan</th><td>2</td><td>0</td>' in page
    assert '<th scope="row">Philippines</th><td>2</td><td>2</td>' in page
    assert '<th scope="row">Delegation members</th><td>3</td><td>1</td>' in page
    assert '<th scope="row">Total</th><td>7</td><td>4</td>' in page


def test_staff_select_write_a_summary_and_publish_from_the_report_page(client, db, populated):
    seminar = populated["seminar"]
    willing = written(db, seminar, "alumna@example.org", "Quote me.")
    shy = written(db, seminar, "alumnus@example.org", "Do not.", consent=False)
    base = f"/events/{seminar.id}/report"
    as_user(client, "staff@example.org")
    page = client.get(base).get_data(as_text=True)
    assert "Quote me." in page and "Do not." in page  # staff read every reflection
    post(client, f"{base}/reflections/{willing.id}/select", token_from=base)
    response = post(client, f"{base}/reflections/{shy.id}/select", token_from=base,
                    follow_redirects=True)
    assert "allows quoting" in response.get_data(as_text=True)
    post(client, f"{base}/summary", {"summary": "Fifty-seven ex-trainees came."},
         token_from=base)
    db.expire_all()
    assert db.get(Reflection, willing.id).selected and not db.get(Reflection, shy.id).selected
    assert reports.report(db, seminar).summary == "Fifty-seven ex-trainees came."
    # Another edition's address does not find this edition's reflection.
    other = f"/events/{populated['past_seminar'].id}/report"
    assert post(client, f"{other}/reflections/{willing.id}/unselect",
                token_from=base).status_code == 404


def test_participants_do_not_reach_the_staff_report(client, db, populated):
    as_user(client, "alumna@example.org")
    base = f"/events/{populated['seminar'].id}/report"
    assert client.get(base).status_code == 403
    assert post(client, f"{base}/publish").status_code == 403


def test_the_pdf_in_japanese_has_the_title_and_a_japanese_name(client, db, populated):
    if not any(Path(font).is_file() for font in DEFAULT_FONTS if "CJK" in font):
        pytest.skip("no Japanese font (apt-get install fonts-noto-cjk)")
    seminar = populated["seminar"]
    seminar.name_ja = "第8回アジア社会福祉セミナー"
    written(db, seminar, "hanako@example.org", "心に残る研修でした。", selected=True)
    with during():
        reports.publish(db, populated["staff"], seminar)
        db.commit()
    response = client.get(f"/events/{seminar.id}/report.pdf",
                          headers={"Accept-Language": "ja"})
    assert response.mimetype == "application/pdf"
    text = pdf_text(response.data)
    assert "第8回アジア社会福祉セミナー" in text
    assert JAPANESE_NAME in text and "心に残る研修でした。" in text


def _more_participants(db, cohort, count):
    start = db.scalar(select(User.id).order_by(User.id.desc()).limit(1)) or 0
    people = [User(email=f"many{start + n}@example.org", display_name=f"Many {start + n}",
                   timezone="Asia/Tokyo", country="KR") for n in range(count)]
    db.add_all(people)
    db.flush()
    db.add_all(Registration(cohort_id=cohort.id, user_id=person.id, country="KR")
               for person in people)
    db.add_all(Reflection(cohort_id=cohort.id, user_id=person.id, body="Thanks.", consent=True,
                          selected=True) for person in people)
    db.commit()


@pytest.mark.parametrize("path", ["/events/{id}/report", "/events/{id}/report/public",
                                  "/events/{id}/report.pdf"])
def test_the_report_does_not_grow_with_its_participants(client, db, populated, count_queries,
                                                        path):
    seminar = populated["seminar"]
    seminar.capacity = 500
    address = path.format(id=seminar.id)
    as_user(client, "staff@example.org")
    counts = []
    for more in (5, 45):
        _more_participants(db, seminar, more)
        with count_queries() as counter:
            assert client.get(address).status_code == 200
        counts.append(len(counter.statements))
    assert counts[0] == counts[1], counts
