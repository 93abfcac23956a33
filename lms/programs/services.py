"""Programs and cohorts: creating and changing cohorts, enrolling people one by one or from a
CSV roster, mentorships and withdrawals. Each takes the acting user, checks their rights,
flushes and never commits."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zoneinfo
from dataclasses import dataclass, field
from typing import Any

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import select
from sqlalchemy.orm import Session

from lms import audit
from lms.accounts.models import User
from lms.accounts.queries import normalize_email, user_by_email
from lms.accounts.services import invite_user
from lms.errors import ServiceError
from lms.i18n import _l, _ln, country_names, ngettext
from lms.names import localized_name
from lms.programs import (
    name_order,  # noqa: F401  (its events keep Enrollment.sort_name)
    places,
)
from lms.programs.models import (
    Cohort,
    CohortStatus,
    Enrollment,
    EnrollmentRole,
    EnrollmentStatus,
    Mentorship,
    Program,
    ProgramKind,
)
from lms.programs.numbering import default_names
from lms.programs.standing import is_alumnus
from lms.security import require_staff

#: The cohort workflow. Completing a cohort decides each trainee's outcome, which belongs to
#: the completion service; the moves here are the ones this table allows.
COHORT_TRANSITIONS: dict[CohortStatus, set[CohortStatus]] = {
    CohortStatus.PLANNED: {CohortStatus.ACTIVE, CohortStatus.CANCELLED},
    CohortStatus.ACTIVE: {CohortStatus.COMPLETED, CohortStatus.CANCELLED},
    CohortStatus.COMPLETED: set(),
    CohortStatus.CANCELLED: set(),
}
OPEN_STATUSES = {CohortStatus.PLANNED, CohortStatus.ACTIVE}


@dataclass
class CohortDetails:
    number: int | None
    fiscal_year: int
    title: str
    starts_on: dt.date
    ends_on: dt.date
    timezone: str
    capacity: int
    course_id: int | None
    #: The Japanese name (lms.names); blank is stored as none.
    name_ja: str | None = None
    completion_ceremony_on: dt.date | None = None

    def __post_init__(self) -> None:
        self.name_ja = (self.name_ja or "").strip() or None
        # A cohort left without a title is named by the program's own count, or, when it has
        # no number (a cancelled year, a year the record gives none), by its fiscal year.
        if not (self.title or "").strip():
            self.title, default_ja = default_names(self.number, self.fiscal_year)
            self.name_ja = self.name_ja or default_ja


def _check_details(db_session: Session, program: Program, details: CohortDetails,
                   cohort: Cohort | None = None) -> None:
    if details.ends_on < details.starts_on:
        raise ServiceError(_l("The cohort cannot end before it starts."), field="ends_on")
    ceremony = details.completion_ceremony_on
    if ceremony is not None and not details.starts_on <= ceremony <= details.ends_on:
        raise ServiceError(_l("The completion ceremony is held during the cohort: between its "
                              "first and its last day."), field="completion_ceremony_on")
    if details.timezone not in zoneinfo.available_timezones():
        raise ServiceError(_l("Choose a time zone from the list."), field="timezone")
    if details.capacity < 1:
        raise ServiceError(_l("The capacity must be at least 1."), field="capacity")
    if details.number is not None:
        clash = db_session.scalar(select(Cohort.id).where(
            Cohort.program_id == program.id, Cohort.number == details.number,
            Cohort.id != (cohort.id if cohort else -1)))
        if clash is not None:
            raise ServiceError(_l("This program already has a cohort with this number."),
                               field="number")


def create_cohort(db_session: Session, actor: User, program: Program,
                  details: CohortDetails) -> Cohort:
    require_staff(actor)
    _check_details(db_session, program, details)
    cohort = Cohort(program=program, status=CohortStatus.PLANNED, **vars(details))
    db_session.add(cohort)
    db_session.flush()
    audit.record(db_session, actor, "cohort_created", cohort, after=_snapshot(cohort))
    return cohort


def update_cohort(db_session: Session, actor: User, cohort: Cohort,
                  details: CohortDetails) -> None:
    require_staff(actor)
    if cohort.status not in OPEN_STATUSES:
        raise ServiceError(_l("A completed or cancelled cohort can no longer be changed."))
    _check_details(db_session, cohort.program, details, cohort)
    before = _snapshot(cohort)
    for name, value in vars(details).items():
        setattr(cohort, name, value)
    db_session.flush()
    if _snapshot(cohort) != before:
        audit.record(db_session, actor, "cohort_updated", cohort, before=before,
                     after=_snapshot(cohort))


def _snapshot(cohort: Cohort) -> dict[str, Any]:
    ceremony = cohort.completion_ceremony_on
    return {"number": cohort.number, "fiscal_year": cohort.fiscal_year, "title": cohort.title,
            "name_ja": cohort.name_ja, "starts_on": cohort.starts_on.isoformat(),
            "ends_on": cohort.ends_on.isoformat(),
            "completion_ceremony_on": ceremony.isoformat() if ceremony else None,
            "timezone": cohort.timezone, "capacity": cohort.capacity,
            "course_id": cohort.course_id, "status": str(cohort.status)}


def change_cohort_status(db_session: Session, actor: User, cohort: Cohort,
                         new_status: CohortStatus, reason: str | None = None) -> None:
    """Move a cohort along its workflow; cancelling needs a reason and keeps every enrollment."""
    require_staff(actor)
    if new_status not in COHORT_TRANSITIONS[cohort.status]:
        raise ServiceError(_l("A cohort that is %(current)s cannot become %(wanted)s.",
                              current=str(STATUS_LABELS[cohort.status]),
                              wanted=str(STATUS_LABELS[new_status])))
    if new_status == CohortStatus.COMPLETED:
        raise ServiceError(_l("Complete a cohort from its completion page, which decides "
                              "each trainee's outcome."))
    if new_status == CohortStatus.CANCELLED:
        if not reason or not reason.strip():
            raise ServiceError(_l("Give the reason for cancelling."), field="reason")
        cohort.cancellation_reason = reason.strip()
    before = str(cohort.status)
    cohort.status = new_status
    db_session.flush()
    audit.record(db_session, actor, "cohort_status_changed", cohort,
                 before={"status": before},
                 after={"status": str(new_status), "reason": cohort.cancellation_reason})


STATUS_LABELS = {
    CohortStatus.PLANNED: _l("planned"),
    CohortStatus.ACTIVE: _l("active"),
    CohortStatus.COMPLETED: _l("completed"),
    CohortStatus.CANCELLED: _l("cancelled"),
}


# Enrollment -----------------------------------------------------------------------------------


def active_trainee_count(db_session: Session, cohort: Cohort, besides: User | None = None) -> int:
    """The cohort's places taken (lms.programs.places), leaving out ``besides``."""
    return places.taken(db_session, cohort, besides=besides.id if besides else None)


