"""Who may read which concern, and the read models of the concerns pages.

A case is read only by the staff an admin named to handle concerns: every handler's page
loads it through :func:`handled_by`, so anyone else's guess at an id finds nothing (404). The
reporter reads her own through :func:`my_concerns`, which never loads the handlers' notes."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, case, exists, false, func, select
from sqlalchemy.orm import Session, joinedload

from lms import facts
from lms.accounts.models import Role, RoleGrant, User
from lms.concerns.models import (
    Concern,
    ConcernHandler,
    ConcernNote,
    ConcernStatus,
    ConcernStatusChange,
)
from lms.pagination import Page, paginate
from lms.programs.models import Enrollment, EnrollmentRole, EnrollmentStatus
from lms.security import is_staff


def _named(user_id: Any) -> ColumnElement[bool]:
    return exists().where(ConcernHandler.user_id == user_id)


def is_handler_condition(asked: facts.Asked) -> Any:
    """The fact (lms.facts) that the person is named to handle concerns."""
    return _named(asked.user_id)


def handles_concerns(db_session: Session, user: User) -> bool:
    """Named to handle concerns and still program staff: losing the staff role ends it."""
    return is_staff(user) and bool(db_session.scalar(select(_named(user.id))))


def handled_by(db_session: Session, user: User, concern_id: int) -> Concern | None:
    """The case, for one of its handlers; None for anyone else."""
    if not is_staff(user):
        return None
    return db_session.scalar(
        select(Concern)
        .options(joinedload(Concern.reporter),
                 joinedload(Concern.enrollment).joinedload(Enrollment.cohort))
        .where(Concern.id == concern_id, _named(user.id)))


def trainee_enrollment_of(db_session: Session, user: User) -> Enrollment | None:
    """The person's trainee enrollment that a concern is about: the active one, else the
    latest."""
    return db_session.scalar(
        select(Enrollment)
        .where(Enrollment.user_id == user.id, Enrollment.role == EnrollmentRole.TRAINEE)
        .order_by((Enrollment.status == EnrollmentStatus.ACTIVE).desc(),
                  Enrollment.enrolled_at.desc(), Enrollment.id.desc())
        .limit(1))


#: The handlers' list's choices beside the statuses: every case not closed, and every case.
UNRESOLVED = "unresolved"
EVERY = "all"


def cases(db_session: Session, user: User, shown: str, number: int) -> Page[Concern]:
    """A page of cases for a handler (an empty page for anyone else), oldest open first:
    what has waited longest is looked at first."""
    statement = (select(Concern)
                 .options(joinedload(Concern.reporter),
                          joinedload(Concern.enrollment).joinedload(Enrollment.cohort))
                 .where(_named(user.id) if is_staff(user) else false())
                 .order_by(case((Concern.status == ConcernStatus.CLOSED, 1), else_=0),
                           Concern.created_at, Concern.id))
    if shown == UNRESOLVED:
        statement = statement.where(Concern.status != ConcernStatus.CLOSED)
    elif shown != EVERY:
        statement = statement.where(Concern.status == ConcernStatus(shown))
    return paginate(db_session, statement, number)


@dataclass(frozen=True)
class Counts:
    open: int
    in_progress: int


def counts(db_session: Session) -> Counts:
    """How many cases wait to be taken up and how many are being handled; ask only for a
    handler."""
    row = db_session.execute(select(
        func.count().filter(Concern.status == ConcernStatus.OPEN),
        func.count().filter(Concern.status == ConcernStatus.IN_PROGRESS),
    ).select_from(Concern).where(Concern.status != ConcernStatus.CLOSED)).one()
    return Counts(row[0] or 0, row[1] or 0)


def notes_of(db_session: Session, concern: Concern) -> list[ConcernNote]:
    return list(db_session.scalars(
        select(ConcernNote).options(joinedload(ConcernNote.author))
        .where(ConcernNote.concern_id == concern.id).order_by(ConcernNote.at, ConcernNote.id)))


def status_changes_of(db_session: Session, concern: Concern) -> list[ConcernStatusChange]:
    return list(db_session.scalars(
        select(ConcernStatusChange).options(joinedload(ConcernStatusChange.changed_by))
        .where(ConcernStatusChange.concern_id == concern.id)
        .order_by(ConcernStatusChange.at, ConcernStatusChange.id)))


@dataclass(frozen=True)
class Mine:
    """One of the reporter's concerns, with when its status changed (and to what)."""

    concern: Concern
    changes: list[ConcernStatusChange]


def my_concerns(db_session: Session, user: User, number: int) -> Page[Mine]:
    page = paginate(db_session, select(Concern).where(Concern.reporter_id == user.id)
                    .order_by(Concern.created_at.desc(), Concern.id.desc()), number)
    changes: dict[int, list[ConcernStatusChange]] = defaultdict(list)
    if page.items:
        for change in db_session.scalars(
                select(ConcernStatusChange)
                .where(ConcernStatusChange.concern_id.in_([c.id for c in page.items]))
                .order_by(ConcernStatusChange.at, ConcernStatusChange.id)):
            changes[change.concern_id].append(change)
    return Page([Mine(concern, changes[concern.id]) for concern in page.items], page.number,
                page.per_page, page.total)


def handlers(db_session: Session) -> list[User]:
    return list(db_session.scalars(
        select(User).join(ConcernHandler, ConcernHandler.user_id == User.id)
        .order_by(User.display_name, User.id)))


def active_handlers(db_session: Session) -> list[User]:
    """The handlers a new concern is told to: active accounts that are still staff."""
    return list(db_session.scalars(
        select(User).join(ConcernHandler, ConcernHandler.user_id == User.id)
        .where(User.is_active.is_(True), _holds_staff_role(User.id))
        .order_by(User.id)))


def staff_not_named(db_session: Session) -> list[User]:
    """Active staff an admin may name as handlers."""
    return list(db_session.scalars(
        select(User).where(User.is_active.is_(True), _holds_staff_role(User.id),
                           ~_named(User.id))
        .order_by(User.display_name, User.id)))


def admins(db_session: Session) -> list[User]:
    return list(db_session.scalars(
        select(User).where(User.is_active.is_(True), exists().where(
            RoleGrant.user_id == User.id, RoleGrant.role == Role.ADMIN)).order_by(User.id)))


def _holds_staff_role(user_id: Any) -> ColumnElement[bool]:
    return exists().where(and_(RoleGrant.user_id == user_id,
                               RoleGrant.role.in_([Role.STAFF, Role.ADMIN])))
