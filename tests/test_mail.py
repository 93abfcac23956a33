from __future__ import annotations

import datetime as dt
from email.header import decode_header, make_header

import pytest
import time_machine

from lms import clock
from lms.mail import MAX_ATTEMPTS, OutboxMessage, enqueue, send_pending
from tests.conftest import outbox
from tests.smtp import free_port, running_smtp_server


@pytest.fixture
def smtp_server():
    with running_smtp_server() as server:
        yield server


def test_mail_is_written_in_the_same_transaction_as_its_cause(app, db):
    enqueue(db, "a@example.org", "Subject", "Body")
    db.rollback()
    assert outbox(app) == []
    enqueue(db, "a@example.org", "Subject", "Body")
    db.commit()
    assert len(outbox(app)) == 1


def test_delivery_through_a_real_smtp_server(app, db, smtp_server):
    controller, inbox = smtp_server
    app.config.update(LMS_SMTP_HOST="127.0.0.1", LMS_SMTP_PORT=controller.port,
                      LMS_SMTP_STARTTLS=False, LMS_MAIL_FROM="Kakehashi <noreply@example.org>")
    enqueue(db, "trainee@example.org", "研修のお知らせ", "こんにちは\nWelcome to Japan.")
    db.commit()
    report = send_pending(db)
    assert report.sent == 1
    [received] = inbox.messages
    assert received["To"] == "trainee@example.org"
    assert received["From"] == "Kakehashi <noreply@example.org>"
    assert str(make_header(decode_header(received["Subject"]))) == "研修のお知らせ"
    assert "こんにちは" in received.get_payload(decode=True).decode(received.get_content_charset())
    [message] = outbox(app)
    assert message.sent_at is not None and message.attempts == 1
    assert send_pending(db).sent == 0  # nothing is sent twice


def test_a_failed_delivery_is_retried_later(app, db):
    app.config.update(LMS_SMTP_HOST="127.0.0.1", LMS_SMTP_PORT=free_port(),
                      LMS_SMTP_STARTTLS=False, LMS_SMTP_TIMEOUT=2)
    enqueue(db, "a@example.org", "S", "B")
    db.commit()
    report = send_pending(db)
    assert (report.sent, report.failed) == (0, 1)
    [message] = outbox(app)
    assert message.sent_at is None and message.attempts == 1 and message.last_error
    assert message.next_attempt_at > clock.utcnow()
    assert send_pending(db).failed == 0  # not due yet
    with time_machine.travel(message.next_attempt_at + dt.timedelta(seconds=1), tick=False):
        assert send_pending(db).failed == 1


def test_delivery_gives_up_after_many_attempts(app, db):
    app.config.update(LMS_SMTP_HOST="127.0.0.1", LMS_SMTP_PORT=free_port(),
                      LMS_SMTP_STARTTLS=False, LMS_SMTP_TIMEOUT=2)
    message = enqueue(db, "a@example.org", "S", "B")
    message.attempts = MAX_ATTEMPTS - 1
    db.commit()
    assert send_pending(db).given_up == 1
    assert outbox(app)[0].failed_at is not None


def test_without_smtp_settings_mail_goes_to_the_log(app, db, caplog):
    enqueue(db, "a@example.org", "Hello", "Log me")
    db.commit()
    with caplog.at_level("INFO", logger="lms.mail"):
        assert send_pending(db).sent == 1
    assert "Log me" in caplog.text and "a@example.org" in caplog.text


def test_outbox_send_command_shows_mail_when_there_is_no_smtp(app, db):
    enqueue(db, "a@example.org", "Your invitation", "Open http://kakehashi.test/x")
    db.commit()
    result = app.test_cli_runner().invoke(args=["lms", "outbox", "send"])
    assert result.exit_code == 0
    assert "Subject: Your invitation" in result.stderr
    assert "http://kakehashi.test/x" in result.stderr


def test_outbox_send_command(app, db, smtp_server):
    controller, inbox = smtp_server
    app.config.update(LMS_SMTP_HOST="127.0.0.1", LMS_SMTP_PORT=controller.port,
                      LMS_SMTP_STARTTLS=False)
    enqueue(db, "a@example.org", "S", "B")
    db.commit()
    result = app.test_cli_runner().invoke(args=["lms", "outbox", "send"])
    assert result.exit_code == 0, result.output
    assert "sent 1" in result.output and len(inbox.messages) == 1
    assert db.query(OutboxMessage).one().sent_at is not None
