"""Read models for the follow-up pages: a fixed handful of queries per page, whatever the
number of cohorts or applications."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session, aliased, contains_eager, joinedload

from lms.accounts.models import User
from lms.clock import utcnow
from lms.followup.models import ApplicationStatus, FollowUpApplication, FollowUpCall
from lms.pagination import Page, paginate
from lms.programs.models import Cohort, CohortStatus, Enrollment, Program, ProgramKind
from lms.programs.places import taken_counts
from lms.programs.standing import completed_year_enrollments


@dataclass(frozen=True)
class CohortOffer:
    """A follow-up cohort as one alumna sees it: open to her application, or applied to."""

    cohort: Cohort
    call: FollowUpCall | None
    application: FollowUpApplication | None
    places_left: int
    is_open: bool

    @property
    def status(self) -> ApplicationStatus | None:
        return self.application.status if self.application else None

    @property
    def may_apply(self) -> bool:
        return self.is_open and self.application is None


def _open_call_clause():  # type: ignore[no-untyped-def]
    return and_(Cohort.status == CohortStatus.PLANNED, FollowUpCall.id.is_not(None),
                FollowUpCall.closed_at.is_(None), FollowUpCall.closes_at >= utcnow())


def open_cohorts_for(db_session: Session, user: User) -> list[CohortOffer]:
    """Follow-up cohorts open for applications now, and those not yet over that ``user`` has
    applied to, each with her application (or None) and the places left. Two queries.

    Finished (completed or cancelled) cohorts are left out even if she applied: they are
    history, listed on her applications page."""
    rows = db_session.execute(
        select(Cohort, FollowUpCall, FollowUpApplication)
        .join(Program, Program.id == Cohort.program_id)
        .outerjoin(FollowUpCall, FollowUpCall.cohort_id == Cohort.id)
        .outerjoin(FollowUpApplication, and_(FollowUpApplication.cohort_id == Cohort.id,
                                             FollowUpApplication.user_id == user.id))
        .options(contains_eager(Cohort.program), joinedload(Cohort.course))
        .where(Program.kind == ProgramKind.FOLLOW_UP,
               or_(_open_call_clause(),
                   and_(FollowUpApplication.id.is_not(None),
                        Cohort.status.in_([CohortStatus.PLANNED, CohortStatus.ACTIVE]))))
        .order_by(Cohort.starts_on, Cohort.id)).unique().all()
    counts = taken_counts(db_session, [cohort.id for cohort, _call, _application in rows])
    now = utcnow()
    return [CohortOffer(cohort=cohort, call=call, application=application,
                        places_left=max(cohort.capacity - counts.get(cohort.id, 0), 0),
                        is_open=(cohort.status == CohortStatus.PLANNED and call is not None
                                 and call.is_open_at(now)))
            for cohort, call, application in rows]


def follow_up_cohort(db_session: Session, cohort_id: int) -> Cohort | None:
    """A cohort of a follow-up program, or None (any other cohort is not found here)."""
    return db_session.scalar(
        select(Cohort).join(Program, Program.id == Cohort.program_id)
        .options(contains_eager(Cohort.program), joinedload(Cohort.course))
        .where(Cohort.id == cohort_id, Program.kind == ProgramKind.FOLLOW_UP))


def own_application(db_session: Session, user: User,
                    application_id: int) -> FollowUpApplication | None:
    """The application if it is ``user``'s own: another person's id is simply not found."""
    return db_session.scalar(
        select(FollowUpApplication).options(joinedload(FollowUpApplication.cohort))
        .where(FollowUpApplication.id == application_id,
               FollowUpApplication.user_id == user.id))


def my_applications(db_session: Session, user: User, number: int) -> Page[FollowUpApplication]:
    statement = (select(FollowUpApplication)
                 .join(Cohort, Cohort.id == FollowUpApplication.cohort_id)
                 .options(contains_eager(FollowUpApplication.cohort))
                 .where(FollowUpApplication.user_id == user.id)
                 .order_by(Cohort.starts_on.desc(), FollowUpApplication.id.desc()))
    return paginate(db_session, statement, number)


def waitlist_positions(db_session: Session,
                       applications: list[FollowUpApplication]) -> dict[int, int]:
    """Each waitlisted application's place on its cohort's waiting list (1 is next), in one
    query. The list is in the order people applied, as the staff's selection page lists it."""
    waiting = [application.id for application in applications
               if application.status == ApplicationStatus.WAITLISTED]
    if not waiting:
        return {}
    ahead = aliased(FollowUpApplication)
    earlier = or_(ahead.submitted_at < FollowUpApplication.submitted_at,
                  and_(ahead.submitted_at == FollowUpApplication.submitted_at,
                       ahead.id < FollowUpApplication.id))
    count_ahead = (select(func.count()).where(
        ahead.cohort_id == FollowUpApplication.cohort_id,
        ahead.status == ApplicationStatus.WAITLISTED, earlier)
        .correlate(FollowUpApplication).scalar_subquery())
    return {row[0]: row[1] + 1 for row in db_session.execute(
        select(FollowUpApplication.id, count_ahead)
        .where(FollowUpApplication.id.in_(waiting)))}


