"""Mail goes through an outbox: the message row is written in the same transaction as the
change that causes it, and ``flask lms outbox send`` delivers it later from any host.

A rolled-back change therefore never sends mail, and an SMTP outage delays mail instead of
failing the request that caused it.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import secrets
import smtplib
import socket
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any

from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy import ForeignKey, String, Text, or_, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from lms.accounts.models import User
from lms.clock import utcnow
from lms.db import Base

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 12


class OutboxMessage(Base):
    __tablename__ = "lms_outbox_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    to_address: Mapped[str] = mapped_column(String(254))
    recipient_id: Mapped[int | None] = mapped_column(
        ForeignKey("lms_users.id", ondelete="SET NULL"), index=True
    )
    subject: Mapped[str] = mapped_column(String(255))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[dt.datetime | None] = mapped_column(index=True)
    failed_at: Mapped[dt.datetime | None]
    # The sender delivering this message now (host, process and a random part, so no two runs
    # share it) and until when no other sender may take it; a crashed sender's claim lapses.
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    claimed_until: Mapped[dt.datetime | None]


def enqueue(
    db_session: Session, to_address: str, subject: str, body: str, recipient: User | None = None
) -> OutboxMessage:
    message = OutboxMessage(
        to_address=to_address, subject=subject, body=body, recipient_id=recipient and recipient.id
    )
    db_session.add(message)
    return message


def enqueue_to_user(
    db_session: Session, user: User, subject: Any, template: str, **context: Any
) -> OutboxMessage:
    """Render ``template`` and the (lazy) ``subject`` in the recipient's language."""
    locale = user.locale or current_app.config["LMS_DEFAULT_LOCALE"]
    with force_locale(locale):
        subject_text = str(subject)
        body = render_template(template, user=user, **context)
    return enqueue(db_session, user.email, subject_text, body, recipient=user)


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0
    given_up: int = 0
    out_of_time: bool = False  # the run's time was spent with messages perhaps still due


# A claim outlives the longest a message may take (LMS_SMTP_TIMEOUT, a deadline for the whole
# conversation) by this much, for marking it sent afterwards and for clocks that differ a
# little between hosts; another sender takes the message only once the claim has lapsed.
CLAIM_MARGIN = dt.timedelta(seconds=60)


def send_pending(
    db_session: Session, limit: int = 500, show: Callable[[str], None] | None = None
) -> SendReport:
    """Deliver due messages one by one until none is due, ``limit`` were tried, or the run's
    ``LMS_OUTBOX_RUN_SECONDS`` are spent.

    Several senders may run at once, on any host and any database: each message is first
    claimed by a committed conditional UPDATE, so exactly one sender delivers it, and marked
    sent in a transaction of its own right after, so a crash never sends twice what was marked
    sent nor loses what was not. A sender claims one message at a time rather than a batch: a
    claim then lasts one message's time whatever the batch, a crashed or hung sender holds back
    one message only, and a run whose time is spent leaves nothing claimed and unsent behind.

    Without ``LMS_SMTP_HOST`` mail is handed to ``show`` (or the log) instead of sent."""
    config = current_app.config
    message_seconds = float(config["LMS_SMTP_TIMEOUT"])
    run_ends = time.monotonic() + float(config["LMS_OUTBOX_RUN_SECONDS"])
    claim_length = dt.timedelta(seconds=message_seconds) + CLAIM_MARGIN
    sender = f"{socket.gethostname()[:60]}:{os.getpid()}:{secrets.token_hex(8)}"
    report = SendReport()
    for _attempt in range(limit):
        if time.monotonic() >= run_ends:
            report.out_of_time = True
            break
        message = claim_next(db_session, sender, claim_length)
        if message is None:
            break
        try:
            deliver(message, show, deadline=time.monotonic() + message_seconds)
        except (OSError, smtplib.SMTPException) as error:
            _record_failure(message, error, report)
        else:
            message.sent_at = utcnow()
            message.attempts += 1
            report.sent += 1
        message.claimed_by = message.claimed_until = None
        db_session.commit()
    return report


def claim_next(db_session: Session, sender: str, claim_length: dt.timedelta
               ) -> OutboxMessage | None:
    """Claim the oldest due message for ``sender`` and commit the claim; None when no message
    is due and unclaimed.

    One UPDATE that picks and claims together, as the first statement of its transaction: on
    SQLite it holds the write lock, so no other sender can pick the same row in between; on
    PostgreSQL a sender that picked the same row waits for the other's commit, finds the row no
    longer claimable and changes nothing. The loser then tries the next message."""
    while True:
        now = utcnow()
        claimable = (
            OutboxMessage.sent_at.is_(None),
            OutboxMessage.failed_at.is_(None),
            OutboxMessage.next_attempt_at <= now,
            or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now),
        )
        oldest = (select(OutboxMessage.id).where(*claimable)
                  .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
                  .limit(1).scalar_subquery())
        claimed = db_session.execute(
            update(OutboxMessage).where(OutboxMessage.id == oldest, *claimable)
            .values(claimed_by=sender, claimed_until=now + claim_length)
            .execution_options(synchronize_session=False)).rowcount  # type: ignore[attr-defined]
        db_session.commit()
        if claimed:
            return db_session.scalars(
                select(OutboxMessage).where(OutboxMessage.claimed_by == sender,
                                            OutboxMessage.sent_at.is_(None))
                .execution_options(populate_existing=True)).one()
        if db_session.scalar(select(OutboxMessage.id).where(*claimable).limit(1)) is None:
            return None


