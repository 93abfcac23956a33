"""The messages part of a person's own data: the conversations they take part in with the
messages they can see there, and what they wrote where they no longer take part. Files by
their names only."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from lms.accounts.models import User
from lms.messages.models import Conversation, Message
from lms.messages.queries import taking_part


def part(db_session: Session, user: User) -> dict[str, Any]:
    conversations = db_session.scalars(
        select(Conversation).where(taking_part(user)).order_by(Conversation.id)).all()
    ids = [conversation.id for conversation in conversations]
    messages = db_session.scalars(
        select(Message).options(selectinload(Message.attachments), selectinload(Message.sender))
        .where(Message.conversation_id.in_(ids) | (Message.sender_id == user.id))
        .order_by(Message.id)).all()
    by_conversation: dict[int, list[dict[str, Any]]] = {}
    for message in messages:
        by_conversation.setdefault(message.conversation_id, []).append(_message(message, user))
    return {"messages": {"conversations": [
        {"kind": conversation.kind.value, "subject": conversation.subject,
         "status": conversation.status.value, "started_at": conversation.created_at.isoformat(),
         "messages": by_conversation.pop(conversation.id, [])}
        for conversation in conversations],
        # Written where the person no longer takes part (a mentorship that ended).
        "written_elsewhere": [
            message for found in by_conversation.values() for message in found]}}


def _message(message: Message, user: User) -> dict[str, Any]:
    return {"from": "you" if message.sender_id == user.id else
            (message.sender.display_name if message.sender else None),
            "sent_at": message.created_at.isoformat(),
            "withdrawn": message.withdrawn_at is not None,
            "text": message.body,
            "attachments": [attachment.original_name for attachment in message.attachments]}
