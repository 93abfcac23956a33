"""A person's own data to take away, as JSON. Each domain contributes what it keeps about
the person (its blueprint registers a part); this module only puts the parts together.

A part holds what the person wrote or was told (their texts, states, dates, grades and the
feedback on them) and never anything of another person: not who graded, reviewed or decided,
not an applicant's name under a review. Each provider reads a fixed number of queries,
however much the person did."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

from flask import Blueprint, current_app
from sqlalchemy.orm import Session

from lms.accounts.models import User
from lms.clock import utcnow

_PARTS_KEY = "lms_personal_data"

#: What the export says it is, so a reader can tell later versions apart.
FORMAT = "kakehashi-personal-data/1"

#: Given the database session and the person, one domain's parts: names to JSON values
#: (dicts, lists, strings, numbers; datetimes as ISO 8601 strings). No files, only their names.
PartProvider = Callable[[Session, User], dict[str, Any]]


def register(blueprint: Blueprint, provider: PartProvider) -> None:
    blueprint.record_once(
        lambda state: state.app.extensions.setdefault(_PARTS_KEY, []).append(provider))


def collect(db_session: Session, user: User) -> dict[str, Any]:
    parts: dict[str, Any] = {}
    for provider in current_app.extensions.get(_PARTS_KEY, []):
        for name, value in provider(db_session, user).items():
            if name in parts:
                raise RuntimeError(f"two domains export a part named {name!r}")
            parts[name] = value
    return parts


def iso(moment: dt.date | None) -> str | None:
    """A date or an (aware, UTC) datetime as ISO 8601, for a part's values."""
    return None if moment is None else moment.isoformat()


def export(db_session: Session, user: User) -> str:
    """Every part about ``user``, with when it was made, as a JSON document."""
    document = {"format": FORMAT, "exported_at": iso(utcnow()),
                **dict(sorted(collect(db_session, user).items()))}
    return json.dumps(document, ensure_ascii=False, indent=2, default=_refuse)


def _refuse(value: Any) -> Any:
    # A provider that hands over a datetime or a model by mistake should fail its tests, not
    # write something a reader has to guess at.
    raise TypeError(f"a personal data part holds {type(value).__name__}, not a JSON value")
