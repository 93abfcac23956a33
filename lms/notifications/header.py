"""What every page shows of the signed-in person's notifications: how many are unread."""

from __future__ import annotations

from typing import Any

from flask import g

from lms.db import session
from lms.notifications import queries
from lms.notifications.forms import ChoicesForm, always_mailed_kinds
from lms.security import current_lms_user


def unread() -> int | None:
    """The count for the header, asked once per request and only when a page shows it (mail
    rendered from the same templates' helpers never asks)."""
    user = current_lms_user()
    if user is None:
        return None
    if "lms_unread_notifications" not in g:
        g.lms_unread_notifications = queries.unread_count(session, user)
    count: int = g.lms_unread_notifications
    return count


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