def _check_can_enroll(db_session: Session, cohort: Cohort, user: User,
                      role: EnrollmentRole, extra_trainees: int = 0) -> None:
    if cohort.replaced_by is not None:
        raise ServiceError(_l("This cohort was replaced by %(replacement)s: it takes no "
                              "enrollments.", replacement=localized_name(cohort.replaced_by)))
    if cohort.status not in OPEN_STATUSES:
        raise ServiceError(_l("People can only be enrolled in a planned or active cohort."))
    existing = db_session.scalar(select(Enrollment.id).where(
        Enrollment.cohort_id == cohort.id, Enrollment.user_id == user.id,
        Enrollment.role == role))
    if existing is not None:
        raise ServiceError(_l("%(name)s is already enrolled in this cohort as %(role)s.",
                              name=user.display_name, role=str(ROLE_LABELS[role])),
                           field="email")
    if role == EnrollmentRole.TRAINEE and cohort.program.kind == ProgramKind.FOLLOW_UP \
            and not is_alumnus(db_session, user):
        raise ServiceError(_l("%(name)s has not completed the year-long training, and a "
                              "follow-up training is for its alumni only.",
                              name=user.display_name), field="email")
    if role == EnrollmentRole.TRAINEE and \
            active_trainee_count(db_session, cohort, user) + extra_trainees >= cohort.capacity:
        raise ServiceError(_ln("The cohort is full: it has a place for %(num)d trainee.",
                               "The cohort is full: it has places for %(num)d trainees.",
                               cohort.capacity))


ENROLLMENT_STATUS_LABELS = {
    EnrollmentStatus.ACTIVE: _l("active"),
    EnrollmentStatus.WITHDRAWN: _l("withdrawn"),
    EnrollmentStatus.COMPLETED: _l("completed"),
    EnrollmentStatus.NOT_COMPLETED: _l("not completed"),
}
ROLE_LABELS = {EnrollmentRole.TRAINEE: _l("trainee"), EnrollmentRole.MENTOR: _l("mentor"),
               EnrollmentRole.TEACHER: _l("Japanese teacher")}


