"""Follow-up training: staff open a follow-up cohort for applications, alumni apply with a
short motivation, and staff select up to the cohort's places; the others wait on a waitlist.

The application workflow (a move not listed is refused):

    submitted  → selected | waitlisted | withdrawn
    waitlisted → selected | withdrawn

Selected and withdrawn are final. Staff do not decline: the issue asks that everyone not
selected be waitlisted, and a waitlist stays useful until the training ends (a selected
person may still drop out). A selected person who cannot come is withdrawn from the cohort
by staff, which frees the place for someone on the waitlist.

Every move writes an audit event in the same transaction. Decisions that count places take
the cohort's row lock first, so two staff selecting at the same moment never overfill it.
Services flush, never commit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from lms import audit
from lms.accounts.models import User
from lms.clock import utcnow
from lms.db import lock_row
from lms.errors import NotAllowed, ServiceError
from lms.followup.models import ApplicationStatus, FollowUpApplication, FollowUpCall
from lms.i18n import _l, _ln, format_day
from lms.names import lazy_name
from lms.notifications import services as notifications
from lms.programs.models import Cohort, CohortStatus, Enrollment, EnrollmentRole, ProgramKind
from lms.programs.services import active_trainee_count, enroll
from lms.programs.standing import is_alumnus
from lms.security import require_staff
from lms.urls import external_url

MOTIVATION_MIN = 50
MOTIVATION_MAX = 2000
INTRO_MAX = 5000

TRANSITIONS: dict[ApplicationStatus, set[ApplicationStatus]] = {
    ApplicationStatus.SUBMITTED: {ApplicationStatus.SELECTED, ApplicationStatus.WAITLISTED,
                                  ApplicationStatus.WITHDRAWN},
    ApplicationStatus.WAITLISTED: {ApplicationStatus.SELECTED, ApplicationStatus.WITHDRAWN},
    ApplicationStatus.SELECTED: set(),
    ApplicationStatus.WITHDRAWN: set(),
}

STATUS_LABELS = {
    ApplicationStatus.SUBMITTED: _l("submitted, waiting for the selection"),
    ApplicationStatus.SELECTED: _l("selected"),
    ApplicationStatus.WAITLISTED: _l("on the waitlist"),
    ApplicationStatus.WITHDRAWN: _l("withdrawn by the applicant"),
}

#: Cohorts in which staff may still select people: before and during the training.
SELECTING_STATUSES = {CohortStatus.PLANNED, CohortStatus.ACTIVE}

NOT_ALUMNUS = _l("Follow-up trainings are for alumni of the year-long training program: "
                 "people who have completed it. You can apply once you have completed the "
                 "year-long training.")


def check_transition(current: ApplicationStatus, wanted: ApplicationStatus) -> None:
    if wanted not in TRANSITIONS[current]:
        raise ServiceError(_l("An application that is %(current)s cannot become %(wanted)s.",
                              current=str(STATUS_LABELS[current]),
                              wanted=str(STATUS_LABELS[wanted])))


def _move(db_session: Session, actor: User, application: FollowUpApplication,
          wanted: ApplicationStatus, action: str) -> None:
    check_transition(application.status, wanted)
    before = str(application.status)
    application.status = wanted
    now = utcnow()
    if wanted == ApplicationStatus.WITHDRAWN:
        application.withdrawn_at = now
    else:
        application.decided_at = now
        application.decided_by_id = actor.id
    db_session.flush()
    audit.record(db_session, actor, action, application, before={"status": before},
                 after={"status": str(wanted), "cohort_id": application.cohort_id,
                        "user_id": application.user_id})


def require_follow_up(cohort: Cohort) -> None:
    if cohort.program.kind != ProgramKind.FOLLOW_UP:
        raise ServiceError(_l("This cohort is not a follow-up training."))


def require_alumnus_to_apply(db_session: Session, user: User) -> None:
    if not is_alumnus(db_session, user):
        raise NotAllowed(NOT_ALUMNUS)


# Calls for applications -------------------------------------------------------------------------


def closing_time(cohort: Cohort, last_day: dt.date) -> dt.datetime:
    """The end of ``last_day`` in the cohort's zone, in UTC: applicants read the day as theirs
    to use, and the training's zone is the one the program runs on."""
    local = dt.datetime.combine(last_day, dt.time(23, 59, 59), cohort.zone)
    return local.astimezone(dt.UTC)


def call_of(db_session: Session, cohort: Cohort) -> FollowUpCall | None:
    return db_session.scalar(select(FollowUpCall).where(FollowUpCall.cohort_id == cohort.id))


def is_open_for_applications(cohort: Cohort, call: FollowUpCall | None,
                             moment: dt.datetime | None = None) -> bool:
    return (cohort.status == CohortStatus.PLANNED and call is not None
            and call.is_open_at(moment or utcnow()))


