"""The register of host facilities and the trainees' placements: staff's writes and rules."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
from dataclasses import dataclass, field

from email_validator import EmailNotValidError, validate_email
from sqlalchemy.orm import Session

from lms.accounts.models import User
from lms.accounts.queries import user_by_email
from lms.accounts.services import invite_user
from lms.audit import record
from lms.clock import utcnow
from lms.curriculum.models import Module
from lms.errors import ServiceError
from lms.i18n import _l
from lms.mail import enqueue_to_user
from lms.placements.models import (
    HostFacility,
    Placement,
    PracticeField,
    ReadinessItem,
    ReadinessKind,
)
from lms.placements.prefectures import prefecture_code
from lms.placements.supervision import DAYS_AFTER
from lms.programs.models import Enrollment, EnrollmentRole
from lms.security import require_staff
from lms.urls import external_url

#: The register's columns, in the order of its CSV export and of an import's header.
FACILITY_COLUMNS = ("id", "name", "name_ja", "kind", "field", "prefecture", "city", "address",
                    "contact_name", "contact_email", "contact_phone", "languages", "notes")
#: Far more than a council's register; a longer file is refused whole.
MAX_IMPORT_ROWS = 2000


@dataclass(frozen=True)
class FacilityDetails:
    name: str
    field: PracticeField
    prefecture: str
    name_ja: str = ""
    kind: str = ""
    city: str = ""
    address: str = ""
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    languages: str = ""
    notes: str = ""


def create_facility(db_session: Session, actor: User, details: FacilityDetails) -> HostFacility:
    require_staff(actor)
    facility = HostFacility(**dataclasses.asdict(details))
    db_session.add(facility)
    db_session.flush()
    record(db_session, actor, "placements.facility_created", facility,
           after=dataclasses.asdict(details))
    return facility


def update_facility(db_session: Session, actor: User, facility: HostFacility,
                    details: FacilityDetails) -> HostFacility:
    require_staff(actor)
    changes = {key: value for key, value in dataclasses.asdict(details).items()
               if getattr(facility, key) != value}
    if changes:
        before = {key: getattr(facility, key) for key in changes}
        for key, value in changes.items():
            setattr(facility, key, value)
        db_session.flush()
        record(db_session, actor, "placements.facility_updated", facility, before=before,
               after=changes)
    return facility


# Importing the register from CSV ------------------------------------------------------------


@dataclass
class ImportedFacility:
    line: int
    #: The facility the row updates (its ``id`` column), or None for a new one.
    facility_id: int | None
    details: FacilityDetails | None
    problems: list[str] = field(default_factory=list)


@dataclass
class FacilityImport:
    rows: list[ImportedFacility]
    #: Problems of the file as a whole.
    problems: list[str]

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.problems and not any(row.problems
                                                                 for row in self.rows)


def read_facilities(db_session: Session, actor: User, text: str) -> FacilityImport:
    """Check a CSV of facilities (the export's columns; ``id`` empty for a new one) without
    writing anything: every bad row is named with its line and what is wrong."""
    require_staff(actor)
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [name.strip().lower() for name in (reader.fieldnames or [])]
    missing = [column for column in ("name", "field", "prefecture") if column not in header]
    if missing:
        return FacilityImport([], [str(_l(
            "Line 1: the header must name the columns %(columns)s; missing: %(missing)s.",
            columns=", ".join(FACILITY_COLUMNS), missing=", ".join(missing)))])
    reader.fieldnames = header
    rows: list[ImportedFacility] = []
    for record_ in reader:
        if len(rows) >= MAX_IMPORT_ROWS:
            return FacilityImport(rows, [str(_l("A file may have at most %(count)d rows.",
                                                count=MAX_IMPORT_ROWS))])
        values = {key: (record_.get(key) or "").strip() for key in FACILITY_COLUMNS}
        if any(values.values()):
            rows.append(_imported(db_session, reader.line_num, values))
    if not rows:
        return FacilityImport([], [str(_l("The file has no rows."))])
    return FacilityImport(rows, [])


def _imported(db_session: Session, line: int, values: dict[str, str]) -> ImportedFacility:
    problems = []
    facility_id = None
    if values["id"]:
        if not values["id"].isdigit() or db_session.get(HostFacility, int(values["id"])) is None:
            problems.append(str(_l("No facility has the id “%(id)s”; leave it empty to add a "
                                   "new one.", id=values["id"])))
        else:
            facility_id = int(values["id"])
    if not values["name"]:
        problems.append(str(_l("The facility's name is missing.")))
    try:
        practice_field = PracticeField(values["field"].lower())
    except ValueError:
        practice_field = None
        problems.append(str(_l("The field must be one of %(fields)s.",
                               fields=", ".join(member.value for member in PracticeField))))
    prefecture = prefecture_code(values["prefecture"])
    if prefecture is None:
        problems.append(str(_l("“%(prefecture)s” is not a prefecture of Japan.",
                               prefecture=values["prefecture"])))
    if values["contact_email"]:
        try:
            validate_email(values["contact_email"], check_deliverability=False)
        except EmailNotValidError:
            problems.append(str(_l("“%(email)s” is not an email address.",
                                   email=values["contact_email"])))
    for key, most in _LONGEST.items():
        if len(values[key]) > most:
            problems.append(str(_l("The %(column)s is longer than %(num)d characters.",
                                   column=key, num=most)))
    if problems or practice_field is None or prefecture is None:
        return ImportedFacility(line, facility_id, None, problems)
    details = FacilityDetails(**{**{key: values[key] for key in FACILITY_COLUMNS
                                    if key not in {"id", "field", "prefecture"}},
                                 "field": practice_field, "prefecture": prefecture})
    return ImportedFacility(line, facility_id, details)


#: The register's text columns that have a length limit (lms.placements.models).
_LONGEST = {"name": 200, "name_ja": 200, "kind": 200, "city": 100, "contact_name": 200,
            "contact_email": 254, "contact_phone": 40, "languages": 200}


def import_facilities(db_session: Session, actor: User, text: str) -> FacilityImport:
    """Add the file's new facilities and update those it names by id, or nothing at all."""
    checked = read_facilities(db_session, actor, text)
    if not checked.ok:
        return checked
    for row in checked.rows:
        assert row.details is not None  # noqa: S101 - a row without problems has its details
        if row.facility_id is None:
            create_facility(db_session, actor, row.details)
        else:
            facility = db_session.get(HostFacility, row.facility_id)
            assert facility is not None  # noqa: S101 - read_facilities found it
            update_facility(db_session, actor, facility, row.details)
    return checked


# Placements ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlacementDetails:
    facility: HostFacility
    starts_on: dt.date
    ends_on: dt.date
    field: PracticeField
    supervisor_name: str = ""
    supervisor_email: str = ""
    lodging: str = ""
    commute: str = ""


def place(db_session: Session, actor: User, enrollment: Enrollment, module: Module,
          details: PlacementDetails, placement: Placement | None) -> Placement:
    """Place a trainee for a practicum, or change her placement (``placement``, hers for it)."""
    require_staff(actor)
    cohort = enrollment.cohort
    if enrollment.role != EnrollmentRole.TRAINEE or not module.practicum \
            or module.course_id != cohort.course_id:
        raise ServiceError(_l("Only a trainee can be placed, and only for a practicum of her "
                              "cohort's course."))
    if details.ends_on < details.starts_on:
        raise ServiceError(_l("The last day comes before the first."), "ends_on")
    if details.starts_on < cohort.starts_on or details.ends_on > cohort.ends_on:
        raise ServiceError(_l("A placement falls within the cohort's dates, %(first)s to "
                              "%(last)s.", first=cohort.starts_on.isoformat(),
                              last=cohort.ends_on.isoformat()), "starts_on")
    values = {"facility_id": details.facility.id, "starts_on": details.starts_on,
              "ends_on": details.ends_on, "field": details.field,
              "supervisor_name": details.supervisor_name,
              "supervisor_email": details.supervisor_email, "lodging": details.lodging,
              "commute": details.commute}
    if placement is None:
        # Every check is needed until staff learn the facility does not ask for it.
        placement = Placement(enrollment_id=enrollment.id, module_id=module.id, **values,
                              readiness=[ReadinessItem(kind=kind) for kind in ReadinessKind])
        db_session.add(placement)
        db_session.flush()
        record(db_session, actor, "placements.placed", placement, after=_audited(values))
        return placement
    if (placement.enrollment_id, placement.module_id) != (enrollment.id, module.id):
        raise ServiceError(_l("This placement is for another trainee or practicum."))
    before = {key: getattr(placement, key) for key in values}
    if placement.supervisor_id is not None \
            and values["supervisor_email"].casefold() != placement.supervisor_email.casefold():
        # Another supervisor: the one invited before no longer sees the placement.
        placement.supervisor_id = None
        placement.supervisor_invited_at = None
    for key, value in values.items():
        setattr(placement, key, value)
    db_session.flush()
    record(db_session, actor, "placements.changed", placement, before=_audited(before),
           after=_audited(values))
    return placement


def _audited(values: dict[str, object]) -> dict[str, object]:
    return {key: value.isoformat() if isinstance(value, dt.date) else value
            for key, value in values.items()}


# Before a placement ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ReadinessEntry:
    #: The facility asks for it.
    needed: bool
    done_on: dt.date | None
    note: str = ""


def record_readiness(db_session: Session, actor: User, placement: Placement,
                     entries: dict[ReadinessKind, ReadinessEntry]) -> Placement:
    """Tick what she has done before the placement, with the day, and say what the facility
    does not ask for."""
    require_staff(actor)
    for item in placement.readiness:
        entry = entries.get(item.kind)
        if entry is None:
            continue
        if entry.done_on is not None and entry.done_on > placement.ends_on:
            raise ServiceError(_l("A check is done before the placement ends."),
                               f"{item.kind.value}_done_on")
        before = {"needed": item.needed, "done_on": item.done_on, "note": item.note}
        after = {"needed": entry.needed, "done_on": entry.done_on, "note": entry.note}
        if before != after:
            item.needed, item.done_on, item.note = entry.needed, entry.done_on, entry.note
            record(db_session, actor, "placements.readiness_recorded", placement,
                   before={"kind": item.kind.value, **_audited(before)},
                   after={"kind": item.kind.value, **_audited(after)})
    db_session.flush()
    return placement


# The facility's supervisor --------------------------------------------------------------------


def invite_supervisor(db_session: Session, actor: User, placement: Placement) -> User:
    """Give the placement's supervisor their account (inviting them, in Japanese, if they have
    none) and tell them whom they supervise: from now until some weeks after the placement
    they see her readiness, her shared journals and her evaluations."""
    require_staff(actor)
    if not placement.supervisor_name or not placement.supervisor_email:
        raise ServiceError(_l("Record the supervisor's name and email address first."))
    supervisor = user_by_email(db_session, placement.supervisor_email)
    if supervisor is None or not supervisor.has_password:
        supervisor = invite_user(db_session, actor, placement.supervisor_email,
                                 placement.supervisor_name, "JP", "ja")
    placement.supervisor_id = supervisor.id
    placement.supervisor_invited_at = utcnow()
    db_session.flush()
    enqueue_to_user(db_session, supervisor, _l("A trainee's placement with you"),
                    "lms/placements/mail/supervising.txt", placement=placement,
                    link=external_url("lms.placements.supervision_page", placement_id=placement.id),
                    open_until=placement.ends_on + dt.timedelta(days=DAYS_AFTER))
    record(db_session, actor, "placements.supervisor_invited", placement,
           after={"supervisor_id": supervisor.id, "email": supervisor.email})
    return supervisor