def enroll(db_session: Session, actor: User, cohort: Cohort, user: User, role: EnrollmentRole,
           affiliation: str | None = None) -> Enrollment:
    require_staff(actor)
    return _enroll(db_session, actor, cohort, user, role, affiliation)


def admit(db_session: Session, cohort: Cohort, user: User, role: EnrollmentRole,
          affiliation: str | None, country: str | None) -> Enrollment:
    """Enroll someone who accepted a place offered through a call; the admissions service has
    checked the offer, so the person acts for themselves. ``country`` is the one their place
    was counted for (``lms.programs.country``), not whatever their account says by now."""
    return _enroll(db_session, user, cohort, user, role, affiliation, country)


def _enroll(db_session: Session, actor: User, cohort: Cohort, user: User, role: EnrollmentRole,
            affiliation: str | None, country: str | None = None) -> Enrollment:
    _check_can_enroll(db_session, cohort, user, role)
    enrollment = Enrollment(cohort=cohort, user=user, role=role,
                            affiliation=(affiliation or "").strip() or None,
                            country=country or user.country)
    db_session.add(enrollment)
    db_session.flush()
    audit.record(db_session, actor, "enrolled", enrollment,
                 after={"cohort_id": cohort.id, "user_id": user.id, "role": str(role),
                        "country": enrollment.country})
    return enrollment


def withdraw(db_session: Session, actor: User, enrollment: Enrollment, on_date: dt.date,
             reason: str) -> None:
    """End a trainee's (or mentor's) participation; the enrollment stays, with date and reason."""
    require_staff(actor)
    if enrollment.status != EnrollmentStatus.ACTIVE:
        raise ServiceError(_l("Only an active enrollment can be withdrawn."))
    if not reason.strip():
        raise ServiceError(_l("Give the reason for the withdrawal."), field="reason")
    enrollment.status = EnrollmentStatus.WITHDRAWN
    enrollment.withdrawn_on = on_date
    enrollment.withdrawal_reason = reason.strip()
    db_session.flush()
    audit.record(db_session, actor, "enrollment_withdrawn", enrollment,
                 before={"status": "active"},
                 after={"status": "withdrawn", "on": on_date.isoformat(), "reason": reason})


# Mentorships ----------------------------------------------------------------------------------


def assign_mentor(db_session: Session, actor: User, mentor: Enrollment,
                  trainee: Enrollment) -> Mentorship:
    require_staff(actor)
    if mentor.cohort_id != trainee.cohort_id:
        raise ServiceError(_l("A mentor can only follow trainees of the same cohort."))
    if mentor.role != EnrollmentRole.MENTOR or trainee.role != EnrollmentRole.TRAINEE:
        raise ServiceError(_l("Choose a mentor and a trainee."))
    if EnrollmentStatus.WITHDRAWN in (mentor.status, trainee.status):
        raise ServiceError(_l("A withdrawn person cannot be part of a new mentorship."))
    existing = db_session.scalar(select(Mentorship).where(
        Mentorship.mentor_enrollment_id == mentor.id,
        Mentorship.trainee_enrollment_id == trainee.id))
    if existing is not None:
        return existing
    mentorship = Mentorship(mentor=mentor, trainee=trainee)
    db_session.add(mentorship)
    db_session.flush()
    audit.record(db_session, actor, "mentor_assigned", mentorship,
                 after={"mentor": mentor.user_id, "trainee": trainee.user_id})
    return mentorship


def unassign_mentor(db_session: Session, actor: User, mentorship: Mentorship) -> None:
    require_staff(actor)
    audit.record(db_session, actor, "mentor_unassigned", mentorship,
                 before={"mentor": mentorship.mentor.user_id,
                         "trainee": mentorship.trainee.user_id})
    db_session.delete(mentorship)
    db_session.flush()


# Roster import --------------------------------------------------------------------------------

ROSTER_COLUMNS = ("email", "name", "role", "country", "affiliation")
MAX_ROSTER_ROWS = 2000


@dataclass
class RosterRow:
    line: int
    email: str
    name: str
    role: str
    country: str
    affiliation: str
    existing_user: User | None = None
    problems: list[str] = field(default_factory=list)


@dataclass
class RosterPreview:
    rows: list[RosterRow]
    problems: list[str]  # about the file as a whole
    #: How far past its call's places the roster takes the cohort, and those places (a
    #: warning: staff may fill a cohort past its call, up to its capacity).
    past_call: tuple[int, int] | None = None

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.problems and not any(row.problems for row in self.rows)


