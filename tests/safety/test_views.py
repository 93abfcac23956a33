"""The pages of a safety check: the staff's start with its confirmation, the board, reminding
and closing; the answer page a person opens from the mail without signing in; the check on
their home; and the contact details on profiles, seen by the person and staff alone."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import func, insert, select

from lms.accounts.models import User
from lms.mail import OutboxMessage
from lms.safety import links, services
from lms.safety.models import SafetyAudience, SafetyCheck, SafetyRecipient, SafetyStatus
from tests import factories
from tests.conftest import PAGE_QUERIES, login, post
from tests.route_matrix_world import ACTOR_EMAILS
from tests.safety.conftest import person, start


def as_user(client: Any, who: str) -> None:
    client.delete_cookie("kakehashi_session")  # a fresh browser for each person
    assert login(client, ACTOR_EMAILS[who]).status_code == 302, who


def signed_out(client: Any) -> None:
    client.delete_cookie("kakehashi_session")


def text(html: str) -> str:
    """The page's words, without its tags."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def page(client: Any, path: str, status: int = 200) -> str:
    response = client.get(path)
    assert response.status_code == status, path
    return response.get_data(as_text=True)


START = {"message": "A typhoon reaches Tokyo tonight. Are you safe?", "audience": "cohort"}


def test_staff_see_whom_a_check_goes_to_before_anything_is_sent(client, db, world) -> None:
    as_user(client, "staff")
    fields = {**START, "cohort_id": str(world["cohort"])}
    mails = db.scalar(select(func.count()).select_from(OutboxMessage))
    confirmation = post(client, "/safety/checks/new", fields).get_data(as_text=True)
    assert "Start the safety check?" in confirmation
    assert "Amihan Reyes" in confirmation and "Siriporn K" in confirmation
    assert "2 people get a mail" in confirmation and "Other Cohort" not in confirmation
    assert db.scalar(select(func.count()).select_from(OutboxMessage)) == mails
    assert db.scalar(select(func.count()).select_from(SafetyCheck)) == 2  # the world's
    changing = post(client, "/safety/checks/new", {**fields, "change": "1"})
    assert "A typhoon reaches Tokyo tonight" in changing.get_data(as_text=True)
    assert "Start the safety check?" not in changing.get_data(as_text=True)
    started = post(client, "/safety/checks/new", {**fields, "confirmed": "yes"})
    check = db.scalars(select(SafetyCheck).order_by(SafetyCheck.id.desc())).first()
    assert started.headers["Location"] == f"/safety/checks/{check.id}"
    assert db.scalar(select(func.count()).select_from(OutboxMessage)) == mails + 2
    board = page(client, f"/safety/checks/{check.id}")
    assert "Answers: 0 of 2" in board and "Not answered yet: 2" in text(board)


def test_a_refused_start_shows_why_beside_the_field(client, db, world) -> None:
    as_user(client, "staff")
    refused = post(client, "/safety/checks/new", {**START, "message": " "})
    assert refused.status_code == 200
    assert "Write the message people will read." in refused.get_data(as_text=True)
    refused = post(client, "/safety/checks/new", {**START, "audience": "alumni_of_country",
                                                   "country": "VN", "confirmed": "yes"})
    assert "Nobody is in this group now" in refused.get_data(as_text=True)


def test_a_person_answers_from_the_mail_without_signing_in(client, db, world) -> None:
    signed_out(client)
    url = f"/safety/answer/{world['safety_link']}"
    form = page(client, url)
    assert "An earthquake struck. Are you safe?" in form and "For Amihan Reyes" in form
    assert form.count('type="radio"') == 3 and '<form method="post"' in form
    assert "<script" not in form.split("</main>")[0].split("<main")[-1]
    assert 'name="viewport" content="width=device-width' in form
    answered = post(client, url, {"status": "need_help", "location": "Wajima shelter",
                                  "note": "No water"}, token_from=url)
    assert answered.headers["Location"] == url
    shown = page(client, url)
    assert "I am safe, but I need help" in shown and "Wajima shelter" in shown
    assert "You can change your answer below until the program office closes the check." in shown
    post(client, url, {"status": "safe"}, token_from=url)
    as_user(client, "staff")
    board = text(page(client, f"/safety/checks/{world['safety_check']}"))
    assert "Safe: 1" in board and "Safe, needs help: 0" in board
    assert "Not answered yet: 1" in board


def test_a_refused_answer_is_shown_beside_the_choices(client, world) -> None:
    url = f"/safety/answer/{world['safety_link']}"
    refused = post(client, url, {"note": "hello"}, token_from=url)
    assert refused.status_code == 200
    assert "Choose how you are." in refused.get_data(as_text=True)


