"""An edition's admissions calls, one per side: an exchange receives participants from each
country through a call of its own (lms.admissions, side_country), whose selected applicants
join the edition as registrations (lms.events.joining). The edition's page lists them for
staff with the places each gave, and offers to open a call for each country it takes."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lms.admissions.models import AdmissionApplication, AdmissionCall
from lms.admissions.workflow import HOLDS_PLACE
from lms.events.models import Edition
from lms.programs.models import Cohort


@dataclass(frozen=True)
class SideCall:
    call: AdmissionCall
    #: Selected, whether they confirmed yet or not: the places the call gave.
    selected: int


@dataclass(frozen=True)
class EditionCalls:
    calls: list[SideCall]
    #: Countries the edition takes (its named caps, and its host) without a call yet.
    to_open: list[str]
    #: The edition has one call for everyone: no call per country can be added.
    whole: bool


def edition_calls(db_session: Session, cohort: Cohort, seminar: Edition | None,
                  caps: dict[str, int]) -> EditionCalls:
    """The edition's calls with their places given, in one query however many."""
    selected = (select(func.count()).where(AdmissionApplication.call_id == AdmissionCall.id,
                                           AdmissionApplication.status.in_(HOLDS_PLACE))
                .correlate(AdmissionCall).scalar_subquery())
    rows = db_session.execute(
        select(AdmissionCall, selected).where(AdmissionCall.cohort_id == cohort.id)
        .order_by(AdmissionCall.side_country.is_not(None), AdmissionCall.side_country,
                  AdmissionCall.id)).all()
    calls = [SideCall(call, count) for call, count in rows]
    sides = {line.call.side_country for line in calls}
    wanted = set(caps)
    if seminar is not None and seminar.host_country:
        wanted.add(seminar.host_country)
    whole = None in sides
    to_open = [] if whole else sorted(wanted - sides)
    return EditionCalls(calls, to_open, whole)


def calls_of(db_session: Session, cohort: Cohort) -> list[AdmissionCall]:
    """The edition's calls, by side: where those who would take part apply."""
    return list(db_session.scalars(select(AdmissionCall).where(
        AdmissionCall.cohort_id == cohort.id).order_by(AdmissionCall.side_country,
                                                       AdmissionCall.id)))
