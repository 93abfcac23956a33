"""When a review is due, as the pages say it: a review is due by the end of its due day in the
round's or call's time zone, so it is overdue only once that day has ended there."""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from dataclasses import dataclass

from markupsafe import Markup

from lms.i18n import _, format_day
from lms.reviews.services import today_in


@dataclass(frozen=True)
class Due:
    #: None on an assignment made before due dates existed and never given one.
    day: dt.date | None
    #: The day it is in the round's or call's zone.
    today: dt.date

    @property
    def overdue(self) -> bool:
        return self.day is not None and self.day < self.today

    @property
    def is_today(self) -> bool:
        return self.day == self.today

    @functools.cached_property
    def words(self) -> Markup:
        """The due day in words, as every page says it (lms/reviews/_due.html): overdue and
        due today are said, never only coloured. Written here rather than by a macro, which
        cost more for each row of a long list than the rest of the row."""
        if self.day is None:
            return Markup.escape(_("no due date"))
        if self.overdue:
            return Markup("<strong>%s</strong>") % _("overdue: was due %(day)s",
                                                      day=format_day(self.day))
        if self.is_today:
            return Markup("<strong>%s</strong>") % _("due today")
        return Markup.escape(_("due %(day)s", day=format_day(self.day)))


def due(day: dt.date | None, zone_name: str | None) -> Due:
    try:
        zone = zoneinfo.ZoneInfo(zone_name) if zone_name else None
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = None  # the site's zone: a stored zone no longer known must not break a page
    return Due(day=day, today=today_in(zone))
