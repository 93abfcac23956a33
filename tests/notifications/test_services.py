"""notify(): a notification always, mail by the person's choice or when it must arrive; the
choices; marking read; pruning old read notifications."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

import lms
from lms.clock import utcnow
from lms.errors import ServiceError
from lms.mail import OutboxMessage
from lms.notifications import queries, services
from lms.notifications.kinds import KINDS
from lms.notifications.models import Delivery, Notification
from tests.notifications.conftest import add_notification


@pytest.fixture
def person(db, make_user):
    return db.merge(make_user(display_name="Amihan Reyes"))


def _tell(db, person, kind="work_graded"):
    return services.notify(db, person, kind, "Something happened", "lms/notifications/mail/"
                           "digest.txt", link="http://localhost/thing", notifications=[])


def _mail(db):
    return db.scalars(select(OutboxMessage)).all()


@pytest.mark.parametrize(("delivery", "mailed"), [(Delivery.APP, False),
                                                  (Delivery.IMMEDIATE, True),
                                                  (Delivery.DIGEST, False)])
def test_a_notification_is_kept_and_mailed_only_if_chosen(db, person, delivery, mailed):
    services.choose(db, person, {"work_graded": delivery})
    notification = _tell(db, person)
    assert (notification.delivery, notification.subject) == (delivery, "Something happened")
    assert bool(_mail(db)) is mailed
    assert queries.unread_count(db, person) == 1


def test_without_a_choice_the_kinds_default_holds(db, person):
    _tell(db, person, "message")
    assert [m.to_address for m in _mail(db)] == [person.email]


def test_a_decision_is_mailed_whatever_was_chosen(db, person):
    with pytest.raises(ServiceError):
        services.choose(db, person, {"application_decision": Delivery.APP})
    services.choose(db, person, {"work_graded": Delivery.APP})
    _tell(db, person, "application_decision")
    assert len(_mail(db)) == 1


def test_choices_are_changed_in_place(db, person):
    services.choose(db, person, {"deadline_reminder": Delivery.DIGEST})
    services.choose(db, person, {"deadline_reminder": Delivery.APP, "work_graded": Delivery.APP})
    chosen = queries.choices_for(db, person)
    assert (chosen["deadline_reminder"], chosen["work_graded"]) == (Delivery.APP, Delivery.APP)
    assert chosen["message"] == Delivery.IMMEDIATE
    with pytest.raises(ServiceError):
        services.choose(db, person, {"no_such_kind": Delivery.APP})


def test_the_subject_is_written_in_the_persons_language(db, make_user):
    from lms.i18n import _l

    person = db.merge(make_user(locale="ja"))
    notification = services.notify(db, person, "message", _l("Your settings"),
                                   "lms/notifications/mail/digest.txt",
                                   link="http://localhost/", notifications=[])
    assert notification.subject == _in_japanese("Your settings")


def test_mark_all_read_touches_only_the_persons_own(db, person, make_user):
    other = db.merge(make_user())
    add_notification(db, person)
    add_notification(db, person)
    add_notification(db, other)
    assert services.mark_all_read(db, person) == 2
    assert (queries.unread_count(db, person), queries.unread_count(db, other)) == (0, 1)


def test_opening_marks_read_once(db, person):
    notification = add_notification(db, person)
    assert services.open_notification(db, notification) == "http://localhost/work"
    first = notification.read_at
    assert first is not None
    services.open_notification(db, notification)
    assert notification.read_at == first


def test_pruning_removes_old_read_notifications_only(app, db, person):
    now = utcnow()
    old = now - dt.timedelta(days=181)
    add_notification(db, person, "old and read", created_at=old, read_at=old)
    add_notification(db, person, "old, never read", created_at=old)
    add_notification(db, person, "recent and read", created_at=now - dt.timedelta(days=179),
                     read_at=now)
    assert services.prune(db, now, dry_run=True) == 1
    assert services.prune(db, now) == 1
    left = db.scalars(select(Notification.subject).order_by(Notification.subject)).all()
    assert left == ["old, never read", "recent and read"]


def test_pruning_follows_the_setting(app, db, person):
    now = utcnow()
    add_notification(db, person, created_at=now - dt.timedelta(days=40), read_at=now)
    assert services.prune(db, now) == 0
    app.config["LMS_NOTIFICATION_DAYS"] = 30
    assert services.prune(db, now) == 1


def test_every_notify_call_names_a_known_kind():
    """A misspelt kind would fail only when the event happens; read them from the source."""
    root = Path(lms.__file__).parent
    found = []
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "notify" and len(node.args) >= 3):
                kind = node.args[2]
                values = ([kind.body, kind.orelse] if isinstance(kind, ast.IfExp) else [kind])
                for value in values:
                    if isinstance(value, ast.Constant):
                        found.append((path.name, value.value))
    assert len(found) >= 15
    assert {kind for _path, kind in found} - set(KINDS) == set()


def test_mail_only_messages_leave_no_notification(db, person):
    from lms.accounts import passwords
    from lms.accounts.sessions import Client

    passwords.request_password_reset(db, person.email, Client("127.0.0.1", "test"))
    assert [m.subject for m in _mail(db)] == ["Reset your Kakehashi password"]
    assert db.scalars(select(Notification)).all() == []


def _in_japanese(text):
    from flask_babel import force_locale, gettext

    with force_locale("ja"):
        return gettext(text)
