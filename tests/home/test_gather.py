"""A section's lines (lms.homepage.gather): the union is made once an app, and each visit's
values, the constants it was built with and the moments and days it reads back come out as
they would from SQLAlchemy, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select

from lms.accounts.models import User
from lms.homepage import gather, line

EMAILS = ("ana@example.org", "budi@example.org")


def _people_lines(user_id: Any, since: Any, day: Any, prefix: Any) -> list[Any]:
    named = User.email.in_(EMAILS)
    return [
        line("person", id=User.id, title=User.email, at=User.created_at, day=day)
        .where(User.id == user_id, User.created_at >= since, User.email.startswith(prefix)),
        line("named", number=select(func.count()).where(named).scalar_subquery()),
    ]


def test_each_visit_binds_its_own_values_to_the_union_made_once(db, make_user):
    ana, budi = (make_user(email) for email in EMAILS)
    make_user("carla@example.org")
    since = ana.created_at - dt.timedelta(days=1)
    day = dt.date(2026, 12, 4)

    first = gather(db, _people_lines, user_id=ana.id, since=since, day=day, prefix="ana")
    [person] = first.of("person")
    assert (person.id, person.title, person.day) == (ana.id, "ana@example.org", day)
    assert person.at == ana.created_at and person.at.tzinfo is not None
    # The constants it was built with (an IN list among them) hold at every visit.
    assert first.number("named") == 2

    second = gather(db, _people_lines, user_id=budi.id, since=since, day=day, prefix="budi")
    assert [row.title for row in second.of("person")] == ["budi@example.org"]
    assert second.number("named") == 2
    # A value that excludes her finds nothing: the values are bound, not kept from before.
    later = gather(db, _people_lines, user_id=budi.id, since=since + dt.timedelta(days=2),
                   day=day, prefix="budi")
    assert later.of("person") == []
