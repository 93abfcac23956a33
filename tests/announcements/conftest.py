"""Announcements are tried in the route matrix's world (tests/route_matrix_world.py), where
every kind of audience has members among the people who sign in, and others outside it."""

from __future__ import annotations

import io
from typing import Any

import pytest
import time_machine
from flask import Flask

from lms.accounts.models import User
from lms.announcements import services
from lms.announcements.models import Announcement, Audience
from tests import factories
from tests.admissions.conftest import PDF
from tests.route_matrix_world import ACTOR_EMAILS, NOW, build

PEOPLE = [person for person, email in ACTOR_EMAILS.items() if email is not None]


@pytest.fixture
def world(app: Flask, db: Any, snapshots: Any, tmp_path: Any) -> Any:
    app.config["LMS_UPLOAD_DIR"] = str(tmp_path / "uploads")
    with time_machine.travel(NOW, tick=False):
        yield snapshots.seed_once("route-matrix", app, lambda: build(db))


def person(db: Any, key: str) -> User:
    return db.query(User).filter_by(email=ACTOR_EMAILS[key]).one()


def announce(db: Any, audience: Audience, *, title: str = "Typhoon: classes move online",
             attach: bool = False, **target: Any) -> Announcement:
    upload = services.Upload(io.BytesIO(PDF), "plan.pdf") if attach else None
    return services.create(db, factories.staff(db), services.AnnouncementInput(
        title=title, body="Stay **safe**. <script>alert(1)</script>", audience=audience,
        **target), upload)
