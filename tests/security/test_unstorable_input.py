"""Characters no database can store (NUL, lone surrogates) are refused with a 400 page in one
place for every request, never a 500 from the database. Meaningful on PostgreSQL, whose text
cannot hold NUL; the suite runs there in CI."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from sqlalchemy import func, select

from lms.accounts.models import Role, User
from lms.assignments.models import Submission
from lms.errors import UnstorableText
from lms.inputs import refuse_unstorable_text
from tests import factories
from tests.conftest import csrf_token, login

# The cohort starts 14 March 2019; the visit note's module opens on day 30.
DURING_CARE = dt.datetime(2019, 4, 15, 3, 0, tzinfo=dt.UTC)
REFUSED = "contains a character that cannot be stored"


@pytest.fixture
def work_url(app, db, tmp_path):
    with time_machine.travel(DURING_CARE, tick=False):
        cohort = factories.cohort(db, factories.synced_course(db, tmp_path))
        factories.enroll(db, cohort, "amihan@example.org", name="Amihan Reyes")
        db.commit()
    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production: a failure would be a 500
    return f"/cohorts/{cohort.id}/work/visit-note"


def _submissions(db) -> int:
    return db.scalar(select(func.count()).select_from(Submission))


def test_a_form_post_with_a_nul_is_refused_and_stores_nothing(client, db, work_url):
    with time_machine.travel(DURING_CARE, tick=False):
        assert login(client, "amihan@example.org").status_code == 302
        response = client.post(work_url, data={"csrf_token": csrf_token(client, work_url),
                                               "attempt": "1", "action": "save",
                                               "text": "pasted\x00text"})
    assert response.status_code == 400
    assert REFUSED in response.get_data(as_text=True)
    assert _submissions(db) == 0


def test_an_autosave_with_a_nul_is_refused_and_stores_nothing(client, db, work_url):
    with time_machine.travel(DURING_CARE, tick=False):
        assert login(client, "amihan@example.org").status_code == 302
        token = csrf_token(client, work_url)
        refused = client.post(work_url + "/autosave", data={"csrf_token": token,
                                                            "attempt": "1", "text": "a\x00b"})
        assert refused.status_code == 400 and _submissions(db) == 0
        saved = client.post(work_url + "/autosave", data={"csrf_token": token, "attempt": "1",
                                                          "text": "clean"})
        assert saved.status_code == 200 and _submissions(db) == 1


def test_a_search_with_a_nul_is_refused(app, client, logged_in):
    app.config["PROPAGATE_EXCEPTIONS"] = False
    logged_in(Role.STAFF)
    response = client.get("/people?q=a%00b")
    assert response.status_code == 400 and REFUSED in response.get_data(as_text=True)


def test_a_sign_in_with_a_nul_is_refused(app, client, db, make_user):
    app.config["PROPAGATE_EXCEPTIONS"] = False
    make_user(email="rosa@example.org")
    response = client.post("/login", data={"csrf_token": csrf_token(client),
                                           "email": "rosa@example.org\x00", "password": "x"})
    assert response.status_code == 400
    assert db.scalar(select(func.count()).select_from(User)) == 1


@pytest.mark.parametrize("document", [
    {"text": "a\x00b"},
    {"nested": [{"deeper": ["\ud800"]}]},
    {"key\x00": "value"},
])
def test_json_bodies_are_checked_all_the_way_down(app, document):
    with (app.test_request_context("/", method="POST", json=document),
          pytest.raises(UnstorableText)):
        refuse_unstorable_text()


def test_ordinary_text_passes(app):
    document = {"text": "改行\nとタブ\tと絵文字 🌸", "list": ["ok", 1, None]}
    with app.test_request_context("/?q=日本", method="POST", json=document):
        refuse_unstorable_text()