def test_a_bad_link_gives_a_page_that_says_what_to_do(client, world) -> None:
    for token in (world["forged_safety_link"], "garbage", world["safety_link"][:-3]):
        body = page(client, f"/safety/answer/{token}", 404)
        assert "This safety check link does not work" in body and "program office" in body


def test_a_closed_check_shows_the_answer_and_takes_no_more(client, db, world) -> None:
    check = db.get(SafetyCheck, world["safety_check"])
    services.answer(db, world["safety_link"], services.AnswerInput(SafetyStatus.SAFE))
    db.commit()
    as_user(client, "staff")
    confirmation = page(client, f"/safety/checks/{check.id}/close")
    assert "1 person has not answered yet." in confirmation
    post(client, f"/safety/checks/{check.id}/close")
    signed_out(client)
    url = f"/safety/answer/{world['safety_link']}"
    closed = page(client, url)
    assert "no longer takes answers" in closed and "I am safe" in closed
    assert 'type="radio"' not in closed
    refused = post(client, url, {"status": "not_safe"}, token_from="/login")
    assert "This safety check is closed" in refused.get_data(as_text=True)
    db.expire_all()
    assert db.scalar(select(func.count()).select_from(SafetyCheck).where(
        SafetyCheck.closed_at.is_not(None))) == 1


def test_the_board_reminds_the_silent_and_shows_how_to_reach_them(client, db, world) -> None:
    classmate = db.scalars(select(User).where(User.email == "classmate@example.org")).one()
    classmate.phone, classmate.emergency_contact = "+66 81 234 5678", "Mother, +66 81 000 0000"
    classmate.address_in_japan = "1-2-3 Shinjuku, Tokyo"
    services.answer(db, world["safety_link"], services.AnswerInput(SafetyStatus.SAFE))
    db.commit()
    as_user(client, "staff")
    board_url = f"/safety/checks/{world['safety_check']}"
    silent = page(client, board_url + "?show=unanswered")
    assert "Siriporn K" in silent and "Amihan Reyes" not in silent
    for detail in ("+66 81 234 5678", "Mother, +66 81 000 0000", "1-2-3 Shinjuku, Tokyo"):
        assert detail in silent
    assert "Remind the 1 person who has not answered" in silent
    before = db.scalar(select(func.max(OutboxMessage.id)))
    assert post(client, board_url + "/remind").status_code == 302
    reminded = db.scalars(select(OutboxMessage).where(OutboxMessage.id > before)).all()
    assert [mail.recipient_id for mail in reminded] == [classmate.id]
    assert "Last reminder" in page(client, board_url)


def test_a_drill_is_labeled_as_a_drill_everywhere(client, db, world) -> None:
    check = start(db, SafetyAudience.COHORT, drill=True, cohort_id=world["cohort"])
    db.commit()
    trainee = person(db, "trainee")
    token = links.token_for(check.id, trainee.id)
    mail = db.scalars(select(OutboxMessage).where(OutboxMessage.body.contains(token))).one()
    assert mail.subject.startswith("Drill") and "THIS IS A DRILL" in mail.body
    as_user(client, "trainee")
    assert "This is a drill." in page(client, f"/safety/answer/{token}")
    home = page(client, "/")
    assert re.search(r'status-drill">Drill</strong>', home)
    as_user(client, "staff")
    assert "Drill: safety check of" in page(client, f"/safety/checks/{check.id}")
    assert 'class="status-drill">Drill</strong>' in page(client, "/safety/checks")
    assert "Close the drill?" in page(client, f"/safety/checks/{check.id}/close")
    confirmation = post(client, "/safety/checks/new", {
        **START, "cohort_id": str(world["cohort"]), "is_drill": "y"}).get_data(as_text=True)
    assert "Start the drill?" in confirmation and "This is a drill." in confirmation


def test_an_open_check_waits_on_its_people_s_home_until_closed(client, db, world) -> None:
    as_user(client, "trainee")
    home = page(client, "/")
    assert "Safety check" in home and "An earthquake struck. Are you safe?" in home
    assert f'/safety/answer/{world["safety_link"]}">Answer: are you safe?</a>' in home
    as_user(client, "alumna")
    assert "An earthquake struck" not in page(client, "/")
    services.close(db, factories.staff(db), db.get(SafetyCheck, world["safety_check"]))
    db.commit()
    as_user(client, "trainee")
    assert "An earthquake struck" not in page(client, "/")