def open_call(db_session: Session, actor: User, cohort: Cohort, intro: str,
              last_day: dt.date) -> FollowUpCall:
    """Open the cohort for applications until the end of ``last_day``, or change an open or
    closed call; saving it always leaves it open."""
    require_staff(actor)
    require_follow_up(cohort)
    if cohort.status != CohortStatus.PLANNED:
        raise ServiceError(_l("Applications can only be taken for a training that has not "
                              "started yet."))
    intro = intro.strip()
    if len(intro) > INTRO_MAX:
        raise ServiceError(_l("Keep the introduction under %(count)d characters.",
                              count=INTRO_MAX), field="intro")
    closes_at = closing_time(cohort, last_day)
    if closes_at <= utcnow():
        raise ServiceError(_l("The last day to apply must be today or later."),
                           field="last_day")
    if last_day >= cohort.starts_on:
        raise ServiceError(_l("Applications must close before the training starts on "
                              "%(day)s.", day=format_day(cohort.starts_on)), field="last_day")
    call = call_of(db_session, cohort)
    before = _call_snapshot(call) if call else None
    if call is None:
        call = FollowUpCall(cohort_id=cohort.id, closes_at=closes_at, opened_by_id=actor.id)
        db_session.add(call)
    call.intro = intro
    call.closes_at = closes_at
    call.closed_at = None
    db_session.flush()
    audit.record(db_session, actor, "follow_up_call_opened" if before is None
                 else "follow_up_call_changed", call, before=before, after=_call_snapshot(call))
    return call


def close_call(db_session: Session, actor: User, call: FollowUpCall) -> None:
    """Stop taking applications now, before the closing day. Closing twice changes nothing."""
    require_staff(actor)
    if call.closed_at is not None:
        return
    before = _call_snapshot(call)
    call.closed_at = utcnow()
    db_session.flush()
    audit.record(db_session, actor, "follow_up_call_closed", call, before=before,
                 after=_call_snapshot(call))


def _call_snapshot(call: FollowUpCall) -> dict[str, str | None]:
    return {"intro": call.intro, "closes_at": call.closes_at.isoformat(),
            "closed_at": call.closed_at.isoformat() if call.closed_at else None}


# Applying ---------------------------------------------------------------------------------------


def check_motivation(motivation: str) -> str:
    text = motivation.strip()
    if len(text) < MOTIVATION_MIN:
        raise ServiceError(_l("Write at least %(count)d characters about why you wish to "
                              "join.", count=MOTIVATION_MIN), field="motivation")
    if len(text) > MOTIVATION_MAX:
        raise ServiceError(_l("Keep your motivation under %(count)d characters.",
                              count=MOTIVATION_MAX), field="motivation")
    return text


def application_of(db_session: Session, cohort: Cohort, user: User) -> FollowUpApplication | None:
    return db_session.scalar(select(FollowUpApplication).where(
        FollowUpApplication.cohort_id == cohort.id, FollowUpApplication.user_id == user.id)
        .execution_options(populate_existing=True))


def apply(db_session: Session, actor: User, cohort: Cohort,
          motivation: str) -> FollowUpApplication:
    """Apply to a follow-up cohort. Sending the same application twice (a double click, a
    retry) returns the first one unchanged."""
    require_follow_up(cohort)
    require_alumnus_to_apply(db_session, actor)
    text = check_motivation(motivation)
    lock_row(db_session, Cohort, cohort.id)
    existing = application_of(db_session, cohort, actor)
    if existing is not None:
        if existing.status == ApplicationStatus.WITHDRAWN:
            raise ServiceError(_l("You withdrew your application to this training. Each "
                                  "person applies once; write to the program staff if your "
                                  "plans have changed."))
        return existing
    if not is_open_for_applications(cohort, call_of(db_session, cohort)):
        raise ServiceError(_l("Applications to this training are closed."))
    enrolled = db_session.scalar(select(Enrollment.id).where(
        Enrollment.cohort_id == cohort.id, Enrollment.user_id == actor.id,
        Enrollment.role == EnrollmentRole.TRAINEE))
    if enrolled is not None:
        raise ServiceError(_l("You are already enrolled in this training."))
    application = FollowUpApplication(cohort_id=cohort.id, user_id=actor.id, motivation=text,
                                      status=ApplicationStatus.SUBMITTED)
    try:
        with db_session.begin_nested():
            db_session.add(application)
    except IntegrityError:  # a simultaneous request of the same person got there first
        found = application_of(db_session, cohort, actor)
        if found is None:
            raise
        return found
    audit.record(db_session, actor, "follow_up_applied", application,
                 after={"status": str(application.status), "cohort_id": cohort.id})
    return application


def withdraw(db_session: Session, actor: User, application: FollowUpApplication) -> None:
    """The applicant takes back an application not yet decided (or on the waitlist)."""
    if application.user_id != actor.id:
        raise NotAllowed(_l("Only the applicant can withdraw an application."))
    # Taken so a withdrawal and a selection of the same person never both succeed.
    lock_row(db_session, Cohort, application.cohort_id)
    db_session.refresh(application)
    if application.status == ApplicationStatus.WITHDRAWN:
        return  # withdrawn by an earlier press of the same button
    if application.status == ApplicationStatus.SELECTED:
        raise ServiceError(_l("You have been selected and enrolled, so the application can no "
                              "longer be withdrawn here. If you cannot take part, write to "
                              "the program staff so that your place can go to someone "
                              "else."))
    _move(db_session, actor, application, ApplicationStatus.WITHDRAWN,
          "follow_up_application_withdrawn")


