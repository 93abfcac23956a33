"""Starting a safety check (staff), answering it by one's personal link, reminding those who
have not answered and closing it (staff). Every step is audited on the check, so its answers
and their changes are kept with it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import babel
from sqlalchemy import event, insert, inspect, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lms import audit
from lms.accounts.models import User
from lms.clock import utcnow
from lms.errors import NotAllowed, ServiceError
from lms.events.models import Edition
from lms.i18n import _l
from lms.notifications.services import notify
from lms.placements.prefectures import PREFECTURES
from lms.programs.models import Cohort, Program, is_event
from lms.safety import audience, links, queries
from lms.safety.models import (
    URGENCY,
    SafetyAnswer,
    SafetyAudience,
    SafetyCheck,
    SafetyRecipient,
    SafetyStatus,
)
from lms.security import require_staff

MAIL_TEMPLATE = "lms/safety/mail/check.txt"
MESSAGE_LIMIT = 2000
NOTE_LIMIT = 2000
LOCATION_LIMIT = 200


@dataclass(frozen=True)
class CheckInput:
    message: str
    audience: SafetyAudience | None
    cohort_id: int | None = None
    #: The seminar's cohort.
    seminar_id: int | None = None
    country: str | None = None
    prefecture: str | None = None
    is_drill: bool = False


@dataclass(frozen=True)
class AnswerInput:
    status: SafetyStatus | None
    note: str = ""
    location: str = ""


@dataclass(frozen=True)
class Preview:
    """A check as it would start, and the people it would go to: for the confirmation."""

    check: SafetyCheck
    people: list[User]


def preview(db_session: Session, actor: User, data: CheckInput) -> Preview:
    """The check ``data`` describes and its people, refused as starting it would be; nothing
    is written."""
    require_staff(actor)
    message = data.message.strip()
    if not message:
        raise ServiceError(_l("Write the message people will read."), field="message")
    if len(message) > MESSAGE_LIMIT:
        raise ServiceError(_l("Keep the message under %(limit)d characters.",
                              limit=MESSAGE_LIMIT), field="message")
    check = SafetyCheck(message=message, is_drill=data.is_drill, started_by_id=actor.id)
    _apply_audience(db_session, check, data)
    people = audience.people(db_session, check)
    if not people:
        raise ServiceError(_l("Nobody is in this group now. Choose another."), field="audience")
    return Preview(check, people)


def start(db_session: Session, actor: User, data: CheckInput) -> SafetyCheck:
    """Start the check: its group is read now and kept, and each person is mailed (and
    notified) their own link."""
    prepared = preview(db_session, actor, data)
    check = prepared.check
    check.started_at = utcnow()
    db_session.add(check)
    db_session.flush()
    db_session.execute(insert(SafetyRecipient), [
        {"check_id": check.id, "user_id": person.id, "sort_name": person.display_name}
        for person in prepared.people])
    _tell(db_session, check, prepared.people, reminder=False)
    audit.record(db_session, actor, "safety_check_started", check, after={
        **_describe(check), "people": len(prepared.people)})
    db_session.flush()
    return check


def answer(db_session: Session, token: str, data: AnswerInput) -> SafetyAnswer:
    """Keep the answer of the person the link is for; a later answer replaces theirs until
    the check is closed."""
    addressed = queries.addressed(db_session, token)
    if addressed is None:
        raise NotAllowed(_l("This link is not valid."))
    check, person = addressed.check, addressed.person
    if check.closed_at is not None:
        raise ServiceError(_l("This safety check is closed: it no longer takes answers."))
    if data.status is None:
        raise ServiceError(_l("Choose how you are."), field="status")
    note, location = data.note.strip(), data.location.strip()
    if len(note) > NOTE_LIMIT:
        raise ServiceError(_l("Keep the note under %(limit)d characters.", limit=NOTE_LIMIT),
                           field="note")
    if len(location) > LOCATION_LIMIT:
        raise ServiceError(_l("Keep where you are under %(limit)d characters.",
                              limit=LOCATION_LIMIT), field="location")
    _keep_board_order(db_session, check, person, data.status)
    given = addressed.answer
    if given is None:
        fresh = SafetyAnswer(check_id=check.id, user_id=person.id, status=data.status,
                             note=note, location=location)
        try:
            with db_session.begin_nested():
                db_session.add(fresh)
        except IntegrityError:
            # Answered by the same link a moment ago (a double tap, a retry): this answer
            # replaces that one, as a later answer does.
            given = db_session.get(SafetyAnswer, (check.id, person.id))
        else:
            audit.record(db_session, person, "safety_answered", check,
                         after=_answer_snapshot(fresh))
            db_session.flush()
            return fresh
    before = _answer_snapshot(given)
    given.status, given.note, given.location = data.status, note, location
    given.answered_at = utcnow()
    audit.record(db_session, person, "safety_answer_changed", check, before=before,
                 after=_answer_snapshot(given))
    db_session.flush()
    return given


def _keep_board_order(db_session: Session, check: SafetyCheck, person: User,
                      status: SafetyStatus) -> None:
    db_session.execute(update(SafetyRecipient).where(
        SafetyRecipient.check_id == check.id, SafetyRecipient.user_id == person.id)
        .values(urgency=URGENCY[status], sort_name=person.display_name))


@event.listens_for(User, "after_update")
def _keep_renamed_in_board_order(_mapper: Any, connection: Connection, person: User) -> None:
    """A renamed person takes her new name's place on the board of every check sent to her,
    in the transaction that renames her, whichever service renamed her."""
    if inspect(person).attrs.display_name.history.has_changes():
        connection.execute(update(SafetyRecipient.__table__)
                           .where(SafetyRecipient.__table__.c.user_id == person.id)
                           .values(sort_name=person.display_name))


def remind(db_session: Session, actor: User, check: SafetyCheck) -> int:
    """Mail the link again to everyone who has not answered; how many that was."""
    require_staff(actor)
    _refuse_if_closed(check)
    silent = queries.silent_people(db_session, check)
    if not silent:
        raise ServiceError(_l("Everyone has answered: there is nobody to remind."))
    _tell(db_session, check, silent, reminder=True)
    check.last_reminded_at = utcnow()
    audit.record(db_session, actor, "safety_check_reminded", check,
                 after={"reminded": [person.id for person in silent]})
    db_session.flush()
    return len(silent)


def close(db_session: Session, actor: User, check: SafetyCheck) -> None:
    """Close the check: the links stop taking answers; the answers stay."""
    require_staff(actor)
    _refuse_if_closed(check)
    check.closed_at = utcnow()
    audit.record(db_session, actor, "safety_check_closed", check,
                 after={"closed_at": check.closed_at.isoformat()})
    db_session.flush()


def _refuse_if_closed(check: SafetyCheck) -> None:
    if check.closed_at is not None:
        raise ServiceError(_l("This safety check is already closed."))


def _tell(db_session: Session, check: SafetyCheck, people: list[User], *,
          reminder: bool) -> None:
    subject = (_l("Drill: safety check. Are you safe?") if check.is_drill
               else _l("Safety check: are you safe?"))
    for person in people:
        notify(db_session, person, "safety_check", subject, MAIL_TEMPLATE,
               link=links.answer_url(check.id, person.id), check=check, reminder=reminder)


def _apply_audience(db_session: Session, check: SafetyCheck, data: CheckInput) -> None:
    kind = data.audience
    if kind is None:
        raise ServiceError(_l("Choose who it is for."), field="audience")
    check.audience = kind
    if kind is SafetyAudience.COHORT:
        cohort = db_session.get(Cohort, data.cohort_id) if data.cohort_id else None
        if cohort is None or is_event(db_session.get(Program, cohort.program_id).kind):
            raise ServiceError(_l("Choose the cohort."), field="cohort_id")
        check.cohort_id = cohort.id
    elif kind is SafetyAudience.SEMINAR:
        found = db_session.scalar(select(Edition.cohort_id).where(
            Edition.cohort_id == data.seminar_id)) if data.seminar_id else None
        if found is None:
            raise ServiceError(_l("Choose the seminar."), field="seminar_id")
        check.cohort_id = found
    elif kind is SafetyAudience.ALUMNI_OF_COUNTRY:
        country = (data.country or "").upper()
        if country not in babel.Locale("en").territories or not country.isalpha():
            raise ServiceError(_l("Choose the country."), field="country")
        check.country = country
    elif kind is SafetyAudience.PREFECTURE:
        if data.prefecture not in {prefecture.code for prefecture in PREFECTURES}:
            raise ServiceError(_l("Choose the prefecture."), field="prefecture")
        check.prefecture = data.prefecture


def _describe(check: SafetyCheck) -> dict[str, Any]:
    return {"message": check.message, "audience": str(check.audience),
            "cohort_id": check.cohort_id, "country": check.country,
            "prefecture": check.prefecture, "is_drill": check.is_drill}


def _answer_snapshot(given: SafetyAnswer) -> dict[str, Any]:
    return {"user_id": given.user_id, "status": str(given.status), "note": given.note,
            "location": given.location}
