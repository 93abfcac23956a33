"""Mail goes through an outbox: the message row is written in the same transaction as the
change that causes it, and ``flask lms outbox send`` delivers it later from any host.

A rolled-back change therefore never sends mail, and an SMTP outage delays mail instead of
failing the request that caused it.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any

from flask import current_app, has_request_context, render_template, url_for
from flask_babel import force_locale
from sqlalchemy import ForeignKey, String, Text, select
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


def send_pending(
    db_session: Session, limit: int = 500, show: Callable[[str], None] | None = None
) -> SendReport:
    """Deliver due messages one by one, committing each, so a crash never sends twice what it
    had marked sent nor loses what it had not. Several hosts may run this at once: each row is
    claimed with SKIP LOCKED where the database supports it.

    Without ``LMS_SMTP_HOST`` mail is handed to ``show`` (or the log) instead of sent."""
    report = SendReport()
    for _attempt in range(limit):
        now = utcnow()
        message = db_session.scalars(
            select(OutboxMessage)
            .where(
                OutboxMessage.sent_at.is_(None),
                OutboxMessage.failed_at.is_(None),
                OutboxMessage.next_attempt_at <= now,
            )
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
            .limit(1)
            .with_for_update(skip_locked=True)
        ).first()
        if message is None:
            break
        try:
            deliver(message, show)
        except (OSError, smtplib.SMTPException) as error:
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
        else:
            message.sent_at = now
            message.attempts += 1
            report.sent += 1
        db_session.commit()
    return report


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


def deliver(message: OutboxMessage, show: Callable[[str], None] | None = None) -> None:
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
    context = ssl.create_default_context()
    if config["LMS_SMTP_SSL"]:
        client: smtplib.SMTP = smtplib.SMTP_SSL(host, port, timeout=timeout, context=context)
    else:
        client = smtplib.SMTP(host, port, timeout=timeout)
    with client:
        if config["LMS_SMTP_STARTTLS"] and not config["LMS_SMTP_SSL"]:
            client.starttls(context=context)
        if config["LMS_SMTP_USERNAME"]:
            client.login(config["LMS_SMTP_USERNAME"], config["LMS_SMTP_PASSWORD"] or "")
        client.send_message(email)


def _readable(email: EmailMessage) -> str:
    """Headers and the decoded body, so a Japanese mail reads as Japanese on a console."""
    headers = "".join(f"{name}: {value}\n" for name, value in email.items()
                      if name in {"From", "To", "Subject", "Date"})
    return f"{headers}\n{email.get_content()}"


def external_url(endpoint: str, **values: Any) -> str:
    """An absolute link for a mail. Outside a request (a command, a worker) it is built from
    ``LMS_BASE_URL``, since there is no request to learn the host from."""
    if has_request_context():
        return url_for(endpoint, _external=True, **values)
    base_url = current_app.config.get("LMS_BASE_URL") or "http://127.0.0.1:5000"
    with current_app.test_request_context(base_url=base_url):
        return url_for(endpoint, _external=True, **values)
