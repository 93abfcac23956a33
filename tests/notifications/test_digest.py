"""`flask lms digest send`: one mail per person with news, in their language, covering what
came since their last digest; never twice, not even from two runs at once."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from lms.accounts.models import User
from lms.mail import OutboxMessage
from lms.notifications.digest import people_with_news, send_digest
from lms.notifications.models import Delivery, Notification
from tests.notifications.conftest import add_notification


def _run(app):
    result = app.test_cli_runner().invoke(args=["lms", "digest", "send"])
    assert result.exit_code == 0, result.output
    return result.output


def _mail(db):
    db.expire_all()
    return db.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()


def test_one_mail_lists_each_persons_digest_news_and_marks_them(app, db, make_user):
    amihan = db.merge(make_user("amihan@example.org", display_name="Amihan Reyes"))
    nobody_new = db.merge(make_user("quiet@example.org"))
    add_notification(db, amihan, "Graded: Visit note", delivery=Delivery.DIGEST,
                     link="http://localhost/work/visit-note")
    add_notification(db, amihan, "Due soon: Case study", kind="deadline_reminder",
                     delivery=Delivery.DIGEST, link="http://localhost/work/case-study")
    add_notification(db, amihan, "Mailed already", delivery=Delivery.IMMEDIATE)
    add_notification(db, nobody_new, "In the app only", delivery=Delivery.APP)
    db.commit()
    assert "queued 1 digest(s)" in _run(app)
    [mail] = _mail(db)
    assert (mail.to_address, mail.subject) == ("amihan@example.org",
                                               "Your Kakehashi digest: 2 new")
    assert "Hello Amihan Reyes" in mail.body
    assert "Graded: Visit note" in mail.body and "http://localhost/work/visit-note" in mail.body
    assert "Due soon: Case study" in mail.body and " JST\n" in mail.body  # when, in her zone
    assert "Mailed already" not in mail.body
    digested = db.scalars(select(Notification.subject).where(
        Notification.digested_at.is_not(None))).all()
    assert sorted(digested) == ["Due soon: Case study", "Graded: Visit note"]


def test_a_second_run_sends_nothing_and_the_next_covers_only_what_came_since(app, db,
                                                                           make_user):
    person = db.merge(make_user())
    add_notification(db, person, "First", delivery=Delivery.DIGEST)
    db.commit()
    _run(app)
    assert "queued 0 digest(s)" in _run(app)
    assert len(_mail(db)) == 1
    add_notification(db, db.get(User, person.id), "Second", delivery=Delivery.DIGEST)
    db.commit()
    _run(app)
    latest = _mail(db)[-1]
    assert "Second" in latest.body and "First" not in latest.body


def test_the_digest_is_in_the_persons_language(app, db, make_user):
    from flask_babel import force_locale, gettext

    person = db.merge(make_user(locale="ja", display_name="Aiko"))
    add_notification(db, person, "採点されました", delivery=Delivery.DIGEST)
    db.commit()
    _run(app)
    [mail] = _mail(db)
    with app.test_request_context(), force_locale("ja"):
        greeting = gettext("Hello %(name)s,", name="Aiko")
    assert greeting != "Hello Aiko," and greeting in mail.body and "採点されました" in mail.body


def test_two_runs_at_once_send_one_digest(app, db, make_user):
    """The second run listed the person before the first committed: its claim finds nothing."""
    person = db.merge(make_user())
    add_notification(db, person, "Once only", delivery=Delivery.DIGEST)
    db.commit()
    second_session = app.extensions["lms"].sessionmaker()
    try:
        assert people_with_news(second_session) == [person.id]
        second_session.rollback()  # the second run's listing ends its read transaction
        assert send_digest(db, person.id)
        db.commit()
        assert not send_digest(second_session, person.id)
        second_session.commit()
    finally:
        second_session.close()
    assert len(_mail(db)) == 1


def test_a_failed_run_leaves_the_news_for_the_next(app, db, make_user):
    person = db.merge(make_user())
    add_notification(db, person, "Kept", delivery=Delivery.DIGEST,
                     created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    db.commit()
    assert send_digest(db, person.id)
    db.rollback()  # the mail and the marks go together
    assert _mail(db) == []
    assert people_with_news(db) == [person.id]
