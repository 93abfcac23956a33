"""The one source of the current time, so that every deadline check reads the same clock."""

import datetime as dt


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
