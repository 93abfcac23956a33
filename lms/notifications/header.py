"""What every page shows of the signed-in person's notifications: how many are unread."""

from __future__ import annotations

from typing import Any

from flask import Blueprint
from sqlalchemy import ScalarSelect

from lms import facts
from lms.db import session
from lms.notifications import queries
from lms.notifications.forms import ChoicesForm, always_mailed_kinds
from lms.security import current_lms_user

#: The fact (lms.facts) of how many notifications the person has not read.
UNREAD = "unread_notifications"


def _unread_of(asked: facts.Asked) -> ScalarSelect[int]:
    return queries.unread_count_of(asked.user_id)


def register_facts(blueprint: Blueprint) -> None:
    facts.register(blueprint, UNREAD, _unread_of)


def unread() -> int | None:
    """The count for the header, asked with the person's other facts, once a request (mail
    rendered from the same templates' helpers never asks)."""
    user = current_lms_user()
    if user is None:
        return None
    return facts.number(session, user, UNREAD)


def choices_form() -> ChoicesForm:
    """The settings page's part about notifications, filled with the person's choices."""
    form = ChoicesForm()
    user = current_lms_user()
    if user is not None:
        form.show(queries.choices_for(session, user))
    return form


def template_helpers() -> dict[str, Any]:
    return {"unread_notifications": unread, "notification_choices_form": choices_form,
            "always_mailed_kinds": always_mailed_kinds}
