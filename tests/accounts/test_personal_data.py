"""The personal data export: each part holds the person's own data, nothing of anyone else,
as valid JSON with ISO 8601 dates, in a number of queries that does not grow with the data."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
import time_machine
from flask import Blueprint
from sqlalchemy import select

from lms import personal_data
from lms.accounts.models import Role, User
from tests.accounts import personal_data_world
from tests.conftest import login
from tests.route_matrix_world import ACTOR_EMAILS, NOW, build

EXPORT = "/settings/data.json"

#: The export's parts whose rows carry the person's own ids.
ID_PARTS = ("enrollments", "submissions", "admission_applications", "grant_applications",
            "follow_up_applications", "seminar_registrations", "delegation_memberships",
            "event_invitations",
            "alumni_reports", "reviews")

DATE_KEY = re.compile(r"(_at|_on|_by)$")


@pytest.fixture
def two_people(app, db, make_user):
    """Ratna and Anan, with data in every domain; each reviews an application of the other."""
    ratna = make_user(email="ratna@example.org", display_name="Ratna Dewi Kusuma")
    anan = make_user(email="anan@example.org", display_name="Anan Chaiyaporn")
    world = personal_data_world.shared(db)
    owned = {"ratna": personal_data_world.seed(db, world, ratna, "RATNA", reviews_for=anan),
             "anan": personal_data_world.seed(db, world, anan, "ANAN", reviews_for=ratna)}
    db.commit()
    return ratna, anan, world, owned


def _export(client) -> dict[str, Any]:
    response = client.get(EXPORT)
    assert response.status_code == 200
    return json.loads(response.get_data(as_text=True))


def test_strangers_are_sent_to_sign_in(client):
    response = client.get(EXPORT)
    assert response.status_code == 302 and response.location.startswith("/login")


def test_the_settings_page_offers_the_download_and_says_what_is_in_it(client, logged_in):
    logged_in()
    page = client.get("/settings").get_data(as_text=True)
    assert f'href="{EXPORT}"' in page
    assert "Uploaded files are not in it" in page


def test_the_export_is_a_dated_json_attachment_no_cache_keeps(client, logged_in):
    logged_in(timezone="Asia/Tokyo")
    response = client.get(EXPORT)
    today = dt.datetime.now(dt.UTC).astimezone(dt.timezone(dt.timedelta(hours=9))).date()
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="kakehashi-my-data-{today.isoformat()}.json"')
    assert "no-store" in response.headers["Cache-Control"]
    document = json.loads(response.get_data(as_text=True))
    assert document["format"] == personal_data.FORMAT


def test_each_part_has_the_persons_data(client, two_people):
    ratna, _, _, owned = two_people
    login(client, ratna.email)
    document = _export(client)
    for part in ID_PARTS:
        assert [row["id"] for row in document[part]] == owned["ratna"].ids[part], part
    assert document["profile"]["email"] == "ratna@example.org"
    assert document["profile"]["display_name"] == "Ratna Dewi Kusuma"
    assert document["login_sessions"] and document["login_sessions"][0]["started_at"]
    assert [row["lesson"] for row in document["lesson_progress"]] == ["lesson"]
    [submission] = document["submissions"]
    assert submission["text"] == "RATNA essay text"
    assert [attachment["name"] for attachment in submission["attachments"]] == [
        "RATNA-essay.pdf"]
    assert submission["grade"]["feedback"] == "RATNA feedback"
    assert submission["grade"]["total"] == 8 and submission["grade"]["out_of"] == 10
    assert document["extensions"][0]["reason"] == "RATNA extension reason"
    [admission] = document["admission_applications"]
    assert [doc["name"] for doc in admission["documents"]] == ["RATNA-cv.pdf"]
    assert admission["interview"]["place"] == "RATNA interview room"
    assert admission["pre_arrival_steps"][0]["step"] == "arrival_date"
    [grant] = document["grant_applications"]
    assert grant["budget_lines"][0]["description"] == "RATNA budget line"
    assert grant["exchange_rate"] == "2.61"
    assert grant["decisions"][0]["message"] == "RATNA grant decision"
    assert grant["disbursements"][0]["reference"] == "RATNA transfer"
    assert grant["versions"][0]["content"] == {"title": "RATNA grant project"}
    assert grant["reports"][0]["narrative"] == "RATNA grant report narrative"
    assert grant["reports"][0]["attachments"][0]["name"] == "RATNA-receipts.pdf"
    assert document["follow_up_applications"][0]["motivation"] == "RATNA follow-up motivation"
    assert document["seminar_registrations"][0]["status"] == "registered"
    assert document["seminar_registrations"][0]["organization"] == (
        "RATNA registration organization")
    [membership] = document["delegation_memberships"]
    assert membership["delegation"] == "RATNA delegation"
    assert membership["role"] == "interpreter" and membership["direction"] == "outbound"
    assert membership["organization"] == "RATNA delegation organization"
    assert membership["arrival_transport"] == "RATNA flight"
    assert membership["lodging"] == "RATNA hotel"
    assert membership["arrives_at"] and membership["departs_at"]
    assert document["alumni_profile"]["bio"] == "RATNA bio"
    assert document["alumni_reports"][0]["pictures"][0]["alt_text"] == "RATNA picture"
    assert document["reviews"][0]["review"]["comments"] == "RATNA review comments"
    assert document["reviews"][0]["review"]["scores"] == {"fit": 4}


def test_nothing_of_another_person_is_in_it(client, two_people):
    ratna, _, _, owned = two_people
    login(client, ratna.email)
    text = client.get(EXPORT).get_data(as_text=True)
    document = json.loads(text)
    # Anan's texts, name and address: not even under the review Ratna wrote of his application.
    for trace in ("ANAN", "Anan", "anan@example.org"):
        assert trace not in text
    for part in ID_PARTS:
        assert not set(owned["anan"].ids[part]) & {row["id"] for row in document[part]}, part
    own_enrollments = set(owned["ratna"].ids["enrollments"])
    for part in ("lesson_progress", "submissions", "extensions"):
        assert {row["enrollment_id"] for row in document[part]} <= own_enrollments, part
    # Nor the nominator's: their name, address and statement are theirs.
    assert "nominator" not in text and "statement" not in text


def test_someone_with_no_data_gets_every_part_empty(client, logged_in):
    logged_in(Role.COMMITTEE_MEMBER)
    document = _export(client)
    for part in ID_PARTS:
        assert document[part] == [], part
    assert document["alumni_profile"] is None
    assert document["profile"]["roles"][0]["role"] == "committee_member"


def _dates(value: Any, key: str = "") -> list[tuple[str, str]]:
    if isinstance(value, dict):
        return [found for name, inner in value.items() for found in _dates(inner, name)]
    if isinstance(value, list):
        return [found for inner in value for found in _dates(inner, key)]
    return [(key, value)] if DATE_KEY.search(key) and value is not None else []


def test_dates_are_iso_8601_and_moments_carry_their_offset(client, two_people):
    ratna, *_ = two_people
    login(client, ratna.email)
    dates = _dates(_export(client))
    assert len(dates) > 30
    for key, value in dates:
        if key.endswith("_on"):
            dt.date.fromisoformat(value)
        else:
            assert dt.datetime.fromisoformat(value).utcoffset() == dt.timedelta(0), (key, value)


def test_queries_do_not_grow_with_the_data(app, client, db, two_people, count_queries):
    ratna, anan, _, _ = two_people
    login(client, ratna.email)
    with count_queries() as once:
        client.get(EXPORT)
    personal_data_world.seed(db, personal_data_world.shared(db), ratna, "RATNA2",
                             reviews_for=anan, with_profile=False)
    db.commit()
    with count_queries() as twice:
        document = _export(client)
    assert len(document["grant_applications"]) == len(document["submissions"]) == 2
    assert twice.count == once.count, twice.statements


def test_two_domains_cannot_export_one_part_name(app, db, make_user):
    user = make_user()
    first, second = Blueprint("first_part", __name__), Blueprint("second_part", __name__)
    personal_data.register(first, lambda db_session, person: {"thing": 1})
    personal_data.register(second, lambda db_session, person: {"thing": 2})
    app.register_blueprint(first)
    app.register_blueprint(second)
    with app.test_request_context(), pytest.raises(RuntimeError, match="thing"):
        personal_data.collect(db, db.merge(user))


def test_a_part_that_is_not_json_fails_loudly(app, db, make_user):
    user = make_user()
    late = Blueprint("late_part", __name__)
    personal_data.register(late, lambda db_session, person: {"when": dt.datetime.now(dt.UTC)})
    app.register_blueprint(late)
    with app.test_request_context(), pytest.raises(TypeError, match="datetime"):
        personal_data.export(db, db.merge(user))


def test_in_a_world_made_through_the_services_no_export_names_anyone_else(
        app, db, snapshots, tmp_path):
    """Every person of the route matrix's world (grades given, applications decided and
    reviewed, nominations answered, reports approved by others): their export names nobody
    but themselves."""
    app.config["LMS_UPLOAD_DIR"] = str(tmp_path / "uploads")
    with time_machine.travel(NOW, tick=False):
        snapshots.seed_once("route-matrix", app, lambda: build(db))
        people = db.scalars(select(User)).all()
        checked = set()
        for person in people:
            client = app.test_client()
            if login(client, person.email).status_code != 302:
                continue  # not confirmed yet, or no password: has no export to take
            checked.add(person.email)
            document = json.loads(client.get(EXPORT).get_data(as_text=True))
            assert document["profile"]["email"] == person.email
            # What was said to the person names whom it was about ("Submitted: ... by Amihan
            # Reyes", a mentor's answer): that is theirs to take. Everything else must not.
            said = {"notifications": document.pop("notifications"),
                    "messages": document.pop("messages")}
            assert said["notifications"] is not None and said["messages"] is not None
            text = json.dumps(document, ensure_ascii=False)
            others = [other for other in people if other.id != person.id]
            leaked = [other.email for other in others
                      if re.search(rf"(?<![\w.+-]){re.escape(other.email)}", text)]
            # One-word names ("Staff", "Mentor") are also ordinary words; full names are not.
            leaked += [other.display_name for other in others
                       if " " in other.display_name and other.display_name in text]
            assert not leaked, (person.email, leaked)
    assert {email for email in ACTOR_EMAILS.values() if email} <= checked
