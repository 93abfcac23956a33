from __future__ import annotations

import pytest
from sqlalchemy import select

from lms.concerns import services
from lms.concerns.models import Concern, ConcernCategory, ConcernStatus
from tests.concerns.conftest import raise_one
from tests.conftest import PAGE_QUERIES, login, outbox, post

NOBODY_ELSE = ["mentor@example.org", "staff@example.org", "admin@example.org",
               "siriporn@example.org", "member@example.org"]


def test_a_trainee_finds_the_form_on_her_home_raises_a_concern_and_sees_its_status(
        app, client, db, people):
    login(client, "amihan@example.org")
    home = client.get("/").get_data(as_text=True)
    assert "/concerns/new" in home
    page = client.get("/concerns/new").get_data(as_text=True)
    assert "Your mentor, your facility supervisor and other staff do not see it" in page
    response = post(client, "/concerns/new", {
        "category": "harassment", "place": "placement",
        "description": "The night-shift leader shouts at me."})
    assert response.status_code == 302 and response.location.endswith("/concerns/mine")
    mine = client.get("/concerns/mine").get_data(as_text=True)
    assert "Harassment" in mine and "Received, not yet taken up" in mine
    assert "The night-shift leader shouts at me." in mine
    concern = db.scalars(select(Concern)).one()
    assert concern.place.value == "placement"

    services.change_status(db, people["handler"], concern, ConcernStatus.IN_PROGRESS)
    services.add_note(db, people["handler"], concern, "Spoke to the facility director.")
    db.commit()
    mine = client.get("/concerns/mine").get_data(as_text=True)
    assert "Being handled" in mine
    assert "facility director" not in mine  # the notes are the handlers' own


def test_where_it_happened_may_be_left_out(client, db, people):
    login(client, "amihan@example.org")
    response = post(client, "/concerns/new", {"category": "health",
                                              "description": "I cannot sleep."})
    assert response.status_code == 302
    assert db.scalars(select(Concern)).one().place is None


def test_a_concern_without_a_description_is_refused_beside_the_field(client, db, people):
    login(client, "amihan@example.org")
    response = post(client, "/concerns/new", {"category": "money", "description": ""})
    assert response.status_code == 200
    assert db.scalars(select(Concern)).all() == []


def test_the_handler_sees_the_count_reads_the_case_notes_and_closes_it(app, client, db, people):
    concern = raise_one(db, people["trainee"])
    login(client, "handler@example.org")
    home = client.get("/").get_data(as_text=True)
    assert "1 concern is waiting to be taken up" in home
    listing = client.get("/concerns").get_data(as_text=True)
    assert "Money" in listing and "Amihan Reyes" in listing
    case = client.get(f"/concerns/{concern.id}").get_data(as_text=True)
    assert "passport" in case
    assert post(client, f"/concerns/{concern.id}/notes",
                {"text": "Called her; meeting on Friday."}).status_code == 302
    assert post(client, f"/concerns/{concern.id}/status",
                {"status": "closed"}).status_code == 302
    case = client.get(f"/concerns/{concern.id}").get_data(as_text=True)
    assert "Called her; meeting on Friday." in case and "Handa Yuki" in case
    assert "No concern is open." in client.get("/").get_data(as_text=True)
    assert "Money" not in client.get("/concerns").get_data(as_text=True)
    assert "Money" in client.get("/concerns?status=closed").get_data(as_text=True)
    told = [mail for mail in outbox(app) if mail.to_address == "amihan@example.org"]
    assert len(told) == 1 and "passport" not in told[0].body


@pytest.mark.parametrize("email", NOBODY_ELSE)
def test_nothing_of_a_concern_reaches_anyone_but_the_reporter_and_the_handler(
        app, client, db, people, email):
    concern = raise_one(db, people["trainee"])
    login(client, email)
    for path in (f"/concerns/{concern.id}", "/concerns"):
        assert client.get(path).status_code == 404, path
    for path, data in ((f"/concerns/{concern.id}/status", {"status": "closed"}),
                       (f"/concerns/{concern.id}/notes", {"text": "Seen."})):
        assert post(client, path, data).status_code == 404, path
    for page in ("/", "/concerns/mine", "/messages", "/notifications"):
        shown = client.get(page).get_data(as_text=True)
        assert "passport" not in shown and "Confidential concerns" not in shown, page
    assert db.get(Concern, concern.id).status == ConcernStatus.OPEN


