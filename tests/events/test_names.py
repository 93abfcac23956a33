"""A seminar is a cohort: its name is shown in the reader's language (lms.names), on its page,
on the list of seminars and in the mail it sends, which is in the recipient's language
whoever caused it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from lms.events.models import Registration
from lms.mail import OutboxMessage
from tests.conftest import post
from tests.events.conftest import as_user, user

ENGLISH, JAPANESE = "8th Asian Social Welfare Seminar", "第8回アジア社会福祉セミナー"


@pytest.mark.parametrize(("locale", "name_ja", "shown", "hidden"), [
    ("ja", JAPANESE, JAPANESE, ENGLISH),
    ("en", JAPANESE, ENGLISH, JAPANESE),
    ("ja", None, ENGLISH, None),
])
def test_the_seminar_is_named_in_the_readers_language(client, db, world, locale, name_ja,
                                                      shown, hidden):
    world["seminar"].name_ja = name_ja
    user(db, "alumna@example.org").locale = locale
    db.commit()
    as_user(client, "alumna@example.org")
    for path in (f"/events/{world['seminar'].id}", "/events"):
        page = client.get(path).get_data(as_text=True)
        assert shown in page, path
        assert hidden is None or hidden not in page, path


def test_mail_names_the_seminar_in_the_recipients_language_whoever_caused_it(client, db,
                                                                             world):
    world["seminar"].name_ja = JAPANESE
    user(db, "alumna@example.org").locale = "ja"
    db.commit()
    as_user(client, "alumna@example.org")
    page = f"/events/{world['seminar'].id}"
    post(client, f"{page}/register", token_from=page)
    registered = db.scalars(select(OutboxMessage)).one()
    assert JAPANESE in registered.subject and JAPANESE in registered.body
    # An English-speaking staff member cancels it: she is still told in Japanese.
    as_user(client, "staff@example.org")
    registration = db.scalars(select(Registration)).one()
    post(client, f"{page}/registrations/{registration.id}/cancel", token_from=page)
    cancelled = db.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc())).first()
    assert cancelled.id != registered.id
    assert JAPANESE in cancelled.subject and JAPANESE in cancelled.body
    assert ENGLISH not in cancelled.subject + cancelled.body
