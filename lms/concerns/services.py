"""Raising a concern and handling it. Every function takes the acting person and checks what
they may do; they flush and never commit.

Rights: anyone signed in may raise a concern (a trainee above all, but an alumna, an
applicant or a seminar participant may need the office in confidence too); only the staff an
admin named handle one (:func:`queries.handles_concerns`); only admins name them.

What a concern says stays with its handlers: the mail and notifications say only that there
is a concern, or that its status changed, and the audit trail keeps statuses and ids, never
the description or a note."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from lms import audit
from lms.accounts.models import Role, User
from lms.clock import utcnow
from lms.concerns import queries
from lms.concerns.models import (
    Concern,
    ConcernCategory,
    ConcernHandler,
    ConcernNote,
    ConcernPlace,
    ConcernStatus,
    ConcernStatusChange,
)
from lms.errors import NotAllowed, ServiceError
from lms.i18n import _l
from lms.notifications.services import notify
from lms.security import is_staff
from lms.urls import external_url

NEW_CONCERN_MAIL = "lms/concerns/mail/new_concern.txt"
NOBODY_NAMED_MAIL = "lms/concerns/mail/nobody_named.txt"
STATUS_MAIL = "lms/concerns/mail/status_changed.txt"
TEXT_LIMIT = 20_000

#: The statuses a case may move to from each. A closed case can be taken up again.
TRANSITIONS = {
    ConcernStatus.OPEN: {ConcernStatus.IN_PROGRESS, ConcernStatus.CLOSED},
    ConcernStatus.IN_PROGRESS: {ConcernStatus.CLOSED},
    ConcernStatus.CLOSED: {ConcernStatus.IN_PROGRESS},
}


@dataclass(frozen=True)
class ConcernDetails:
    category: ConcernCategory
    description: str
    place: ConcernPlace | None = None


def require_handler(db_session: Session, actor: User) -> None:
    if not queries.handles_concerns(db_session, actor):
        raise NotAllowed(_l("Only the staff named to handle concerns can do this."))


def require_admin(actor: User) -> None:
    if not actor.has_role(Role.ADMIN):
        raise NotAllowed(_l("Only administrators can do this."))


def raise_concern(db_session: Session, actor: User, details: ConcernDetails) -> Concern:
    description = details.description.strip()
    if not description:
        raise ServiceError(_l("Tell us what happened, in your own words."),
                           field="description")
    if len(description) > TEXT_LIMIT:
        raise ServiceError(_l("Write at most %(count)d characters.", count=TEXT_LIMIT),
                           field="description")
    enrollment = queries.trainee_enrollment_of(db_session, actor)
    concern = Concern(reporter_id=actor.id, enrollment_id=enrollment.id if enrollment else None,
                      category=details.category, place=details.place, description=description,
                      status=ConcernStatus.OPEN, created_at=utcnow())
    db_session.add(concern)
    db_session.flush()
    audit.record(db_session, actor, "concern_raised", concern, after={"status": "open"})
    _tell_the_handlers(db_session, actor, concern)
    return concern


def _tell_the_handlers(db_session: Session, reporter: User, concern: Concern) -> None:
    handlers = [handler for handler in queries.active_handlers(db_session)
                if handler.id != reporter.id]
    if handlers:
        link = external_url("lms.concerns.case", concern_id=concern.id)
        for handler in handlers:
            notify(db_session, handler, "concern", _l("A new confidential concern"),
                   NEW_CONCERN_MAIL, link=link)
        return
    # Nobody would read it: the admins are asked to name someone, and told nothing more.
    link = external_url("lms.concerns.handlers")
    for admin in queries.admins(db_session):
        notify(db_session, admin, "concern",
               _l("A confidential concern waits: nobody is named to handle concerns"),
               NOBODY_NAMED_MAIL, link=link)


def change_status(db_session: Session, actor: User, concern: Concern,
                  status: ConcernStatus) -> None:
    require_handler(db_session, actor)
    if status == concern.status:
        raise ServiceError(_l("The case already has this status."), field="status")
    if status not in TRANSITIONS[concern.status]:
        raise ServiceError(_l("A case cannot move from this status to that one."),
                           field="status")
    now = utcnow()
    audit.record(db_session, actor, "concern_status_changed", concern,
                 before={"status": concern.status.value}, after={"status": status.value})
    concern.status = status
    concern.closed_at = now if status == ConcernStatus.CLOSED else None
    db_session.add(ConcernStatusChange(concern_id=concern.id, changed_by_id=actor.id,
                                       status=status, at=now))
    db_session.flush()
    reporter = concern.reporter
    if reporter.is_active and reporter.id != actor.id:
        notify(db_session, reporter, "concern",
               _l("The program office updated the concern you raised"), STATUS_MAIL,
               link=external_url("lms.concerns.mine") + f"#concern-{concern.id}",
               concern=concern)


def add_note(db_session: Session, actor: User, concern: Concern, text: str) -> ConcernNote:
    require_handler(db_session, actor)
    text = text.strip()
    if not text:
        raise ServiceError(_l("Write the note."), field="text")
    if len(text) > TEXT_LIMIT:
        raise ServiceError(_l("Write at most %(count)d characters.", count=TEXT_LIMIT),
                           field="text")
    note = ConcernNote(concern_id=concern.id, author_id=actor.id, text=text, at=utcnow())
    db_session.add(note)
    db_session.flush()
    audit.record(db_session, actor, "concern_note_added", concern, after={"note": note.id})
    return note


# Who handles concerns ---------------------------------------------------------------------------


def name_handler(db_session: Session, actor: User, user: User) -> None:
    require_admin(actor)
    if not (user.is_active and is_staff(user)):
        raise ServiceError(_l("Choose a member of the program staff."), field="user")
    if db_session.get(ConcernHandler, user.id) is not None:
        return
    db_session.add(ConcernHandler(user_id=user.id, named_by_id=actor.id, named_at=utcnow()))
    db_session.flush()
    audit.record(db_session, actor, "concern_handler_named", user)


def remove_handler(db_session: Session, actor: User, user: User) -> None:
    require_admin(actor)
    handler = db_session.get(ConcernHandler, user.id)
    if handler is None:
        return
    if len(queries.handlers(db_session)) == 1:
        raise ServiceError(_l("Name someone else first: without a handler, nobody would read "
                              "the concerns people raise."))
    db_session.delete(handler)
    db_session.flush()
    audit.record(db_session, actor, "concern_handler_removed", user)