# Selecting --------------------------------------------------------------------------------------


@dataclass
class Selection:
    selected: list[FollowUpApplication] = field(default_factory=list)
    waitlisted: list[FollowUpApplication] = field(default_factory=list)


def places_left(db_session: Session, cohort: Cohort) -> int:
    return max(cohort.capacity - active_trainee_count(db_session, cohort), 0)


def _check_selecting(actor: User, cohort: Cohort) -> None:
    require_staff(actor)
    require_follow_up(cohort)
    if cohort.status not in SELECTING_STATUSES:
        raise ServiceError(_l("This training is completed or cancelled; its selection is "
                              "over."))


def select_applicants(db_session: Session, actor: User, cohort: Cohort,
                      application_ids: Iterable[int]) -> Selection:
    """Select the ticked applicants, enrolling each as a trainee, and put everyone else still
    waiting for a decision on the waitlist; all of it, or nothing if the places do not suffice.
    Ticking people already selected (the same form sent twice) changes nothing for them."""
    _check_selecting(actor, cohort)
    chosen_ids = set(application_ids)
    if not chosen_ids:
        raise ServiceError(_l("Tick the people you select."), field="chosen")
    lock_row(db_session, Cohort, cohort.id)
    applications = list(db_session.scalars(
        select(FollowUpApplication).options(joinedload(FollowUpApplication.user))
        .where(FollowUpApplication.cohort_id == cohort.id,
               or_(FollowUpApplication.status == ApplicationStatus.SUBMITTED,
                   FollowUpApplication.id.in_(chosen_ids)))
        .order_by(FollowUpApplication.submitted_at, FollowUpApplication.id)
        .execution_options(populate_existing=True)))
    chosen = [application for application in applications if application.id in chosen_ids]
    if len(chosen) != len(chosen_ids):
        raise ServiceError(_l("Some of the people you ticked have not applied to this "
                              "training."), field="chosen")
    for application in chosen:
        if application.status == ApplicationStatus.WITHDRAWN:
            raise ServiceError(_l("%(name)s has withdrawn the application and cannot be "
                                  "selected.", name=application.user.display_name),
                               field="chosen")
    to_select = [application for application in chosen
                 if application.status != ApplicationStatus.SELECTED]
    free = places_left(db_session, cohort)
    if len(to_select) > free:
        raise ServiceError(_l("You ticked %(people)s, but %(places)s. Nothing has been "
                              "changed: tick fewer people.",
                              people=_ln("%(num)d person", "%(num)d people", len(to_select)),
                              places=_ln("%(num)d place is left", "%(num)d places are left",
                                         free)), field="chosen")
    result = Selection()
    for application in to_select:
        application.enrollment = enroll(db_session, actor, cohort, application.user,
                                        EnrollmentRole.TRAINEE)
        _move(db_session, actor, application, ApplicationStatus.SELECTED,
              "follow_up_applicant_selected")
        _tell(db_session, application)
        result.selected.append(application)
    result.waitlisted = _waitlist(db_session, actor, [
        application for application in applications
        if application.status == ApplicationStatus.SUBMITTED])
    return result


def waitlist_remaining(db_session: Session, actor: User,
                       cohort: Cohort) -> list[FollowUpApplication]:
    """Put everyone still waiting for a decision on the waitlist, without selecting anyone:
    for applications that arrive once the places are taken."""
    _check_selecting(actor, cohort)
    lock_row(db_session, Cohort, cohort.id)
    waiting = list(db_session.scalars(
        select(FollowUpApplication).options(joinedload(FollowUpApplication.user))
        .where(FollowUpApplication.cohort_id == cohort.id,
               FollowUpApplication.status == ApplicationStatus.SUBMITTED)
        .order_by(FollowUpApplication.submitted_at, FollowUpApplication.id)
        .execution_options(populate_existing=True)))
    if not waiting:
        raise ServiceError(_l("No application is waiting for a decision."))
    return _waitlist(db_session, actor, waiting)


def _waitlist(db_session: Session, actor: User,
              applications: list[FollowUpApplication]) -> list[FollowUpApplication]:
    for application in applications:
        _move(db_session, actor, application, ApplicationStatus.WAITLISTED,
              "follow_up_applicant_waitlisted")
        _tell(db_session, application)
    return applications


def _tell(db_session: Session, application: FollowUpApplication) -> None:
    cohort = application.cohort
    if application.status == ApplicationStatus.SELECTED:
        subject = _l("You have been selected: %(title)s", title=lazy_name(cohort))
        template = "lms/followup/mail/selected.txt"
        link = (external_url("lms.curriculum.outline", cohort_id=cohort.id)
                if cohort.course_id else external_url("lms.followup.mine"))
    else:
        subject = _l("On the waitlist: %(title)s", title=lazy_name(cohort))
        template = "lms/followup/mail/waitlisted.txt"
        link = external_url("lms.followup.mine")
    notifications.notify(db_session, application.user, "application_decision", subject,
                         template, cohort=cohort, link=link)