def read_roster(db_session: Session, actor: User, cohort: Cohort, text: str) -> RosterPreview:
    """Check a CSV roster without writing anything: every bad row is named with its line."""
    require_staff(actor)
    text = text.lstrip("\ufeff")  # spreadsheet programs save UTF-8 with a byte-order mark
    reader = csv.DictReader(io.StringIO(text))
    header = [name.strip().lower() for name in (reader.fieldnames or [])]
    missing = [column for column in ("email", "name", "role") if column not in header]
    if missing:
        return RosterPreview([], [str(_l("Line 1: the header must name the columns %(columns)s; "
                                         "missing: %(missing)s.",
                                         columns=", ".join(ROSTER_COLUMNS),
                                         missing=", ".join(missing)))])
    reader.fieldnames = header
    known_countries = {code for code, _name in country_names("en")}
    rows: list[RosterRow] = []
    seen: dict[tuple[str, str], int] = {}
    for record in reader:
        line = reader.line_num
        if len(rows) >= MAX_ROSTER_ROWS:
            return RosterPreview(rows, [str(_l("A roster may have at most %(count)d rows.",
                                                count=MAX_ROSTER_ROWS))])
        values = {key: (record.get(key) or "").strip() for key in ROSTER_COLUMNS}
        if not any(values.values()):
            continue
        row = RosterRow(line=line, email=normalize_email(values["email"]), name=values["name"],
                        role=values["role"].lower(), country=values["country"].upper(),
                        affiliation=values["affiliation"])
        rows.append(row)
        try:
            validate_email(row.email, check_deliverability=False)
        except EmailNotValidError:
            row.problems.append(str(_l("“%(email)s” is not an email address.",
                                       email=values["email"])))
        if row.role not in {role.value for role in EnrollmentRole}:
            row.problems.append(str(_l("The role must be trainee, mentor or teacher.")))
        if row.country and row.country not in known_countries:
            row.problems.append(str(_l("“%(country)s” is not a two-letter country code such as "
                                       "PH or TH.", country=values["country"])))
        if not row.name:
            row.problems.append(str(_l("The name is missing.")))
        key = (row.email, row.role)
        if key in seen:
            row.problems.append(str(_l("The same person and role are on line %(line)d.",
                                       line=seen[key])))
        seen.setdefault(key, line)
        if row.problems:
            continue
        row.existing_user = user_by_email(db_session, row.email)
        if row.existing_user is not None:
            try:
                _check_can_enroll(db_session, cohort, row.existing_user, EnrollmentRole(row.role))
            except ServiceError as error:
                row.problems.append(str(error.message))
    trainees = sum(1 for row in rows if row.role == EnrollmentRole.TRAINEE.value)
    free = cohort.capacity - active_trainee_count(db_session, cohort)
    problems = []
    if trainees > free:
        problems.append(str(_l(
            "The roster adds %(trainees)s, but the cohort has %(places)s.",
            trainees=_ln("%(num)d trainee", "%(num)d trainees", trainees),
            places=_ln("%(num)d free place", "%(num)d free places", max(free, 0)))))
    if cohort.status not in OPEN_STATUSES:
        problems.append(str(_l("People can only be enrolled in a planned or active cohort.")))
    if not rows and not problems:
        problems.append(str(_l("The file has no rows.")))
    return RosterPreview(rows, problems, places.past_call(db_session, cohort, adding=trainees))


def import_roster(db_session: Session, actor: User, cohort: Cohort, text: str,
                  locale: str) -> RosterPreview:
    """Enroll everyone on the roster, inviting those without an account, or nobody at all."""
    preview = read_roster(db_session, actor, cohort, text)
    if not preview.ok:
        return preview
    for row in preview.rows:
        user = row.existing_user or invite_user(
            db_session, actor, row.email, row.name, row.country or None, locale)
        # The roster is the staff's word, so its country counts over the account's.
        enrollment = Enrollment(cohort=cohort, user=user, role=EnrollmentRole(row.role),
                                affiliation=row.affiliation or None,
                                country=row.country or user.country)
        db_session.add(enrollment)
    db_session.flush()
    audit.record(db_session, actor, "roster_imported", cohort,
                 after={"rows": len(preview.rows)})
    return preview


def past_call_warning(past: tuple[int, int] | None) -> str | None:
    """What staff read when a roster or an enrollment fills a cohort past its call's places."""
    if past is None:
        return None
    count, call_places = past
    return str(ngettext("This takes the cohort past the %(places)d places its call gave, by "
                        "%(num)d person.",
                        "This takes the cohort past the %(places)d places its call gave, by "
                        "%(num)d people.", count, places=call_places))
