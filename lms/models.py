"""Imports every model so that ``Base.metadata`` knows every table (Alembic, tests)."""

from lms.accounts.models import AccountToken, LoginSession, RoleGrant, User
from lms.audit import AuditEvent
from lms.db import Base
from lms.mail import OutboxMessage

__all__ = [
    "AccountToken",
    "AuditEvent",
    "Base",
    "LoginSession",
    "OutboxMessage",
    "RoleGrant",
    "User",
]
