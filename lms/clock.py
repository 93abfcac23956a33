"""The one source of the current time, so that every deadline check reads the same clock;
and the one way a local time a person typed becomes a moment in UTC."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from lms.errors import ServiceError
from lms.i18n import _l


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class LocalMoment:
    """A typed local time as a UTC moment. ``repeated`` says the clocks went back over it, so
    it happened twice; the first (fold=0, still on the earlier offset) was taken."""

    utc: dt.datetime
    repeated: bool


def local_to_utc(local: dt.datetime, zone: zoneinfo.ZoneInfo,
                 field: str | None = None) -> LocalMoment:
    """The moment a wall-clock time ``local`` (naive) names in ``zone``.

    A time in a spring-forward gap never happens there; zoneinfo would quietly move it by the
    gap's length, so it is refused with a message naming the zone (beside ``field``). A time
    that happens twice is taken as the first, and the caller tells the person so."""
    if local.tzinfo is not None:
        raise ValueError("local_to_utc takes a naive wall-clock time")
    first = local.replace(tzinfo=zone, fold=0)
    second = local.replace(tzinfo=zone, fold=1)
    utc = first.astimezone(dt.UTC)
    if utc.astimezone(zone).replace(tzinfo=None) != local:
        raise ServiceError(_l("%(time)s does not exist in %(zone)s: the clocks go forward "
                              "over it. Choose a time outside the change.",
                              time=local.strftime("%Y-%m-%d %H:%M"), zone=zone.key),
                           field=field)
    return LocalMoment(utc=utc, repeated=first.utcoffset() != second.utcoffset())



def zone_named(name: str, field: str | None = "timezone") -> zoneinfo.ZoneInfo:
    """The time zone a person chose, refused beside ``field`` if no such zone is known."""
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ServiceError(_l("Choose a time zone from the list."), field=field) from None