# Staff ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CohortSummary:
    cohort: Cohort
    call: FollowUpCall | None
    trainees: int
    counts: dict[ApplicationStatus, int]


def follow_up_cohorts_page(db_session: Session, number: int) -> Page[CohortSummary]:
    """Every follow-up cohort, newest first, with its call, trainees and applications by
    state: three queries and the count, whatever the page holds."""
    statement = (select(Cohort, FollowUpCall).join(Program, Program.id == Cohort.program_id)
                 .outerjoin(FollowUpCall, FollowUpCall.cohort_id == Cohort.id)
                 .options(contains_eager(Cohort.program), joinedload(Cohort.replaced_by))
                 .where(Program.kind == ProgramKind.FOLLOW_UP)
                 .order_by(Cohort.starts_on.desc(), Cohort.id.desc()))
    page = paginate(db_session, statement, number)
    cohort_ids = [cohort.id for cohort, _call in page.items]
    trainees = taken_counts(db_session, cohort_ids)
    counts = status_counts(db_session, cohort_ids)
    return Page(items=[CohortSummary(cohort, call, trainees.get(cohort.id, 0),
                                     counts.get(cohort.id, {}))
                       for cohort, call in page.items],
                number=page.number, per_page=page.per_page, total=page.total)


def status_counts(db_session: Session,
                  cohort_ids: list[int]) -> dict[int, dict[ApplicationStatus, int]]:
    if not cohort_ids:
        return {}
    counts: dict[int, dict[ApplicationStatus, int]] = defaultdict(dict)
    for cohort_id, status, count in db_session.execute(
            select(FollowUpApplication.cohort_id, FollowUpApplication.status, func.count())
            .where(FollowUpApplication.cohort_id.in_(cohort_ids))
            .group_by(FollowUpApplication.cohort_id, FollowUpApplication.status)):
        counts[cohort_id][status] = count
    return counts


#: Waiting ones first, as they need a decision; then the waitlist, the selected, the withdrawn.
_STATUS_ORDER = case(
    {ApplicationStatus.SUBMITTED.value: 0, ApplicationStatus.WAITLISTED.value: 1,
     ApplicationStatus.SELECTED.value: 2, ApplicationStatus.WITHDRAWN.value: 3},
    value=FollowUpApplication.status, else_=4)


def applications_page(db_session: Session, cohort: Cohort,
                      number: int) -> Page[FollowUpApplication]:
    statement = (select(FollowUpApplication)
                 .join(User, User.id == FollowUpApplication.user_id)
                 .options(contains_eager(FollowUpApplication.user))
                 .where(FollowUpApplication.cohort_id == cohort.id)
                 .order_by(_STATUS_ORDER, FollowUpApplication.submitted_at,
                           FollowUpApplication.id))
    return paginate(db_session, statement, number)


def year_cohorts_of(db_session: Session, user_ids: list[int]) -> dict[int, list[Cohort]]:
    """The year-long cohorts each person completed, for a page of applicants, in one query."""
    if not user_ids:
        return {}
    rows = db_session.execute(
        completed_year_enrollments().with_only_columns(Enrollment.user_id, Cohort)
        .where(Enrollment.user_id.in_(user_ids))
        .order_by(Cohort.starts_on))
    by_user: dict[int, list[Cohort]] = defaultdict(list)
    for user_id, cohort in rows:
        by_user[user_id].append(cohort)
    return by_user
