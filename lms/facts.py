"""What the signed-in person is in the program (mentors now, is an alumna, trains now, has an
application in play, ...) and what every page shows of them (unread notifications), asked of
the database once a request, in the query that loads the signed-in user (accounts.sessions).

Each domain registers the facts it knows as conditions on its blueprint; the navigation, the
rights that follow a role and the home page's sections all read the one answer, so a home
section for a role the person does not hold costs no query, and every page asks one question
where it used to ask one per role.

The question is built once for the app and asked again with each request's person and time:
building it (a dozen subqueries) cost more than asking it. So a builder reads the person and
the time only through the :class:`Asked` it is given, as SQL parameters, never from Python."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable
from typing import Any

from flask import Blueprint, current_app, g
from sqlalchemy import ColumnElement, Dialect, Label, bindparam, literal, literal_column, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import visitors
from sqlalchemy.sql.elements import BindParameter

from lms.accounts.models import User
from lms.clock import utcnow

_BUILDERS_KEY = "lms_person_facts"
_STATEMENT_KEY = "lms_person_facts_statement"


class Asked:
    """Whom the facts are about and when, as SQL expressions whose values each asking binds."""

    def __init__(self, user_id: ColumnElement[int]) -> None:
        #: The person's id: a parameter, or an expression an enclosing query supplies.
        self.user_id = user_id
        self.now: ColumnElement[dt.datetime] = bindparam("lms_fact_now")
        self._day_offsets: set[int] = set()

    def day(self, offset: int = 0) -> ColumnElement[dt.date]:
        """The UTC calendar day ``offset`` days from now."""
        self._day_offsets.add(offset)
        return bindparam(_day_key(offset))

    def values(self, now: dt.datetime) -> dict[str, Any]:
        """The parameters' values for asking at ``now``."""
        days = {_day_key(offset): (now + dt.timedelta(days=offset)).date()
                for offset in self._day_offsets}
        return {"lms_fact_now": now, **days}


def _day_key(offset: int) -> str:
    return f"lms_fact_day_{'before' if offset < 0 else 'after'}_{abs(offset)}"


#: Given whom and when it is asked, a condition true when the fact holds (usually an EXISTS),
#: or a number (a scalar subquery counting).
FactBuilder = Callable[[Asked], Any]


def register(blueprint: Blueprint, name: str, builder: FactBuilder) -> None:
    def record(state: Any) -> None:
        state.app.extensions.setdefault(_BUILDERS_KEY, {})[name] = builder

    blueprint.record_once(record)


def names() -> list[str]:
    """The facts this app knows, in the order :func:`columns` gives them."""
    return sorted(current_app.extensions.get(_BUILDERS_KEY, {}))


def columns(asked: Asked) -> list[Label[Any]]:
    """Every registered fact about ``asked``'s person, for a query that selects them beside
    its own columns (the signed-in user's)."""
    builders: dict[str, FactBuilder] = current_app.extensions.get(_BUILDERS_KEY, {})
    dialect = current_app.extensions["lms"].engine.dialect
    # Labels stay short and fixed: a fact's name is not an SQL identifier.
    return [_constants_written_in(builders[name](asked), dialect).label(f"fact_{index}")
            for index, name in enumerate(names())]


def _constants_written_in(condition: Any, dialect: Dialect) -> Any:
    """``condition`` with the constants its builder compared with (a status, a kind, a list
    of them) written into the SQL rather than bound at each asking: every request asks, and
    binding four dozen values and rewriting the text for each ``IN`` list cost SQLAlchemy
    several times what the database takes to answer. Only the person and the time (the
    :class:`Asked` parameters, which have no value until asked) stay parameters."""

    def written(element: Any) -> Any:
        if (not isinstance(element, BindParameter) or element.required
                or element.callable is not None):
            return None
        values = element.value if element.expanding else [element.value]
        if not values or not all(isinstance(value, (str, int, enum.Enum)) for value in values):
            return None  # an empty list, or something computed: left to SQLAlchemy to bind
        sql = ", ".join(str(literal(value, element.type).compile(
            dialect=dialect, compile_kwargs={"literal_binds": True})) for value in values)
        return literal_column(f"({sql})" if element.expanding else sql, element.type)

    return visitors.replacement_traverse(condition, {}, written)


def remember(user: User, values: Any) -> None:
    """Keep for this request the facts a query gave in :func:`columns`' order."""
    g.setdefault("lms_person_facts", {})[user.id] = dict(zip(names(), values, strict=True))


def _statement() -> tuple[Any, Asked]:
    """The app's one question, built on first use and kept (its compiled form is cached)."""
    built = current_app.extensions.get(_STATEMENT_KEY)
    if built is None:
        asked = Asked(bindparam("lms_fact_user_id"))
        built = current_app.extensions[_STATEMENT_KEY] = (select(*columns(asked)), asked)
    return built


def facts_of(db_session: Session, user: User) -> dict[str, Any]:
    """Every registered fact about ``user``, in one query, once a request (none when the
    query that loaded the signed-in user brought them)."""
    cache: dict[int, dict[str, Any]] = g.setdefault("lms_person_facts", {})
    if user.id not in cache:
        if not names():
            cache[user.id] = {}
        else:
            statement, asked = _statement()
            row = db_session.execute(
                statement, {"lms_fact_user_id": user.id, **asked.values(utcnow())}).one()
            remember(user, row)
    return cache[user.id]


def holds(db_session: Session, user: User, name: str) -> bool:
    """Whether ``name`` holds for ``user``; False for a fact no domain of this app knows."""
    return bool(facts_of(db_session, user).get(name, False))


def number(db_session: Session, user: User, name: str) -> int:
    """The count ``name`` for ``user``; 0 for one no domain of this app knows."""
    return int(facts_of(db_session, user).get(name) or 0)


def forget(user: User) -> None:
    """Ask again in this request: for a request that has just changed what the person is."""
    g.get("lms_person_facts", {}).pop(user.id, None)
