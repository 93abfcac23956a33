"""Selection: staff screen sent applications, the selection committee scores the eligible ones
(``lms.reviews``), staff interview and decide. Onboarding: the selected confirm or decline by
their deadline; a declined place goes to the first on the waiting list who fits the quota.

Every decision that gives a place locks the call's row before counting the places taken, so
two staff deciding at the same moment (or a decline moving the waiting list while staff
select) never take the call past its capacity or a country past its quota.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lms import audit
from lms.accounts.models import Role, User
from lms.admissions.models import (
    AdmissionApplication,
    AdmissionCall,
    ApplicationStatus,
    ChecklistItem,
    ChecklistItemKind,
    Interview,
)
from lms.admissions.queries import quota_country
from lms.admissions.workflow import HOLDS_PLACE, STATUS_LABELS, move
from lms.clock import utcnow
from lms.db import lock_row
from lms.errors import NotAllowed, ServiceError
from lms.i18n import _l, country_name, format_when
from lms.notifications import services as notifications
from lms.programs import joining, places
from lms.programs.country import country_that_counts
from lms.programs.models import EnrollmentRole
from lms.programs.services import admit
from lms.reviews import services as reviews
from lms.reviews.models import ReviewAssignment
from lms.security import require_staff
from lms.urls import external_url

S = ApplicationStatus


def _tell_applicant(db_session: Session, application: AdmissionApplication, subject: object,
                    template: str) -> None:
    if application.applicant is not None:
        notifications.notify(db_session, application.applicant, "application_decision",
                             subject, template, application=application,
                             link=external_url("lms.admissions.application",
                                               application_id=application.id))


# Screening and review --------------------------------------------------------------------------


def screen(db_session: Session, actor: User, application: AdmissionApplication, eligible: bool,
           reason: str) -> None:
    """Eligible applications go to the selection committee; a "not eligible" needs the reason
    the applicant will read."""
    require_staff(actor)
    reason = reason.strip()
    if not eligible and not reason:
        raise ServiceError(_l("Give the reason the applicant will read."), field="reason")
    application.screening_reason = reason
    if eligible:
        application.found_eligible_at = utcnow()
        move(db_session, actor, application, S.ELIGIBLE, "admission_screened_eligible")
        if application.review_subject is None and application.applicant is not None:
            application.review_subject = reviews.open_subject(
                db_session, application.call.review_scheme, application.applicant,
                application.full_name)
            db_session.flush()
    else:
        move(db_session, actor, application, S.INELIGIBLE, "admission_screened_ineligible",
             reason=reason)
        _tell_applicant(db_session, application, _l("About your application"),
                        "lms/admissions/mail/ineligible.txt")


def assign_reviewer(db_session: Session, actor: User, application: AdmissionApplication,
                    reviewer: User, *, due_on: dt.date | None = None) -> ReviewAssignment:
    """Ask a selection committee member to review the application by ``due_on`` (by default
    LMS_REVIEW_DAYS from today in the call's zone), and tell them by mail (once)."""
    require_staff(actor)
    if application.status not in (S.ELIGIBLE, S.WAITLISTED) or application.review_subject is None:
        raise ServiceError(_l("Only eligible applications go to the selection committee."),
                           field="reviewer")
    def tell(assignment: ReviewAssignment) -> None:
        notifications.notify(db_session, reviewer, "review_assigned",
                             _l("An application to review"),
                             "lms/admissions/mail/review_assigned.txt", application=application,
                             due_on=assignment.due_on,
                             link=external_url("lms.admissions_review.review",
                                               assignment_id=assignment.id))

    return reviews.assign(db_session, actor, application.review_subject, reviewer,
                          zone=application.call.zone, due_on=due_on, tell=tell)


# Interviews ------------------------------------------------------------------------------------


@dataclass
class InterviewInput:
    starts_at: dt.datetime  # aware
    minutes: int
    place: str
    interviewer_id: int | None = None


def schedule_interview(db_session: Session, actor: User, application: AdmissionApplication,
                       given: InterviewInput) -> Interview:
    """Set or move the interview, and send both sides the time in their own zone with a
    calendar invitation."""
    require_staff(actor)
    if application.status not in (S.ELIGIBLE, S.WAITLISTED):
        raise ServiceError(_l("Only eligible applicants are interviewed."))
    if given.starts_at.tzinfo is None:
        raise ValueError("interview times are aware")
    if not 10 <= given.minutes <= 240:
        raise ServiceError(_l("Give between 10 and 240 minutes."), field="minutes")
    if not given.place.strip():
        raise ServiceError(_l("Say where the interview is: a room or the video call's "
                              "address."), field="place")
    interviewer = None
    if given.interviewer_id is not None:
        interviewer = db_session.get(User, given.interviewer_id)
        if interviewer is None or not (interviewer.has_role(Role.STAFF)
                                       or Role.COMMITTEE_MEMBER in interviewer.roles):
            raise ServiceError(_l("Choose a member of staff or of the committee."),
                               field="interviewer_id")
    interview = db_session.scalar(select(Interview).where(
        Interview.application_id == application.id))
    if interview is None:
        interview = Interview(application=application, sequence=0)
        db_session.add(interview)
    else:
        interview.sequence += 1
    interview.starts_at = given.starts_at.astimezone(dt.UTC)
    interview.minutes = given.minutes
    interview.place = given.place.strip()[:500]
    interview.interviewer = interviewer
    interview.scheduled_by_id = actor.id
    interview.updated_at = utcnow()
    db_session.flush()
    audit.record(db_session, actor, "admission_interview_scheduled", application,
                 after={"starts_at": interview.starts_at.isoformat(), "minutes": given.minutes})
    for person in (application.applicant, interviewer):
        if person is not None:
            notifications.notify(
                db_session, person, "interview",
                _l("Interview: %(when)s", when=format_when(interview.starts_at,
                                                           zone=person.timezone)),
                "lms/admissions/mail/interview.txt", application=application,
                interview=interview, zone=person.timezone,
                link=external_url("lms.admissions.interview_invitation",
                                  application_id=application.id))
    return interview


# Decisions -------------------------------------------------------------------------------------


@dataclass
class PlacesTaken:
    #: The places the call's capacity is about: the cohort's, or a side's own.
    total: int = 0
    by_country: Counter[str] = field(default_factory=Counter)
    #: The cohort's places taken however given, whatever side.
    cohort_total: int = 0


def country_of(db_session: Session, application: AdmissionApplication) -> str | None:
    """:func:`lms.admissions.queries.quota_country` for one application."""
    return country_that_counts(db_session, application.applicant_id, application.country)


def places_taken(db_session: Session, call: AdmissionCall) -> PlacesTaken:
    """Read from the database, never from loaded rows, so it counts what another transaction
    committed before our lock. The total is the cohort's places taken however they were given
    (lms.programs.places), the one figure every page shows, except for a side of an edition
    (``side_country``), whose capacity is about its own places; the countries count the
    call's own places, which its quota is about."""
    holding = (select(quota_country().label("country"))
               .where(AdmissionApplication.call_id == call.id,
                      AdmissionApplication.status.in_(HOLDS_PLACE))
               .subquery())
    rows = db_session.execute(select(holding.c.country, func.count())
                              .group_by(holding.c.country)).all()
    cohort_total = places.taken_counts(db_session, [call.cohort_id]).get(call.cohort_id, 0)
    taken = PlacesTaken(total=cohort_total, cohort_total=cohort_total)
    for country, count in rows:
        taken.by_country[country or ""] += count
    if call.side_country is not None:
        taken.total = sum(taken.by_country.values())
    return taken


def _pending_from(db_session: Session, call: AdmissionCall, country: str) -> int:
    """Offers not yet answered from ``country`` at any call of the cohort: they will join it
    and count for its caps per country."""
    return db_session.scalar(
        select(func.count()).select_from(AdmissionApplication)
        .join(AdmissionCall, AdmissionCall.id == AdmissionApplication.call_id)
        .where(AdmissionCall.cohort_id == call.cohort_id,
               AdmissionApplication.status == S.SELECTED, quota_country() == country)) or 0


def _room_for_side(db_session: Session, call: AdmissionCall, country: str | None,
                   taken: PlacesTaken) -> str | None:
    """Why an edition's side cannot take this applicant: another country's, the edition
    full, or its cap for the country reached (lms.programs.joining)."""
    if call.side_country is not None and country != call.side_country:
        return str(_l("This call selects participants from %(side)s; this applicant counts "
                      "for %(country)s.", side=country_name(call.side_country),
                      country=country_name(country) or _l("no country")))
    if taken.cohort_total >= call.cohort.capacity:
        return str(_l("All %(capacity)d places of the edition are taken.",
                      capacity=call.cohort.capacity))
    way = joining.way_for(call.cohort)
    cap = way.cap(db_session, call.cohort, country) if way is not None and country else None
    if way is not None and country and cap is not None:
        held = way.joined_from(db_session, call.cohort, country) + \
            _pending_from(db_session, call, country)
        if held >= cap:
            return str(_l("The edition takes up to %(cap)d participants from %(country)s, and "
                          "%(held)d have their place. Put the applicant on the waiting list "
                          "instead.", cap=cap, country=country_name(country), held=held))
    return None


def _room_for(db_session: Session, call: AdmissionCall,
              application: AdmissionApplication) -> str | None:
    """Why the application cannot take a place now, or None if it can."""
    taken = places_taken(db_session, call)
    if taken.total >= call.capacity:
        return str(_l("All %(capacity)d places are given. Put the applicant on the waiting "
                      "list instead.", capacity=call.capacity))
    side = joining.way_for(call.cohort) is not None or call.side_country is not None
    country = country_of(db_session, application) \
        if call.country_quota is not None or side else None
    if side and (refusal := _room_for_side(db_session, call, country, taken)) is not None:
        return refusal
    if call.country_quota is not None and taken.by_country[country or ""] >= call.country_quota:
        return str(_l("The quota for %(country)s is full: %(taken)d of %(quota)d places are "
                      "given. Put the applicant on the waiting list instead.",
                      country=country_name(country), taken=taken.by_country[country or ""],
                      quota=call.country_quota))
    return None


def _offer_place(db_session: Session, actor: User | None, application: AdmissionApplication,
                 action: str) -> None:
    application.reply_by = utcnow() + dt.timedelta(days=application.call.reply_days)
    application.waitlist_position = None
    move(db_session, actor, application, S.SELECTED, action)
    _tell_applicant(db_session, application, _l("You are selected"),
                    "lms/admissions/mail/selected.txt")


def decide(db_session: Session, actor: User, application: AdmissionApplication,
           outcome: ApplicationStatus, message: str) -> None:
    require_staff(actor)
    if outcome not in (S.SELECTED, S.WAITLISTED, S.NOT_SELECTED):
        raise ServiceError(_l("Choose selected, waiting list or not selected."), field="outcome")
    call = application.call
    lock_row(db_session, AdmissionCall, call.id)
    # Another member of staff may have decided it while we waited for the lock.
    db_session.refresh(application)
    if application.status not in (S.ELIGIBLE, S.WAITLISTED) or application.status == outcome:
        raise ServiceError(_l("This application was decided meanwhile: it is %(status)s.",
                              status=str(STATUS_LABELS[application.status])))
    application.decision_message = message.strip()
    application.decided_at = utcnow()
    if outcome == S.SELECTED:
        refusal = _room_for(db_session, call, application)
        if refusal is not None:
            raise ServiceError(refusal, field="outcome")
        _offer_place(db_session, actor, application, "admission_selected")
    elif outcome == S.WAITLISTED:
        last = db_session.scalar(select(func.max(AdmissionApplication.waitlist_position)).where(
            AdmissionApplication.call_id == call.id)) or 0
        application.waitlist_position = last + 1
        move(db_session, actor, application, S.WAITLISTED, "admission_waitlisted",
             position=application.waitlist_position)
        _tell_applicant(db_session, application, _l("You are on the waiting list"),
                        "lms/admissions/mail/waitlisted.txt")
    else:
        application.waitlist_position = None
        move(db_session, actor, application, S.NOT_SELECTED, "admission_not_selected")
        _tell_applicant(db_session, application, _l("About your application"),
                        "lms/admissions/mail/not_selected.txt")


def move_up_waitlist(db_session: Session, call: AdmissionCall) -> list[AdmissionApplication]:
    """Offer freed places to the waiting list in its order, skipping those whose country's
    quota is full. The caller holds the call's lock."""
    offered = []
    waiting = db_session.scalars(
        select(AdmissionApplication)
        .where(AdmissionApplication.call_id == call.id,
               AdmissionApplication.status == S.WAITLISTED)
        .order_by(AdmissionApplication.waitlist_position, AdmissionApplication.id)).all()
    for application in waiting:
        if places_taken(db_session, call).total >= call.capacity:
            break
        if _room_for(db_session, call, application) is None:
            application.decided_at = utcnow()
            _offer_place(db_session, None, application, "admission_moved_up")
            offered.append(application)
    return offered


# The applicant's answer ------------------------------------------------------------------------


def _require_offer(actor: User, application: AdmissionApplication) -> None:
    if application.applicant_id != actor.id:
        raise NotAllowed(_l("Only the applicant can answer this offer."))
    if application.status != S.SELECTED:
        raise ServiceError(_l("There is no open offer to answer on this application."))


def confirm_place(db_session: Session, actor: User, application: AdmissionApplication) -> None:
    """Take the place: the applicant is enrolled in the cohort, on the same account, and
    finds the pre-arrival checklist."""
    _require_offer(actor, application)
    if application.reply_by is not None and utcnow() > application.reply_by:
        raise ServiceError(_l("The time to confirm ended on %(when)s. Write to the program "
                              "staff.", when=format_when(application.reply_by)))
    call = application.call
    lock_row(db_session, AdmissionCall, call.id)
    application.replied_at = utcnow()
    country = country_of(db_session, application)
    way = joining.way_for(call.cohort)
    if way is not None:
        # An edition's participant registers for it (an exchange's side), and is no trainee:
        # no enrollment, and no pre-arrival checklist of the year-long program.
        way.join(db_session, call.cohort, actor, application.organization,
                 country or actor.country or "")
        move(db_session, actor, application, S.CONFIRMED, "admission_place_confirmed")
        db_session.flush()
        return
    # The enrollment keeps the country the place was given for.
    application.enrollment = admit(db_session, call.cohort, actor, EnrollmentRole.TRAINEE,
                                   application.organization, country)
    move(db_session, actor, application, S.CONFIRMED, "admission_place_confirmed")
    for kind in ChecklistItemKind:
        db_session.add(ChecklistItem(application=application, kind=kind))
    db_session.flush()


def decline_place(db_session: Session, actor: User, application: AdmissionApplication) -> None:
    _require_offer(actor, application)
    _release(db_session, actor, application, "admission_place_declined")


def release_lapsed_place(db_session: Session, actor: User,
                         application: AdmissionApplication) -> None:
    """Staff free the place of someone selected who did not answer by the deadline."""
    require_staff(actor)
    if application.status != S.SELECTED or application.reply_by is None \
            or utcnow() <= application.reply_by:
        raise ServiceError(_l("Only a place not confirmed by its deadline can be released."))
    _release(db_session, actor, application, "admission_place_lapsed")


def _release(db_session: Session, actor: User, application: AdmissionApplication,
             action: str) -> None:
    call = application.call
    lock_row(db_session, AdmissionCall, call.id)
    application.replied_at = utcnow()
    move(db_session, actor, application, S.DECLINED, action)
    move_up_waitlist(db_session, call)
