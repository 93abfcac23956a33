"""Who attended each session of an edition: staff tick the registered participants present,
or import the meeting tool's attendance report (CSV) whole or not at all.

Only people registered (not cancelled) for the edition can be recorded as present; a report
naming anyone else is refused with each such line named. Services check rights, flush and
never commit; every change is audited.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, contains_eager

from lms import audit
from lms.accounts.models import User
from lms.errors import ServiceError
from lms.events.models import (
    EventSession,
    Registration,
    RegistrationStatus,
    SessionAttendance,
)
from lms.i18n import _l
from lms.programs.models import Cohort
from lms.security import require_staff

#: Header names (lower case) a meeting tool's report gives its email column.
EMAIL_COLUMNS = ("email", "email address", "e-mail", "user email", "attendee email",
                 "participant email", "メールアドレス", "メール")
MAX_IMPORT_ROWS = 5000


def participants(db_session: Session, cohort: Cohort) -> list[Registration]:
    """The people registered for the edition, by name, with their accounts: one query."""
    return list(db_session.scalars(
        select(Registration).join(User, User.id == Registration.user_id)
        .options(contains_eager(Registration.user))
        .where(Registration.cohort_id == cohort.id,
               Registration.status == RegistrationStatus.REGISTERED)
        .order_by(User.display_name, User.id)))


def present_ids(db_session: Session, row: EventSession) -> set[int]:
    return set(db_session.scalars(select(SessionAttendance.user_id).where(
        SessionAttendance.session_id == row.id)))


@dataclass(frozen=True)
class SessionCount:
    session: EventSession
    present: int


def counts_by_session(db_session: Session, cohort: Cohort) -> list[SessionCount]:
    """Every session of the edition in order, with how many registered participants were
    recorded present: one query."""
    present = (select(func.count(SessionAttendance.id))
               .join(Registration, (Registration.user_id == SessionAttendance.user_id)
                     & (Registration.cohort_id == cohort.id))
               .where(SessionAttendance.session_id == EventSession.id,
                      Registration.status == RegistrationStatus.REGISTERED)
               .correlate(EventSession).scalar_subquery())
    return [SessionCount(row, count) for row, count in db_session.execute(
        select(EventSession, present).where(EventSession.cohort_id == cohort.id)
        .order_by(EventSession.starts_at, EventSession.id))]


def _require_session_of(cohort: Cohort, row: EventSession) -> None:
    if row.cohort_id != cohort.id:
        raise ServiceError(_l("This session belongs to another event."))


def save_attendance(db_session: Session, actor: User, cohort: Cohort, row: EventSession,
                    user_ids: Iterable[int]) -> None:
    """Record exactly ``user_ids`` as present at ``row``: those not listed are no longer."""
    require_staff(actor)
    _require_session_of(cohort, row)
    wanted = set(user_ids)
    registered = {registration.user_id for registration in participants(db_session, cohort)}
    if wanted - registered:
        raise ServiceError(_l("Only people registered for the event can be recorded as "
                              "present."))
    _record(db_session, actor, row, wanted, replace=True)


def _record(db_session: Session, actor: User, row: EventSession, wanted: set[int], *,
            replace: bool) -> None:
    before = present_ids(db_session, row)
    after = wanted if replace else before | wanted
    if after == before:
        return
    gone = before - after
    if gone:
        db_session.execute(delete(SessionAttendance).where(
            SessionAttendance.session_id == row.id, SessionAttendance.user_id.in_(gone)))
    db_session.add_all(SessionAttendance(session_id=row.id, user_id=user_id,
                                         recorded_by_id=actor.id)
                       for user_id in sorted(after - before))
    db_session.flush()
    audit.record(db_session, actor, "seminar_attendance_saved", row,
                 before={"present": sorted(before)}, after={"present": sorted(after)})


# Importing the meeting tool's report ----------------------------------------------------------


@dataclass
class AttendanceImport:
    #: The registered people the report names.
    user_ids: set[int] = field(default_factory=set)
    #: Each bad line with what is wrong, or a problem of the file as a whole.
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.user_ids) and not self.problems


def read_attendance(db_session: Session, actor: User, cohort: Cohort,
                    text: str) -> AttendanceImport:
    """Check a report without writing anything: every row's email must be that of someone
    registered for the edition (compared without regard to case)."""
    require_staff(actor)
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = [name.strip().lower() for name in next(reader, [])]
    column = next((header.index(name) for name in EMAIL_COLUMNS if name in header), None)
    if column is None:
        return AttendanceImport(problems=[str(_l(
            "Line 1: the header must name the email column (“email” or “Email address”)."))])
    registered = {registration.user.email.lower(): registration.user_id
                  for registration in participants(db_session, cohort)}
    result = AttendanceImport()
    for count, record in enumerate(reader, start=1):
        number = reader.line_num
        if count > MAX_IMPORT_ROWS:
            return AttendanceImport(problems=[str(_l("A file may have at most %(count)d rows.",
                                                     count=MAX_IMPORT_ROWS))])
        if not any(cell.strip() for cell in record):
            continue
        email = record[column].strip() if column < len(record) else ""
        if not email:
            result.problems.append(str(_l("Line %(line)d: no email address.", line=number)))
        elif email.lower() not in registered:
            result.problems.append(str(_l(
                "Line %(line)d: %(email)s is not registered for this event.",
                line=number, email=email)))
        else:
            result.user_ids.add(registered[email.lower()])
    if not result.user_ids and not result.problems:
        result.problems.append(str(_l("The file has no rows.")))
    return result


def import_attendance(db_session: Session, actor: User, cohort: Cohort, row: EventSession,
                      text: str) -> AttendanceImport:
    """Record everyone the report names as present (keeping those already ticked), or
    nothing at all if any line is wrong."""
    require_staff(actor)
    _require_session_of(cohort, row)
    checked = read_attendance(db_session, actor, cohort, text)
    if checked.ok:
        _record(db_session, actor, row, checked.user_ids, replace=False)
    return checked
