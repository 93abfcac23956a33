"""The report on an edition: attendance by country and by kind of participant, the program,
staff's summary and the reflections they selected; and publishing it, after which anyone may
read it without signing in (lms.events.report_views).

The figures never name anyone. A reflection is quoted, with its author's name and country,
only when staff selected it, which only a reflection whose author consented can be. Services
check rights, flush and never commit; publishing and unpublishing are audited.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import (
    ColumnElement,
    String,
    and_,
    case,
    func,
    literal,
    or_,
    select,
    true,
    union_all,
)
from sqlalchemy.orm import Session

from lms import audit
from lms.accounts.models import User
from lms.clock import utcnow
from lms.errors import ServiceError
from lms.events.audience import current_trainee_enrollments
from lms.events.delegation_models import Delegation, DelegationDirection, DelegationMember
from lms.events.editions import require_event
from lms.events.models import (
    Edition,
    EventSession,
    Registration,
    RegistrationStatus,
    SessionAttendance,
)
from lms.events.queries import ProgramDay, program_days, seminar_cohort
from lms.events.reflections import report_of
from lms.events.report_models import EventReport, Reflection
from lms.events.services import has_started
from lms.i18n import _l, country_name
from lms.programs.models import Cohort, CohortStatus, Enrollment
from lms.programs.standing import completed_year_enrollments
from lms.security import require_staff

SUMMARY_MAX_LENGTH = 20_000

#: The kinds of participant, in the order the report lists them. Each person counts once, as
#: the first kind that fits: a delegation is how its members came, whoever they are.
KINDS = ("delegation", "selected", "alumnus", "trainee", "invited", "public")
KIND_LABELS = {
    "delegation": _l("Delegation members"),
    "selected": _l("Selected through a call for applications"),
    "alumnus": _l("Alumni"),
    "trainee": _l("Current trainees"),
    "invited": _l("Invited participants"),
    "public": _l("Public participants"),
}

#: An outbound delegation's country is the one it goes to; its members come from Japan.
HOME_COUNTRY = "JP"


@dataclass(frozen=True)
class Count:
    #: A country code, or a kind of KINDS.
    key: str
    label: str
    registered: int
    attended: int


@dataclass(frozen=True)
class Figures:
    by_country: list[Count]
    by_kind: list[Count]

    @property
    def registered(self) -> int:
        return sum(count.registered for count in self.by_country)

    @property
    def attended(self) -> int:
        return sum(count.attended for count in self.by_country)

    @property
    def countries(self) -> int:
        return len(self.by_country)


def _registered_at(cohort: Cohort, user_id: ColumnElement[int | None]) -> ColumnElement[bool]:
    return select(Registration.id).where(
        Registration.cohort_id == cohort.id, Registration.user_id == user_id,
        Registration.status == RegistrationStatus.REGISTERED).exists()


def figures(db_session: Session, cohort: Cohort) -> Figures:
    """Who took part, by country and by kind, registered and attended (recorded present at
    one session at least), in one query however many took part.

    The participants are the registrations that are not cancelled, and the delegations'
    members who did not register (most members of a group received from abroad have no
    account): a registration counts the country registered from, a delegation's member the
    delegation's. Each counts as what she came as when she registered (a registration made
    before that was recorded: as her standing today)."""
    registered = select(Registration.user_id.label("user_id"),
                        Registration.country.label("country"),
                        literal(False).label("listed"),
                        Registration.came_as.label("came_as")).where(
        Registration.cohort_id == cohort.id,
        Registration.status == RegistrationStatus.REGISTERED)
    members = (select(DelegationMember.user_id,
                      case((Delegation.direction == DelegationDirection.OUTBOUND,
                            literal(HOME_COUNTRY)), else_=Delegation.country),
                      literal(True), literal(None, String))
               .join(Delegation, Delegation.id == DelegationMember.delegation_id)
               .where(Delegation.cohort_id == cohort.id,
                      or_(DelegationMember.user_id.is_(None),
                          ~_registered_at(cohort, DelegationMember.user_id))))
    people = union_all(registered, members).subquery("participants")
    in_delegation = (select(DelegationMember.id)
                     .join(Delegation, Delegation.id == DelegationMember.delegation_id)
                     .where(Delegation.cohort_id == cohort.id,
                            DelegationMember.user_id == people.c.user_id).exists())
    alumnus = completed_year_enrollments().where(Enrollment.user_id == people.c.user_id)
    trainee = current_trainee_enrollments(people.c.user_id)
    kind = case((or_(people.c.listed == true(), in_delegation), "delegation"),
                (people.c.came_as.is_not(None), people.c.came_as),
                (alumnus.exists(), "alumnus"), (trainee.exists(), "trainee"), else_="public")
    present = (select(SessionAttendance.id)
               .join(EventSession, EventSession.id == SessionAttendance.session_id)
               .where(EventSession.cohort_id == cohort.id,
                      SessionAttendance.user_id == people.c.user_id).exists())
    each = select(people.c.country, kind.label("kind"),
                  case((present, 1), else_=0).label("present")).subquery("each")
    rows = db_session.execute(
        select(each.c.country, each.c.kind, func.count(), func.sum(each.c.present))
        .group_by(each.c.country, each.c.kind)).all()
    return _figures((country, kind, int(count), int(attended or 0))
                    for country, kind, count, attended in rows)


def _figures(rows: Iterable[tuple[str, str, int, int]]) -> Figures:
    countries: dict[str, list[int]] = {}
    kinds: dict[str, list[int]] = {}
    for country, kind, count, attended in rows:
        for totals, key in ((countries, country), (kinds, kind)):
            total = totals.setdefault(key, [0, 0])
            total[0] += count
            total[1] += attended
    by_country = sorted((Count(code, country_name(code), *total)
                         for code, total in countries.items()),
                        key=lambda count: (-count.registered, count.label))
    by_kind = [Count(kind, str(KIND_LABELS[kind]), *kinds[kind]) for kind in KINDS
               if kind in kinds]
    return Figures(by_country, by_kind)


@dataclass(frozen=True)
class Quote:
    """A selected reflection as the report quotes it."""

    name: str
    country: str | None
    body: str


def quotes(db_session: Session, cohort: Cohort) -> list[Quote]:
    """The selected reflections whose authors consented, each with the author's name and the
    country they registered from (else their account's): one query."""
    rows = db_session.execute(
        select(User.display_name, func.coalesce(Registration.country, User.country),
               Reflection.body)
        .join(User, User.id == Reflection.user_id)
        .outerjoin(Registration, and_(Registration.cohort_id == Reflection.cohort_id,
                                      Registration.user_id == Reflection.user_id))
        .where(Reflection.cohort_id == cohort.id, Reflection.selected == true(),
               Reflection.consent == true())
        .order_by(User.display_name, Reflection.id)).all()
    return [Quote(name, country, body) for name, country, body in rows]


@dataclass(frozen=True)
class Report:
    """Everything the report shows, the same for the staff's page, the public page and the
    PDF (which add nothing that names a person)."""

    cohort: Cohort
    edition: Edition | None
    report: EventReport | None
    figures: Figures
    days: list[ProgramDay]
    quotes: list[Quote]

    @property
    def summary(self) -> str:
        return self.report.summary if self.report is not None else ""

    @property
    def is_published(self) -> bool:
        return self.report is not None and self.report.is_published


def report(db_session: Session, cohort: Cohort) -> Report:
    return Report(cohort=cohort,
                  edition=db_session.scalar(select(Edition).where(Edition.cohort_id == cohort.id)),
                  report=report_of(db_session, cohort), figures=figures(db_session, cohort),
                  days=program_days(db_session, cohort), quotes=quotes(db_session, cohort))


# For the public events pages ------------------------------------------------------------------


def published_report(db_session: Session, cohort_id: int) -> EventReport | None:
    """The published report on the edition ``cohort_id``, or None (not an event, no report,
    or not published): what a public page asks before linking to the report."""
    cohort = seminar_cohort(db_session, cohort_id)
    if cohort is None:
        return None
    found = report_of(db_session, cohort)
    return found if found is not None and found.is_published else None


def published_report_ids(db_session: Session, cohort_ids: Iterable[int]) -> set[int]:
    """Which of ``cohort_ids`` have a published report, in one query, for a list of editions."""
    wanted = list(cohort_ids)
    if not wanted:
        return set()
    return set(db_session.scalars(select(EventReport.cohort_id).where(
        EventReport.cohort_id.in_(wanted), EventReport.published_at.is_not(None))))


# Staff's writes -------------------------------------------------------------------------------


def _report_for(db_session: Session, cohort: Cohort) -> EventReport:
    found = report_of(db_session, cohort)
    if found is None:
        found = EventReport(cohort_id=cohort.id, summary="")
        db_session.add(found)
        db_session.flush()
    return found


def save_summary(db_session: Session, actor: User, cohort: Cohort, summary: str) -> EventReport:
    require_staff(actor)
    require_event(cohort)
    text = summary.strip()
    if len(text) > SUMMARY_MAX_LENGTH:
        raise ServiceError(_l("The summary has at most %(count)d characters.",
                              count=SUMMARY_MAX_LENGTH), field="summary")
    found = _report_for(db_session, cohort)
    before = found.summary
    found.summary = text
    db_session.flush()
    if before != text:
        audit.record(db_session, actor, "event_report_summary_saved", found,
                     before={"summary": before}, after={"summary": text})
    return found


def publish(db_session: Session, actor: User, cohort: Cohort,
            now: dt.datetime | None = None) -> EventReport:
    """Publish the report: from then on anyone reads it, and reflections are final."""
    require_staff(actor)
    require_event(cohort)
    if cohort.status == CohortStatus.CANCELLED:
        raise ServiceError(_l("A cancelled event has no report to publish."))
    if not has_started(cohort, now):
        raise ServiceError(_l("The report can be published once the event has started."))
    found = _report_for(db_session, cohort)
    if found.is_published:
        return found
    found.published_at = now or utcnow()
    found.published_by_id = actor.id
    db_session.flush()
    audit.record(db_session, actor, "event_report_published", found,
                 after={"cohort_id": cohort.id, "published_at": found.published_at.isoformat()})
    return found


def unpublish(db_session: Session, actor: User, cohort: Cohort) -> None:
    """Take the report off the public pages; participants may edit their reflections again."""
    require_staff(actor)
    found = report_of(db_session, cohort)
    if found is None or not found.is_published:
        return
    before = found.published_at
    found.published_at = None
    found.published_by_id = None
    db_session.flush()
    audit.record(db_session, actor, "event_report_unpublished", found,
                 before={"published_at": before.isoformat() if before else None})

