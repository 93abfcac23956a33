"""What the signed-in person is in the program (mentors now, is an alumna, trains now, has an
application in play, ...), asked of the database once a request in one query.

Each domain registers the facts it knows as conditions on its blueprint; the navigation, the
rights that follow a role and the home page's sections all read the one answer, so a home
section for a role the person does not hold costs no query, and every page asks one question
where it used to ask one per role."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, current_app, g
from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.accounts.models import User

_BUILDERS_KEY = "lms_person_facts"

#: Given a user, a condition true when the fact holds for them (usually an EXISTS).
FactBuilder = Callable[[User], Any]


def register(blueprint: Blueprint, name: str, builder: FactBuilder) -> None:
    def record(state: Any) -> None:
        state.app.extensions.setdefault(_BUILDERS_KEY, {})[name] = builder

    blueprint.record_once(record)


def facts_of(db_session: Session, user: User) -> dict[str, bool]:
    """Every registered fact about ``user``, in one query, once a request."""
    cache: dict[int, dict[str, bool]] = g.setdefault("lms_person_facts", {})
    if user.id not in cache:
        builders: dict[str, FactBuilder] = current_app.extensions.get(_BUILDERS_KEY, {})
        if not builders:
            cache[user.id] = {}
        else:
            names = sorted(builders)
            row = db_session.execute(select(*[
                # Labels stay short and fixed: a fact's name is not an SQL identifier.
                builders[name](user).label(f"fact_{index}")
                for index, name in enumerate(names)])).one()
            cache[user.id] = {name: bool(value) for name, value in zip(names, row, strict=True)}
    return cache[user.id]


def holds(db_session: Session, user: User, name: str) -> bool:
    """Whether ``name`` holds for ``user``; False for a fact no domain of this app knows."""
    return facts_of(db_session, user).get(name, False)


def forget(user: User) -> None:
    """Ask again in this request: for a request that has just changed what the person is."""
    g.get("lms_person_facts", {}).pop(user.id, None)
