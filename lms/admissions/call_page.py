"""A call as its staff page reads it: the call's columns, its cohort's and program's names, its
review scheme's criteria and the places of its cohort taken, as one plain row of one query.
Loaded as the ORM's call with its cohort, program and scheme, and the places counted apart,
the call cost more than the rest of the page's figures."""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session

from lms.admissions.models import AdmissionCall, DocumentKind
from lms.prepared import prepared_rows
from lms.programs import places
from lms.programs.models import Cohort, Program
from lms.reviews.models import ReviewScheme


class Names(NamedTuple):
    """A program's names (``lms.names.localized_name`` reads them)."""

    name: str
    name_ja: str | None


class CohortNames(NamedTuple):
    """A cohort's names, and its program's."""

    name: str
    name_ja: str | None
    program: Names


class Criteria(NamedTuple):
    """A review scheme's criteria, all that ``lms.reviews.services.total_weight`` reads."""

    criteria: list[dict[str, Any]]


@dataclass(frozen=True)
class CallFacts:
    """What the call's staff page shows of a call, with the same names and helpers as
    :class:`~lms.admissions.models.AdmissionCall`. ``places_taken`` is the cohort's
    (lms.programs.places), whoever holds them."""

    id: int
    cohort_id: int
    side_country: str | None
    title: str
    timezone: str
    opens_at: dt.datetime
    closes_at: dt.datetime
    guidance: str
    eligibility: str
    min_years_in_welfare: int
    required_language: str | None
    required_language_level: int | None
    required_documents: list[str]
    capacity: int
    country_quota: int | None
    reply_days: int
    keep_unsuccessful_days: int
    cohort: CohortNames
    review_scheme: Criteria
    places_taken: int

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    is_open_at = AdmissionCall.is_open_at
    required_document_kinds = property(
        lambda self: [DocumentKind(kind) for kind in self.required_documents])


#: The call's own columns, in the order of CallFacts' first fields.
_COLUMNS = ("id", "cohort_id", "side_country", "title", "timezone", "opens_at", "closes_at",
            "guidance", "eligibility", "min_years_in_welfare", "required_language",
            "required_language_level", "required_documents", "capacity", "country_quota",
            "reply_days", "keep_unsuccessful_days")


def call_facts(db_session: Session, call_id: int) -> CallFacts | None:
    """The call ``call_id``, or None. Nothing is flushed first: the page changes nothing."""
    # Run as the driver takes it (lms.prepared.prepared_rows): SQLAlchemy's execution of the
    # statement cost several times what SQLite took to answer it.
    holders = places.registered_holders()
    rows = prepared_rows(db_session.connection(), ("admission call facts", holders),
                         functools.partial(_statement, holders), {"call_id": call_id})
    if not rows:
        return None
    row = rows[0]
    own = len(_COLUMNS)
    cohort_name, cohort_name_ja, program_name, program_name_ja, criteria, taken = row[own:]
    return CallFacts(*row[:own], cohort=CohortNames(cohort_name, cohort_name_ja,
                                                    Names(program_name, program_name_ja)),
                     review_scheme=Criteria(criteria), places_taken=taken)


@functools.cache
def _statement(holders: tuple[Callable[..., Any], ...]) -> Select[Any]:
    # Built once for the holders of places registered, the call bound at each visit: building
    # it cost more than running it. The cohort's places are counted by the call's id, so
    # that the count needs no correlation with the call's row.
    cohort_of_call = (select(AdmissionCall.cohort_id)
                      .where(AdmissionCall.id == bindparam("call_id"))
                      .correlate(None).scalar_subquery())
    return (select(*(getattr(AdmissionCall, name) for name in _COLUMNS),
                   Cohort.name, Cohort.name_ja, Program.name, Program.name_ja,
                   ReviewScheme.criteria, places.taken_in(holders, cohort_of_call))
            .join(Cohort, Cohort.id == AdmissionCall.cohort_id)
            .join(Program, Program.id == Cohort.program_id)
            .join(ReviewScheme, ReviewScheme.id == AdmissionCall.review_scheme_id)
            .where(AdmissionCall.id == bindparam("call_id")))
