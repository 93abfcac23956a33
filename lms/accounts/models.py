from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.clock import utcnow
from lms.db import Base, enum_type


class Role(enum.StrEnum):
    """Global roles. Cohort roles (trainee, mentor) come from enrollments, never from here."""

    ADMIN = "admin"
    STAFF = "staff"
    COMMITTEE_MEMBER = "committee_member"


class TokenPurpose(enum.StrEnum):
    PASSWORD_RESET = "password_reset"  # noqa: S105 - a purpose, not a secret
    INVITATION = "invitation"
    EMAIL_CONFIRMATION = "email_confirmation"


class User(Base):
    __tablename__ = "lms_users"
    __table_args__ = (
        # Lists of people by name (the alumni directory) read their first page from it.
        Index("ix_lms_users_display_name", "display_name", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored case-folded; people type their address in many ways and mean one account.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    country: Mapped[str | None] = mapped_column(String(2))
    locale: Mapped[str | None] = mapped_column(String(8))
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Tokyo")
    password_hash: Mapped[str | None] = mapped_column(String(255))
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[dt.datetime | None]
    #: When the person showed the address is theirs, by a link mailed to it. Someone who
    #: registered themselves cannot sign in before; accounts made by staff or at the console,
    #: and invitations once accepted, count as confirmed.
    email_confirmed_at: Mapped[dt.datetime | None]
    # How the office reaches the person in an emergency (a safety check unanswered): shown to
    # the person and to staff only.
    phone: Mapped[str] = mapped_column(String(40), default="", server_default="")
    emergency_contact: Mapped[str] = mapped_column(Text, default="", server_default="")
    address_in_japan: Mapped[str] = mapped_column(Text, default="", server_default="")

    role_grants: Mapped[list[RoleGrant]] = relationship(
        back_populates="user",
        lazy="selectin",
        cascade="all, delete-orphan",
        foreign_keys="RoleGrant.user_id",
    )

    # Flask-Login's interface. The id kept in the cookie is the key of a LoginSession row, not
    # the user's id, so that a session can be ended on the server (accounts.sessions).
    is_authenticated = True
    is_anonymous = False

    def get_id(self) -> str:
        key = getattr(self, "login_session_key", None)
        if key is None:
            raise RuntimeError("Kakehashi signs users in by login session, not by user id")
        return key

    @property
    def roles(self) -> frozenset[Role]:
        return frozenset(grant.role for grant in self.role_grants)

    def has_role(self, role: Role) -> bool:
        roles = self.roles
        return role in roles or Role.ADMIN in roles

    @property
    def has_password(self) -> bool:
        return self.password_hash is not None

    @property
    def is_email_confirmed(self) -> bool:
        return self.email_confirmed_at is not None

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"


class RoleGrant(Base):
    __tablename__ = "lms_role_grants"
    __table_args__ = (UniqueConstraint("user_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("lms_users.id", ondelete="CASCADE"))
    role: Mapped[Role] = mapped_column(enum_type(Role, "role"))
    granted_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    granted_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("lms_users.id", ondelete="SET NULL")
    )

    user: Mapped[User] = relationship(back_populates="role_grants", foreign_keys=[user_id])


class LoginSession(Base):
    """One signed-in browser. Signing out, a password change or deactivation ends it here,
    on the server, so a copied cookie stops working at once."""

    __tablename__ = "lms_login_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("lms_users.id", ondelete="CASCADE"), index=True)
    # Only a hash of the key is kept: the database alone cannot be used to sign in.
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime]
    ended_at: Mapped[dt.datetime | None]
    user_agent: Mapped[str | None] = mapped_column(String(255))
    address: Mapped[str | None] = mapped_column(String(64))

    user: Mapped[User] = relationship()


class AccountToken(Base):
    """A single-use link sent by mail: set a password after an invitation or a reset request,
    or confirm the address of an account someone registered themselves."""

    __tablename__ = "lms_account_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("lms_users.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[TokenPurpose] = mapped_column(enum_type(TokenPurpose, "token_purpose"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime]
    expires_at: Mapped[dt.datetime]
    used_at: Mapped[dt.datetime | None]

    user: Mapped[User] = relationship()