def test_the_mentor_of_the_reporter_is_not_told(app, db, people):
    raise_one(db, people["trainee"])
    assert [mail.to_address for mail in outbox(app)] == ["handler@example.org"]


def test_the_admin_names_and_removes_handlers_others_are_turned_away(app, client, db, people):
    login(client, "staff@example.org")
    assert client.get("/concerns/handlers").status_code == 403
    assert "/concerns/handlers" not in client.get("/people").get_data(as_text=True)
    client = app.test_client()
    login(client, "admin@example.org")
    assert "/concerns/handlers" in client.get("/people").get_data(as_text=True)
    page = client.get("/concerns/handlers").get_data(as_text=True)
    assert "Handa Yuki" in page and "Staff Member" in page
    assert post(client, "/concerns/handlers",
                {"user": str(people["staff"].id)}).status_code == 302
    assert post(client, f"/concerns/handlers/{people['handler'].id}/remove").status_code == 302
    concern = raise_one(db, people["trainee"])
    staff_client = app.test_client()
    login(staff_client, "staff@example.org")
    assert staff_client.get(f"/concerns/{concern.id}").status_code == 200
    handler_client = app.test_client()
    login(handler_client, "handler@example.org")
    assert handler_client.get(f"/concerns/{concern.id}").status_code == 404


def test_the_case_list_costs_the_same_queries_however_many_cases(
        app, client, db, people, count_queries):
    raise_one(db, people["trainee"])
    login(client, "handler@example.org")
    client.get("/concerns")
    with count_queries() as few:
        assert client.get("/concerns?status=all").status_code == 200
    for number in range(12):
        raise_one(db, people["classmate" if number % 2 else "trainee"],
                  category=ConcernCategory.SAFETY)
    with count_queries() as many:
        assert client.get("/concerns?status=all").status_code == 200
    assert many.count == few.count <= PAGE_QUERIES


def test_the_reporters_list_costs_the_same_queries_however_many_concerns(
        client, db, people, count_queries):
    raise_one(db, people["trainee"])
    login(client, "amihan@example.org")
    client.get("/concerns/mine")
    with count_queries() as few:
        client.get("/concerns/mine")
    for _number in range(8):
        concern = raise_one(db, people["trainee"])
        services.change_status(db, people["handler"], concern, ConcernStatus.CLOSED)
        db.commit()
    with count_queries() as many:
        client.get("/concerns/mine")
    assert many.count == few.count <= PAGE_QUERIES


def test_her_data_export_holds_her_concerns_and_their_statuses_but_no_note(client, db, people):
    concern = raise_one(db, people["trainee"])
    raise_one(db, people["classmate"], description="Someone else's problem.")
    services.add_note(db, people["handler"], concern, "Spoke to the host family.")
    services.change_status(db, people["handler"], concern, ConcernStatus.IN_PROGRESS)
    db.commit()
    login(client, "amihan@example.org")
    export = client.get("/settings/data.json").get_data(as_text=True)
    assert "passport" in export and '"in_progress"' in export
    assert "host family." not in export and "Someone else" not in export
    assert "Handa" not in export


def test_the_handlers_home_counts_as_the_case_list_does(app, client, db, people):
    from lms.concerns import home_sections, queries

    cases = [raise_one(db, people["trainee"]) for _ in range(4)]
    handler = people["handler"]
    services.change_status(db, handler, cases[0], ConcernStatus.IN_PROGRESS)
    services.change_status(db, handler, cases[1], ConcernStatus.CLOSED)
    db.commit()
    with app.test_request_context():
        assert home_sections.handler_counts(db) == queries.counts(db) == queries.Counts(2, 1)
    login(client, "handler@example.org")
    home = client.get("/").get_data(as_text=True)
    assert "2 concerns are waiting to be taken up; 1 is being handled." in home
