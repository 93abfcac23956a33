"""The notifications pages, the header's unread count, and the choices on the settings
page."""

from __future__ import annotations

import datetime as dt
import re

from flask import url_for
from sqlalchemy import select

from lms import personal_data
from lms.accounts.models import User
from lms.clock import utcnow
from lms.notifications.models import Notification
from lms.notifications.queries import choices_for
from tests.conftest import post
from tests.notifications.conftest import add_notification


def _notify_many(app, user, count, start=0):
    from lms.db import session

    with app.app_context():
        owner = session.get(User, user.id)
        for number in range(start, start + count):
            add_notification(session, owner, f"Notice {number}",
                             created_at=utcnow() - dt.timedelta(minutes=1000 - number))
        session.commit()


def test_the_header_says_how_many_are_unread(app, client, logged_in):
    user = logged_in()
    _notify_many(app, user, 3)
    page = client.get("/").get_data(as_text=True)
    link = re.search(r'<a href="/notifications">(.*?)</a>', page, re.S).group(1)
    text = re.sub(r"<[^>]+>", "", link)
    assert " ".join(text.split()) == "Notifications 3 unread"


def test_the_header_counts_with_one_query_however_many(app, client, logged_in, count_queries):
    user = logged_in()
    _notify_many(app, user, 2)
    with count_queries() as few:
        client.get("/settings")
    _notify_many(app, user, 30, start=2)
    with count_queries() as many:
        client.get("/settings")
    assert many.count == few.count
    asked = [s for s in many.statements if "lms_notifications" in s]
    assert len(asked) == 1 and "count(" in asked[0].lower()


def test_the_list_keeps_within_12_queries_however_many(app, client, logged_in,
                                                      count_queries):
    user = logged_in()
    _notify_many(app, user, 3)
    with count_queries() as few:
        assert client.get("/notifications").status_code == 200
    _notify_many(app, user, 120, start=3)  # more than a page
    with count_queries() as many:
        assert client.get("/notifications").status_code == 200
    assert many.count == few.count <= 12


def test_no_header_count_for_visitors(client):
    assert "/notifications" not in client.get("/login").get_data(as_text=True)


def test_the_list_is_newest_first_with_unread_in_words_and_paginated(app, client, logged_in):
    app.config["LMS_PAGE_SIZE"] = 5
    user = logged_in()
    _notify_many(app, user, 7)
    first = client.get("/notifications").get_data(as_text=True)
    assert first.index("Notice 6") < first.index("Notice 5")
    assert "Notice 1" not in first and "Page 1 of 2" in first
    assert first.count('class="unread-mark">Unread<') == 5
    second = client.get("/notifications?page=2").get_data(as_text=True)
    assert "Notice 1" in second and "Notice 0" in second


def test_opening_one_marks_it_read_and_leads_to_its_object(app, client, logged_in, db):
    user = logged_in()
    notification = add_notification(db, db.get(User, user.id), link="http://localhost/work/1")
    db.commit()
    with app.test_request_context():
        opening = url_for("lms.notifications.open_one", notification_id=notification.id)
    assert f'<a href="{opening}">' in client.get("/notifications").get_data(as_text=True)
    response = client.get(opening)
    assert (response.status_code, response.location) == (302, "http://localhost/work/1")
    db.expire_all()
    assert db.get(Notification, notification.id).read_at is not None
    page = client.get("/notifications").get_data(as_text=True)
    assert "Unread<" not in page


def test_someone_elses_notification_is_not_found(app, client, logged_in, db, make_user):
    other = make_user()
    theirs = add_notification(db, db.get(User, other.id))
    db.commit()
    logged_in()
    assert client.get(f"/notifications/{theirs.id}").status_code == 404
    db.expire_all()
    assert db.get(Notification, theirs.id).read_at is None


def test_mark_all_read(app, client, logged_in, db):
    user = logged_in()
    _notify_many(app, user, 3)
    response = post(client, "/notifications/read", token_from="/notifications")
    assert response.status_code == 302
    assert db.scalars(select(Notification).where(Notification.read_at.is_(None))).all() == []
    page = client.get("/notifications").get_data(as_text=True)
    assert "All your notifications are marked read." in page and "Mark all read" not in page


def test_an_empty_list_says_so(client, logged_in):
    logged_in()
    assert "Nothing yet" in client.get("/notifications").get_data(as_text=True)


def test_the_settings_page_keeps_a_choice_per_kind(app, client, logged_in, db):
    user = logged_in()
    page = client.get("/settings").get_data(as_text=True)
    assert "Reminders of deadlines coming up" in page
    assert "A decision on your application: always mailed to you at once" in page
    response = post(client, "/notifications/choices",
                    {"delivery_deadline_reminder": "digest", "delivery_work_graded": "app"},
                    token_from="/settings")
    assert response.status_code == 302 and response.location.endswith("/settings")
    chosen = choices_for(db, db.get(User, user.id))
    assert (chosen["deadline_reminder"], chosen["work_graded"]) == ("digest", "app")
    assert chosen["message"] == "immediate"
    assert 'selected value="digest"' in client.get("/settings").get_data(as_text=True)


def test_a_made_up_choice_is_refused_beside_its_field(client, logged_in):
    logged_in()
    response = post(client, "/notifications/choices", {"delivery_work_graded": "pigeon"},
                    token_from="/settings")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="delivery_work_graded-error"' in page


def test_the_personal_data_holds_notifications_and_choices(app, client, logged_in, db):
    user = logged_in()
    add_notification(db, db.get(User, user.id), "Graded: Visit note")
    db.commit()
    post(client, "/notifications/choices", {"delivery_deadline_reminder": "digest"},
         token_from="/settings")
    with app.test_request_context():
        data = personal_data.collect(db, db.get(User, user.id))
    [kept] = data["notifications"]
    assert (kept["kind"], kept["subject"], kept["read_at"]) == ("work_graded",
                                                                 "Graded: Visit note", None)
    assert set(kept) == {"kind", "subject", "link", "created_at", "read_at"}
    assert data["notification_choices"]["deadline_reminder"] == "digest"
