"""The facts about the signed-in person (lms.facts) are asked with the user's loading, their
constants written into the SQL: the answers are the ones the domains' conditions give."""

from __future__ import annotations

import pytest
from flask import current_app, g
from sqlalchemy import bindparam, select

from lms import facts
from lms.accounts import sessions
from lms.accounts.models import User
from lms.clock import utcnow
from tests.home.test_budget import add_data, people  # noqa: F401 - a fixture

pytestmark = pytest.mark.usefixtures("during_care")


def as_the_domains_wrote_them(db, user: User) -> dict[str, object]:
    """Each domain's condition as it built it, every value bound."""
    registered = current_app.extensions["lms_person_facts"]
    asked = facts.Asked(bindparam("user_id"))
    row = db.execute(select(*(registered[name](asked).label(f"fact_{index}")
                              for index, name in enumerate(facts.names()))),
                     {"user_id": user.id, **asked.values(utcnow())}).one()
    return dict(zip(facts.names(), row, strict=True))


def test_the_signed_in_query_answers_as_the_domains_conditions_do(db, year, people):  # noqa: F811
    add_data(db, year, people, 0, 2)
    held: set[str] = set()
    for user in db.scalars(select(User)).all():
        key = sessions.start_login_session(db, user, sessions.Client())
        db.commit()
        db.expunge_all()
        g.pop("lms_person_facts", None)
        loaded = sessions.load_user_for_session_key(key)
        found = facts.facts_of(db, loaded)
        assert found == as_the_domains_wrote_them(db, loaded), user.email
        held |= {name for name, value in found.items() if value}
    # The people hold facts between them, some of them asked with a list of statuses.
    assert {"mentor", "seminar_goer", "alumnus", "trainee", "unread_notifications"} <= held


def test_only_the_person_and_the_time_are_bound_when_asking(app, db):
    statement, _asked = sessions._signed_in_statement()
    compiled = statement.compile(dialect=db.get_bind().dialect)
    assert {name for name in compiled.params if not name.startswith("lms_fact_")} \
        == {"lms_key_hash"}
    assert "POSTCOMPILE" not in str(compiled)
