"""Claiming outbox messages: exactly one sender takes a message, a crashed sender's claim
lapses, and a run keeps to its time budget and each message to LMS_SMTP_TIMEOUT."""

from __future__ import annotations

import datetime as dt
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import time_machine
from sqlalchemy import text, update

from lms import clock
from lms.db import session
from lms.mail import CLAIM_MARGIN, OutboxMessage, claim_next, enqueue, send_pending
from tests.concurrency import run_together
from tests.conftest import outbox
from tests.smtp import ScriptedSMTPServer, running_smtp_server

CLAIM = dt.timedelta(minutes=2)


def _queue(db, count):
    messages = [enqueue(db, f"person{number}@example.org", f"message {number}", "Body")
                for number in range(count)]
    db.commit()
    return [message.id for message in messages]


def test_a_claim_is_committed_and_takes_the_oldest_due_message(app, db):
    first, second = _queue(db, 2)
    message = claim_next(db, "sender-a", CLAIM)
    assert message.id == first and message.claimed_by == "sender-a"
    stored = {row.id: row for row in outbox(app)}  # read in a session of its own
    assert stored[first].claimed_by == "sender-a"
    assert stored[first].claimed_until == pytest.approx(clock.utcnow() + CLAIM,
                                                        abs=dt.timedelta(seconds=5))
    assert claim_next(db, "sender-b", CLAIM).id == second  # never the one already claimed
    assert claim_next(db, "sender-c", CLAIM) is None


def test_sent_given_up_and_not_yet_due_messages_are_not_claimed(app, db):
    sent, given_up, later = (enqueue(db, "a@example.org", subject, "B")
                             for subject in ("sent", "given up", "later"))
    sent.sent_at = given_up.failed_at = clock.utcnow()
    later.next_attempt_at = clock.utcnow() + dt.timedelta(minutes=5)
    db.commit()
    assert claim_next(db, "sender-a", CLAIM) is None


def test_a_crashed_senders_claim_lapses_and_another_sender_takes_the_message(app, db):
    [message_id] = _queue(db, 1)
    claim_next(db, "crashed", CLAIM)  # and never marks it sent nor failed
    assert claim_next(db, "sender-b", CLAIM) is None
    with time_machine.travel(clock.utcnow() + CLAIM - dt.timedelta(seconds=1), tick=False):
        assert claim_next(db, "sender-b", CLAIM) is None
    with time_machine.travel(clock.utcnow() + CLAIM + dt.timedelta(seconds=1), tick=False):
        message = claim_next(db, "sender-b", CLAIM)
    assert message.id == message_id and message.claimed_by == "sender-b"


def test_two_senders_claiming_at_the_same_moment_get_different_messages(app, db):
    _queue(db, 1)
    results = run_together(app, [lambda session, name=name: claim_next(session, name, CLAIM)
                                 for name in ("sender-a", "sender-b")])
    assert not [result for result in results if isinstance(result, Exception)]
    assert sorted(result is None for result in results) == [False, True]
    [message] = outbox(app)
    assert message.claimed_by in {"sender-a", "sender-b"}


