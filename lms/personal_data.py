"""A person's own data to take away, as JSON. Each domain contributes what it keeps about
the person (its blueprint registers a part); this module only puts the parts together."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, current_app
from sqlalchemy.orm import Session

from lms.accounts.models import User

_PARTS_KEY = "lms_personal_data"

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