def _record_failure(message: OutboxMessage, error: Exception, report: SendReport) -> None:
    now = utcnow()
    message.attempts += 1
    message.last_error = f"{type(error).__name__}: {error}"[:2000]
    if message.attempts >= MAX_ATTEMPTS:
        message.failed_at = now
        report.given_up += 1
    else:
        # Back off 1, 2, 4 … minutes, at most six hours, so an outage is ridden out.
        delay = min(2 ** (message.attempts - 1), 360)
        message.next_attempt_at = now + dt.timedelta(minutes=delay)
        report.failed += 1
    log.warning("mail %s to %s not sent: %s", message.id, message.to_address, error)


def build_email(message: OutboxMessage) -> EmailMessage:
    config = current_app.config
    email = EmailMessage()
    email["From"] = config["LMS_MAIL_FROM"]
    email["To"] = message.to_address
    email["Subject"] = message.subject
    email["Date"] = formatdate(localtime=False)
    email["Message-ID"] = make_msgid(idstring=f"lms-{message.id}")
    email.set_content(message.body)
    return email


def deliver(message: OutboxMessage, show: Callable[[str], None] | None = None,
            deadline: float | None = None) -> None:
    """Hand ``message`` to the SMTP server, giving up with TimeoutError at ``deadline`` (a
    ``time.monotonic()`` value; default: LMS_SMTP_TIMEOUT from now)."""
    config = current_app.config
    email = build_email(message)
    host = config["LMS_SMTP_HOST"]
    if not host:
        text = f"--- mail not sent (no LMS_SMTP_HOST) ---\n{_readable(email)}"
        if show is None:
            log.info("%s", text)
        else:
            show(text)
        return
    port = int(config["LMS_SMTP_PORT"])
    timeout = float(config["LMS_SMTP_TIMEOUT"])
    if deadline is None:
        deadline = time.monotonic() + timeout
    if config["LMS_SMTP_SSL"]:
        client: _DeadlineSMTP = _DeadlineSMTPSSL(deadline, host, port, timeout=timeout,
                                                 context=ssl.create_default_context())
    else:
        client = _DeadlineSMTP(deadline, host, port, timeout=timeout)
    try:
        if config["LMS_SMTP_STARTTLS"] and not config["LMS_SMTP_SSL"]:
            # Made only when needed: loading the system's certificates costs more than a
            # whole conversation with a local relay.
            client.starttls(context=ssl.create_default_context())
        if config["LMS_SMTP_USERNAME"]:
            client.login(config["LMS_SMTP_USERNAME"], config["LMS_SMTP_PASSWORD"] or "")
        client.send_message(email)
    except BaseException:
        client.close()
        raise
    # Once the server has accepted the message it is delivered: a server that then fails to
    # answer QUIT must not have it sent again.
    try:
        client.quit()
    except (OSError, smtplib.SMTPException):
        client.close()


class _DeadlineSMTP(smtplib.SMTP):
    """An SMTP client that gives each command and reply only what is left until ``deadline``.
    The socket timeout alone starts afresh on every read, so a server answering each line just
    in time would stretch one message, and with it the sender's claim, far past
    LMS_SMTP_TIMEOUT."""

    def __init__(self, deadline: float, *args: Any, **kwargs: Any) -> None:
        self.deadline = deadline  # before connecting: the greeting is a reply too
        super().__init__(*args, **kwargs)

    def _time_left(self) -> None:
        left = self.deadline - time.monotonic()
        if left <= 0:
            self.close()
            raise TimeoutError("the SMTP server took longer than LMS_SMTP_TIMEOUT")
        if self.sock is not None:
            self.sock.settimeout(left)

    def send(self, s: Any) -> None:
        self._time_left()
        super().send(s)

    def getreply(self) -> tuple[int, bytes]:
        self._time_left()
        return super().getreply()


class _DeadlineSMTPSSL(_DeadlineSMTP, smtplib.SMTP_SSL):
    pass


def _readable(email: EmailMessage) -> str:
    """Headers and the decoded body, so a Japanese mail reads as Japanese on a console."""
    headers = "".join(f"{name}: {value}\n" for name, value in email.items()
                      if name in {"From", "To", "Subject", "Date"})
    return f"{headers}\n{email.get_content()}"
