"""When a grant round or an admissions call takes applications, as staff set it on its form: a
time zone, and an opening and a closing day and time in that zone. The forms name the fields
``timezone``, ``opens_on``, ``opens_time``, ``closes_on`` and ``closes_time``; the services
name the two moments ``opens_at`` and ``closes_at``."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from lms.errors import ServiceError
from lms.forms import commit_or_show_error, note_if_repeated

#: A refusal about one of the service's moments stands beside the form's day field.
WINDOW_FIELDS = {"opens_at": "opens_on", "closes_at": "closes_on"}


class Window(Protocol):
    timezone: str
    opens_at: dt.datetime
    closes_at: dt.datetime

    @property
    def zone(self) -> zoneinfo.ZoneInfo: ...


W = TypeVar("W", bound=Window)


def typed_window(form: Any) -> tuple[dt.datetime, dt.datetime]:
    """The opening and closing times typed, naive in the zone chosen on the form. The closing
    time is taken until the end of its minute, as "closes at 17:00" is read."""
    return (dt.datetime.combine(form.opens_on.data, form.opens_time.data),
            dt.datetime.combine(form.closes_on.data, form.closes_time.data.replace(second=59)))


def fill_window(form: Any, window: Window | None) -> None:
    """Show a round's or call's times in its own zone; a new one opens at midnight and closes
    a minute before the next, in Tokyo."""
    if window is None:
        form.timezone.data = "Asia/Tokyo"
        form.opens_time.data = dt.time(0, 0)
        form.closes_time.data = dt.time(23, 59)
        return
    opens = window.opens_at.astimezone(window.zone)
    closes = window.closes_at.astimezone(window.zone)
    form.timezone.data = window.timezone
    form.opens_on.data, form.opens_time.data = opens.date(), opens.time().replace(second=0)
    form.closes_on.data, form.closes_time.data = closes.date(), closes.time().replace(second=0)


def save_window(form: Any, save: Callable[[], W], *, done: str) -> W | None:
    """Commit the round or call ``save`` creates or changes, say ``done``, and say which moment
    was taken for a typed time the clocks pass twice; None when a rule refused it."""

    def saved_with_day_fields() -> W:
        try:
            return save()
        except ServiceError as error:
            error.field = WINDOW_FIELDS.get(error.field or "", error.field)
            raise

    saved = commit_or_show_error(form, saved_with_day_fields, done=done)
    if saved.result is None:
        return None
    for local in typed_window(form):
        note_if_repeated(local, saved.result.zone)
    return saved.result
