"""A call in figures, for staff and the council's yearly report: applications sent, found
eligible and selected, by country and by gender.

Everything comes from one GROUP BY over the call's applications, so the page costs the same for
ten applications or a thousand. Anonymized applications keep their country, gender and state,
so they still count after the retention time has blanked the person.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, bindparam, case, func, select
from sqlalchemy.orm import Session

from lms.admissions.call_page import CallFacts
from lms.admissions.models import AdmissionApplication, AdmissionCall, ApplicationStatus, Gender
from lms.prepared import prepared_rows

S = ApplicationStatus

#: Holding a place now: offered one, or confirmed it.
SELECTED_STATES = (S.SELECTED, S.CONFIRMED)


@dataclass
class Figures:
    applications: int = 0  # sent
    eligible: int = 0
    selected: int = 0

    def add(self, status: ApplicationStatus, sent: int, found_eligible: int) -> None:
        self.applications += sent
        self.eligible += found_eligible
        if status in SELECTED_STATES:
            self.selected += sent


@dataclass
class CallStatistics:
    call: AdmissionCall | CallFacts
    total: Figures = field(default_factory=Figures)
    drafts: int = 0
    by_state: dict[ApplicationStatus, int] = field(default_factory=dict)
    #: Country code (None when not given) → figures, sorted by code.
    by_country: dict[str | None, Figures] = field(default_factory=dict)
    #: Every gender, and None for "not given", always in this order.
    by_gender: dict[Gender | None, Figures] = field(default_factory=dict)


def call_statistics(db_session: Session, call: AdmissionCall | CallFacts) -> CallStatistics:
    if db_session.autoflush:  # as the session's own execute would, read on its connection
        db_session.flush()
    # Run as the driver takes it (lms.prepared.prepared_rows): the session's execution of the
    # statement cost a third of what SQLite took to answer it.
    rows = prepared_rows(db_session.connection(), "admission call statistics",
                         _figures_statement, {"call_id": call.id})
    stats = CallStatistics(call, by_gender={gender: Figures() for gender in (*Gender, None)})
    countries: dict[str | None, Figures] = {}
    for country, gender, status, sent, found_eligible, unsent in rows:
        # Drafts are counted, never described; a draft withdrawn unsent is not counted.
        if status == S.DRAFT:
            stats.drafts += unsent
        if not sent:
            continue
        stats.by_state[status] = stats.by_state.get(status, 0) + sent
        stats.total.add(status, sent, found_eligible)
        countries.setdefault(country, Figures()).add(status, sent, found_eligible)
        stats.by_gender[gender].add(status, sent, found_eligible)
    stats.by_country = dict(sorted(countries.items(), key=lambda item: item[0] or "~"))
    return stats


@functools.cache
def _figures_statement() -> Select[Any]:
    # Built once, the call a parameter: building it on each visit cost more than running it.
    # Grouped by columns alone, in the order of an index that holds them all, so the groups
    # need no sorting; sent and found eligible are counted within each group.
    sent = AdmissionApplication.submitted_at
    found_eligible = case((sent.is_not(None), AdmissionApplication.found_eligible_at))
    return (select(AdmissionApplication.country, AdmissionApplication.gender,
                   AdmissionApplication.status, func.count(sent), func.count(found_eligible),
                   func.count() - func.count(sent))
            .where(AdmissionApplication.call_id == bindparam("call_id"))
            .group_by(AdmissionApplication.country, AdmissionApplication.gender,
                      AdmissionApplication.status))
