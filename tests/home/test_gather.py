"""A section's lines (lms.homepage.gather): the union is made once an app, and each visit's
values, the constants it was built with and the moments and days it reads back come out as
they would from SQLAlchemy, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select

from lms.accounts.models import User
from lms.homepage import Lines, Pending, Section, gather, line, made

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


def _counted_lines() -> list[Any]:
    # Its kind named as a line of _people_lines is: the sections' rows are told apart by
    # section, not by kind.
    return [line("named", number=select(func.count()).select_from(User).scalar_subquery())]


def _section(key: str, lines: Lines) -> list[Section]:
    found = [row.title for row in lines.of("person")]
    return [Section(key, 1, key, "none.html", {"found": found, "named": lines.number("named")})]


def test_pending_sections_are_read_in_one_query_each_with_its_own_values(
        db, make_user, count_queries):
    ana, budi = (make_user(email) for email in EMAILS)
    since = ana.created_at - dt.timedelta(days=1)
    day = dt.date(2026, 12, 4)

    def pending(key: str, user_id: int, prefix: str) -> Pending:
        return Pending(_people_lines, {"user_id": user_id, "since": since, "day": day,
                                       "prefix": prefix}, lambda lines: _section(key, lines))

    items = [pending("ana", ana.id, "ana"), Section("made", 2, "Made", "none.html"),
             Pending(_counted_lines, {}, lambda lines: _section("all", lines)),
             pending("budi", budi.id, "budi")]
    with count_queries() as counter:
        found = {section.key: section for section in made(db, items)}
    assert counter.count == 1
    assert set(found) == {"ana", "made", "all", "budi"}
    # The same value names bound to each section's own values, and no section's rows in another.
    assert found["ana"].context == {"found": ["ana@example.org"], "named": 2}
    assert found["budi"].context == {"found": ["budi@example.org"], "named": 2}
    assert found["all"].context == {"found": [], "named": 2}
    # Asked again in another order with other values, each is read anew.
    with count_queries() as counter:
        again = made(db, [pending("budi", budi.id, "ana"), pending("ana", ana.id, "ana")])
    assert counter.count == 1
    assert [section.context["found"] for section in again] == [[], ["ana@example.org"]]


def _created_after_untyped() -> Any:
    from sqlalchemy import bindparam, literal_column

    # The parameter is compared with an untyped SQL expression, so the statement gives it
    # no type of its own.
    return select(User.email).where(literal_column("lms_users.created_at") >= bindparam("since"))


def test_a_moment_bound_to_an_untyped_parameter_compares_as_stored(app, db, make_user):
    from lms.prepared import prebuilt_rows

    ana = make_user("ana@example.org")
    # An aware moment just before hers, in another zone: as the driver writes it by itself
    # ("…+09:00"), SQLite would compare the text, not the moment.
    before = (ana.created_at - dt.timedelta(seconds=1)).astimezone(
        dt.timezone(dt.timedelta(hours=9)))
    after = ana.created_at + dt.timedelta(hours=1)
    with app.test_request_context():
        assert ["ana@example.org"] in prebuilt_rows(db, _created_after_untyped, since=before)
        assert ["ana@example.org"] not in prebuilt_rows(db, _created_after_untyped,
                                                         since=after)


def _twice_lines(prefix: Any) -> list[Any]:
    # The same value in two lines: a positional driver takes it once for each place.
    return [line("first", title=User.email).where(User.email.startswith(prefix)),
            line("again", number=select(func.count()).where(User.email.startswith(prefix))
                 .scalar_subquery())]


def test_a_value_bound_in_several_places_takes_each_visits_value_in_each(db, make_user):
    for email in EMAILS:
        make_user(email)
    for prefix, email in (("ana", "ana@example.org"), ("budi", "budi@example.org")):
        lines = gather(db, _twice_lines, prefix=prefix)
        assert [row.title for row in lines.of("first")] == [email]
        assert lines.number("again") == 1
    assert gather(db, _twice_lines, prefix="nobody").number("again") == 0
