from __future__ import annotations

from sqlalchemy import func, select

from lms.accounts.models import User
from lms.notifications.models import Delivery, Notification, NotificationPreference


def _counts(db, email):
    return db.execute(select(func.count(), func.count(Notification.read_at))
                      .join(User, User.id == Notification.user_id)
                      .where(User.email == email)).one()


def test_the_demo_people_have_notifications_read_and_unread(db, seeded):
    for email in ("trainee@kakehashi.example", "mentor@kakehashi.example",
                  "alumna@kakehashi.example", "committee@kakehashi.example"):
        total, read = _counts(db, email)
        assert total > read > 0, email
        assert total - read <= 3, email


def test_some_demo_people_chose_the_daily_digest(app, db, seeded):
    chose = set(db.scalars(select(User.email).join(
        NotificationPreference, NotificationPreference.user_id == User.id)
        .where(NotificationPreference.delivery == Delivery.DIGEST)))
    assert "mentor@kakehashi.example" in chose and "trainee@kakehashi.example" not in chose
    result = app.test_cli_runner().invoke(args=["lms", "digest", "send"])
    assert "queued 1 digest(s)" in result.output