def test_the_board_does_not_grow_with_its_people(client, db, world, count_queries) -> None:
    check_id = world["safety_check"]
    as_user(client, "staff")
    url = f"/safety/checks/{check_id}"

    def queries() -> int:
        with count_queries() as counter:
            assert client.get(url).status_code == 200
        return counter.count

    def grow(count: int) -> None:
        start_at = db.scalar(select(func.count()).select_from(User)) or 0
        users = [User(email=f"many{start_at + n}@example.org", display_name=f"Many {n}",
                      timezone="Asia/Tokyo") for n in range(count)]
        db.add_all(users)
        db.flush()
        db.execute(insert(SafetyRecipient), [{"check_id": check_id, "user_id": user.id}
                                             for user in users])
        for user in users[:count // 2]:
            services.answer(db, links.token_for(check_id, user.id),
                            services.AnswerInput(SafetyStatus.NEED_HELP, "note", "here"))
        db.commit()

    queries()
    grow(5)
    few = queries()
    assert few <= PAGE_QUERIES
    grow(40)
    assert queries() == few


def test_contact_details_are_seen_by_the_person_and_staff_alone(client, db, world) -> None:
    as_user(client, "trainee")
    settings = page(client, "/settings")
    trainee = person(db, "trainee")
    fields = {"display_name": trainee.display_name, "country": trainee.country or "",
              "locale": "en", "timezone": "Asia/Tokyo", "phone": "+63 917 123 4567",
              "emergency_contact": "Sister Ana, +63 917 000 0000",
              "address_in_japan": "4-5-6 Kanazawa, Ishikawa"}
    assert "How to reach you in an emergency" in settings
    assert post(client, "/settings", fields, token_from="/settings").status_code == 302
    details = ("+63 917 123 4567", "Sister Ana, +63 917 000 0000", "4-5-6 Kanazawa, Ishikawa")
    assert all(detail in page(client, "/settings") for detail in details)
    as_user(client, "staff")
    assert all(detail in page(client, f"/people/{trainee.id}") for detail in details)
    for who in ("mentor", "outsider", "alumna"):
        as_user(client, who)
        assert client.get(f"/people/{trainee.id}").status_code == 403, who
        assert client.get(f"/safety/checks/{world['safety_check']}").status_code == 403, who
        assert not any(detail in page(client, "/") for detail in details), who


def test_a_person_s_data_holds_the_checks_sent_to_them_and_their_answers(client, db,
                                                                           world) -> None:
    services.answer(db, world["safety_link"], services.AnswerInput(
        SafetyStatus.NEED_HELP, "No water", "Wajima shelter"))
    db.commit()
    as_user(client, "trainee")
    document = client.get("/settings/data.json").get_json()
    assert [(row["id"], row["answer"]["status"], row["answer"]["where"])
            for row in document["safety_checks"]] == [
        (world["safety_check"], "need_help", "Wajima shelter")]
    assert "phone" in document["profile"]
    as_user(client, "outsider")
    document = client.get("/settings/data.json").get_json()
    assert [(row["id"], row["answer"]) for row in document["safety_checks"]] == [
        (world["other_safety_check"], None)]


def test_the_board_pages_its_people_those_needing_help_first(client, db, world) -> None:
    """25 people a page; those needing help come before the silent on every page, and each
    answer's count leads to its people alone."""
    check_id = world["safety_check"]
    users = [User(email=f"paged{n}@example.org", display_name=f"Paged {n:02d}",
                  timezone="Asia/Tokyo") for n in range(30)]
    db.add_all(users)
    db.flush()
    db.execute(insert(SafetyRecipient), [{"check_id": check_id, "user_id": user.id}
                                         for user in users])
    for user in users[20:]:
        services.answer(db, links.token_for(check_id, user.id),
                        services.AnswerInput(SafetyStatus.NEED_HELP, "a note", "the gym"))
    db.commit()
    as_user(client, "staff")
    url = f"/safety/checks/{check_id}"
    first, second = client.get(url).text, client.get(f"{url}?page=2").text
    rows = [page.split("<tbody>")[1].count("<tr>") for page in (first, second)]
    total = db.scalar(select(func.count()).where(SafetyRecipient.check_id == check_id))
    assert rows == [25, total - 25]
    assert "page=2" in first  # the pager leads on
    # The ten who need help lead page 1, with what they said and how to reach them.
    assert first.index("Paged 20") < first.index("Paged 29") < first.index("Paged 00")
    assert "a note" in first and "the gym" in first and "paged20@example.org" in first
    helped = client.get(f"{url}?show=need_help").text
    assert helped.split("<tbody>")[1].count("<tr>") == 10
    assert "Paged 00" not in helped
