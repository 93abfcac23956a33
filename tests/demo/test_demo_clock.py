"""Nothing in the demo happened after the demo's now: every column that records when
something was done (handed in, graded, decided, sent...) is at or before the clock the demo
was seeded at (issue 17, item 16: a submission was dated after "now")."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from sqlalchemy import func, select

import lms.models  # noqa: F401 - every table in the metadata
from lms.db import Base
from tests.demo.conftest import demo
from tests.demo.test_seminars_demo import config_overrides  # noqa: F401

#: The day the late hand-in was seen dated tomorrow: a deadline had passed the day before.
SEEN_ON = dt.datetime(2026, 12, 4, 3, 0, tzinfo=dt.UTC)

#: Columns that say when something was done; deadlines, opening times and the like may lie
#: ahead.
HAPPENED = {"created_at", "updated_at", "saved_at", "submitted_at", "graded_at", "decided_at",
            "registered_at", "cancelled_at", "withdrawn_at", "replied_at", "enrolled_at",
            "issued_at", "sent_at", "read_at", "done_at", "found_eligible_at", "opened_at",
            "revoked_at", "approved_at", "published_at", "granted_at", "answered_at"}


@pytest.fixture
def seeded_on_the_day(app, db, snapshots):
    with time_machine.travel(SEEN_ON, tick=False):
        snapshots.seed_once("demo on 2026-12-04", app, lambda: demo(app))
        yield


def test_nothing_in_the_demo_happened_after_its_now(db, seeded_on_the_day):
    future = {}
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            if column.name not in HAPPENED:
                continue
            latest = db.scalar(select(func.max(column)))
            if latest is not None and latest > SEEN_ON:
                future[f"{table.name}.{column.name}"] = latest
    assert not future, future