def test_on_postgresql_a_sender_that_picked_a_message_as_another_claimed_it_changes_nothing(
        app, db):
    """Both senders pick the same message and wait on its row lock; the first claims it, and
    the second, re-reading the row, must find it no longer claimable. (SQLite lets one writer
    run at a time, so its single UPDATE cannot interleave like this.)"""
    engine = app.extensions["lms"].engine
    if engine.dialect.name != "postgresql":
        pytest.skip("row locks and re-reads under contention are PostgreSQL's")
    [message_id] = _queue(db, 1)

    def claim(sender):
        with app.app_context():
            message = claim_next(session, sender, CLAIM)
            return message and message.claimed_by

    with engine.connect() as blocker, ThreadPoolExecutor(2) as pool:
        blocker.execute(update(OutboxMessage).where(OutboxMessage.id == message_id)
                        .values(attempts=OutboxMessage.attempts))  # holds the row lock
        claims = [pool.submit(claim, sender) for sender in ("sender-a", "sender-b")]
        waiting = text("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                       "AND datname = current_database()")
        for _poll in range(1000):
            if db.scalar(waiting) == 2:
                break
            time.sleep(0.01)
        db.rollback()
        blocker.commit()
        results = [claim.result(timeout=30) for claim in claims]
    assert results.count(None) == 1, results  # one claimed it, the other nothing


def test_a_run_skips_what_another_sender_holds_and_leaves_nothing_claimed(app, db):
    held, *free = _queue(db, 3)
    claim_next(db, "another-sender", CLAIM)
    with running_smtp_server() as (controller, inbox):
        app.config.update(LMS_SMTP_HOST="127.0.0.1", LMS_SMTP_PORT=controller.port,
                          LMS_SMTP_STARTTLS=False)
        assert send_pending(db).sent == 2
    assert sorted(received["Subject"] for received in inbox.messages) == [
        "message 1", "message 2"]
    rows = {row.id: row for row in outbox(app)}
    assert rows[held].sent_at is None and rows[held].claimed_by == "another-sender"
    assert all(rows[id_].sent_at and rows[id_].claimed_by is None
               and rows[id_].claimed_until is None for id_ in free)


def test_while_a_message_is_delivered_its_claim_outlasts_the_time_it_may_take(
        app, db, monkeypatch):
    app.config.update(LMS_SMTP_TIMEOUT=600)  # longer than the margin alone
    _queue(db, 1)
    seen_during_delivery = []

    def deliver(message, show=None, deadline=None):
        [stored] = outbox(app)  # what another sender would see, read in a session of its own
        seen_during_delivery.append((stored.claimed_until - clock.utcnow(), stored.sent_at))

    monkeypatch.setattr("lms.mail.deliver", deliver)
    assert send_pending(db).sent == 1
    [(claim_left, sent_at)] = seen_during_delivery
    assert claim_left > dt.timedelta(seconds=600) and sent_at is None
    assert claim_left <= dt.timedelta(seconds=600) + CLAIM_MARGIN


def test_a_hanging_smtp_server_ends_the_run_within_its_budget(app, db):
    server = ScriptedSMTPServer(greets=False)  # accepts, and never says a word
    app.config.update(LMS_SMTP_HOST="127.0.0.1", LMS_SMTP_PORT=server.port,
                      LMS_SMTP_STARTTLS=False, LMS_SMTP_TIMEOUT=0.2,
                      LMS_OUTBOX_RUN_SECONDS=0.1)
    _queue(db, 3)
    try:
        result = app.test_cli_runner().invoke(args=["lms", "outbox", "send"])
    finally:
        server.close()
    assert result.exit_code == 0, result.output
    assert "sent 0, failed 1" in result.output
    assert "LMS_OUTBOX_RUN_SECONDS spent" in result.output
    tried, *untouched = outbox(app)
    assert tried.sent_at is None and tried.attempts == 1 and "imed out" in tried.last_error
    assert tried.next_attempt_at > clock.utcnow()  # retried later, with the usual back-off
    assert all(message.attempts == 0 and message.last_error is None for message in untouched)
    assert not [message for message in outbox(app) if message.claimed_by]


def test_a_slow_smtp_server_cannot_stretch_a_message_past_its_timeout(app, db):
    # Each reply alone comes well within the timeout; together they do not.
    server = ScriptedSMTPServer(delay=0.15)
    app.config.update(LMS_SMTP_HOST="127.0.0.1", LMS_SMTP_PORT=server.port,
                      LMS_SMTP_STARTTLS=False, LMS_SMTP_TIMEOUT=0.25)
    _queue(db, 1)
    try:
        report = send_pending(db, limit=1)
    finally:
        server.close()
    assert (report.sent, report.failed) == (0, 1)
    [message] = outbox(app)
    assert message.sent_at is None and message.last_error and server.received == 0
