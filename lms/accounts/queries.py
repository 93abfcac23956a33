"""Read models for account pages, and finding an account by its email address."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, joinedload

from lms.accounts.models import User
from lms.audit import AuditEvent
from lms.pagination import Page, paginate


def people_page(db_session: Session, search: str | None, number: int) -> Page[User]:
    statement = select(User).order_by(User.display_name, User.id)
    if search:
        pattern = f"%{search.strip().lower()}%"
        statement = statement.where(
            or_(User.email.like(pattern), User.display_name.ilike(pattern))
        )
    return paginate(db_session, statement, number)


def person(db_session: Session, user_id: int) -> User | None:
    return db_session.get(User, user_id)


def normalize_email(email: str) -> str:
    return email.strip().lower()


def user_by_email(db_session: Session, email: str) -> User | None:
    return db_session.scalar(select(User).where(User.email == normalize_email(email)))


def recent_events_about(db_session: Session, user: User, limit: int = 20) -> list[AuditEvent]:
    return list(
        db_session.scalars(
            select(AuditEvent)
            .where(AuditEvent.object_type == "User", AuditEvent.object_id == str(user.id))
            .options(joinedload(AuditEvent.actor))
            .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
            .limit(limit)
        )
    )
