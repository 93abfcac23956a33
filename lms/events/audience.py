"""Whom an edition is for: alumni of the year-long program and its current trainees (the
seminar's people, and every edition's unless staff say otherwise), and, where staff open it to
all, anyone signed in with a confirmed address, who then declares a country; and, whatever the
edition is open to, the people staff invited to it (lms.events.invitations), who declare a
country too. The members of an edition's delegations (a study tour's group, most of whom are
neither) see that edition and its program too. As SQL conditions for the lists and as answers
for one person and one edition."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, and_, false, func, or_, select, true
from sqlalchemy.orm import Session

from lms.accounts.models import Role, User
from lms.events.delegation_models import Delegation, DelegationMember
from lms.events.editions import seminar_of
from lms.events.models import (
    ALUMNUS,
    INVITED,
    PUBLIC,
    TRAINEE,
    Edition,
    Invitation,
    Registration,
)
from lms.i18n import _l
from lms.programs.models import (
    Cohort,
    CohortStatus,
    Enrollment,
    EnrollmentRole,
    EnrollmentStatus,
    Program,
    ProgramKind,
)
from lms.programs.standing import completed_year_enrollments


def _current_trainee_enrollments(user_id: int | ColumnElement[int]
                                 ) -> Select[tuple[Enrollment]]:
    """Active trainee enrollments in an active cohort of the year-long program."""
    return (select(Enrollment).join(Cohort, Cohort.id == Enrollment.cohort_id)
            .join(Program, Program.id == Cohort.program_id)
            .where(Enrollment.user_id == user_id, Enrollment.role == EnrollmentRole.TRAINEE,
                   Enrollment.status == EnrollmentStatus.ACTIVE,
                   Cohort.status == CohortStatus.ACTIVE, Program.kind == ProgramKind.YEAR_LONG))


def current_trainee_enrollments(user_id: int | ColumnElement[int]) -> Select[tuple[Enrollment]]:
    """Public for the event report, which counts current trainees among the participants."""
    return _current_trainee_enrollments(user_id)


def eligible_to_register(user_id: int | ColumnElement[int]) -> ColumnElement[bool]:
    """A condition true when the user is an alumnus or a current trainee: the people the
    seminar is for. A condition rather than a query so that lists can filter by it."""
    # Never correlated: an enclosing query over cohorts (the seminars) must not bind the
    # year-long cohorts these conditions speak of.
    alumnus = completed_year_enrollments().where(Enrollment.user_id == user_id)
    trainee = _current_trainee_enrollments(user_id)
    return or_(alumnus.correlate(None).exists(), trainee.correlate(None).exists())


def _confirmed(user_id: int | ColumnElement[int]) -> ColumnElement[bool]:
    return select(User.id).where(User.id == user_id, User.email_confirmed_at.is_not(None)) \
        .correlate(None).exists()


def invited(user_id: int | ColumnElement[int]) -> ColumnElement[bool]:
    """A condition true when staff invited the user to the edition (the Cohort) of the
    enclosing query."""
    return select(Invitation.id).where(Invitation.cohort_id == Cohort.id,
                                       Invitation.user_id == user_id).correlate(Cohort).exists()


def is_invited(db_session: Session, user: User, cohort_id: int) -> bool:
    return db_session.scalar(select(Invitation.id).where(
        Invitation.cohort_id == cohort_id, Invitation.user_id == user.id)) is not None


#: The ways in by which a person declares her country and organization when registering.
DECLARING = frozenset({PUBLIC, INVITED})


def eligible_for_edition(user_id: int | ColumnElement[int]) -> ColumnElement[bool]:
    """A condition true when the user may register for the edition of the enclosing query
    (joined, perhaps outer, to Edition): an alumna or a current trainee where the edition
    takes them (an edition without details takes both, as the seminar always did), anyone
    with a confirmed address where it is open to all, or someone staff invited."""
    alumnus = completed_year_enrollments().where(Enrollment.user_id == user_id)
    trainee = _current_trainee_enrollments(user_id)
    return or_(
        invited(user_id),
        and_(func.coalesce(Edition.open_to_alumni, true()), alumnus.correlate(None).exists()),
        and_(func.coalesce(Edition.open_to_trainees, true()),
             trainee.correlate(None).exists()),
        and_(func.coalesce(Edition.open_to_public, false()), _confirmed(user_id)))


def in_a_delegation(user_id: int | ColumnElement[int]) -> ColumnElement[bool]:
    """A condition true when the user is a member of a delegation of the enclosing query's
    edition (its Cohort)."""
    return select(DelegationMember.id).join(
        Delegation, Delegation.id == DelegationMember.delegation_id).where(
        Delegation.cohort_id == Cohort.id, DelegationMember.user_id == user_id).exists()


def is_delegation_member(db_session: Session, user: User, cohort: Cohort | None = None) -> bool:
    """Whether ``user`` is a member of a delegation: of ``cohort``'s, or of any edition's."""
    statement = select(DelegationMember.id).join(
        Delegation, Delegation.id == DelegationMember.delegation_id).where(
        DelegationMember.user_id == user.id)
    if cohort is not None:
        statement = statement.where(Delegation.cohort_id == cohort.id)
    return db_session.scalar(statement.limit(1)) is not None


def way_in(db_session: Session, user: User, seminar: Edition | None,
           cohort: Cohort | None = None) -> str | None:
    """How ``user`` may register for an edition, which is also what the registration records
    she came as: an "alumnus" or a current "trainee" it takes (her country is that of her
    training), "public" (anyone with a confirmed address, who declares a country), "invited"
    (someone staff invited to ``cohort``, who declares a country too), or None."""
    alumni = seminar is None or seminar.open_to_alumni
    trainees = seminar is None or seminar.open_to_trainees
    if alumni and db_session.scalar(select(
            completed_year_enrollments().where(Enrollment.user_id == user.id).exists())):
        return ALUMNUS
    if trainees and is_current_trainee(db_session, user):
        return TRAINEE
    if seminar is not None and seminar.open_to_public and user.is_email_confirmed:
        return PUBLIC
    cohort_id = cohort.id if cohort is not None else seminar.cohort_id if seminar else None
    if cohort_id is not None and is_invited(db_session, user, cohort_id):
        return INVITED
    return None


def for_whom(seminar: Edition | None) -> list[Any]:
    """Whom an edition is for, as the lines its page shows."""
    if seminar is None:
        return [_l("Alumni of the year-long training program"), _l("Its current trainees")]
    lines: list[Any] = []
    if seminar.open_to_alumni:
        lines.append(_l("Alumni of the year-long training program"))
    if seminar.open_to_trainees:
        lines.append(_l("Its current trainees"))
    if seminar.open_to_public:
        lines.append(_l("Anyone with an account and a confirmed email address"))
    lines.append(_l("People the program staff invite"))
    return lines


def is_current_trainee(db_session: Session, user: User) -> bool:
    return db_session.scalar(
        _current_trainee_enrollments(user.id).with_only_columns(Enrollment.id).limit(1)) is not None


def may_register(db_session: Session, user: User) -> bool:
    return bool(db_session.scalar(select(eligible_to_register(user.id))))


def may_see_seminars(db_session: Session, user: User) -> bool:
    """Staff, the people who may register, anyone who once registered (so they can always
    see, and cancel, what they signed up for), and the members of a delegation."""
    if user.has_role(Role.STAFF) or may_register(db_session, user):
        return True
    if user.is_email_confirmed and db_session.scalar(select(Edition.id).where(
            Edition.open_to_public.is_(True)).limit(1)) is not None:
        return True
    if db_session.scalar(select(Invitation.id).where(
            Invitation.user_id == user.id).limit(1)) is not None:
        return True
    if db_session.scalar(select(Registration.id).where(
            Registration.user_id == user.id).limit(1)) is not None:
        return True
    return is_delegation_member(db_session, user)


def may_see_edition(db_session: Session, user: User, cohort: Cohort) -> bool:
    """Staff see every edition; anyone else one they may register for (invited to it
    included) or registered for, or one with a delegation they are a member of (a study tour's
    interpreter, who is neither an alumna nor a trainee, reads the program she travels by)."""
    if user.has_role(Role.STAFF):
        return True
    seminar = seminar_of(db_session, cohort)
    if way_in(db_session, user, seminar, cohort) is not None:
        return True
    if db_session.scalar(select(Registration.id).where(
            Registration.user_id == user.id, Registration.cohort_id == cohort.id)) is not None:
        return True
    return is_delegation_member(db_session, user, cohort)
