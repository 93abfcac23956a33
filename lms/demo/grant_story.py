"""The shape of data/grants.toml: the fund committee's rounds and the alumni's applications."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from lms.demo.reviewing import ReviewState
from lms.grants.models import ApplicationStatus, BudgetCategory


@dataclass(frozen=True)
class Line:
    category: BudgetCategory
    description: str
    amount: int  # in the applicant's currency


@dataclass(frozen=True)
class Project:
    email: str
    title: str
    organization: str
    role: str
    problem: str = ""
    learning: str = ""
    objectives: str = ""
    activities: str = ""
    beneficiaries: str = ""
    count: int | None = None
    lines: tuple[Line, ...] = ()
    indicators: str = ""
    risks: str = ""
    co_funding: str = ""


class Fate(enum.StrEnum):
    """How a past application ended."""

    CLOSED = "closed"  # final report accepted
    FINAL_REPORT_SUBMITTED = "final_report_submitted"  # waiting for staff
    FINAL_REPORT_DRAFT = "final_report_draft"
    REJECTED = "rejected"
    INELIGIBLE = "ineligible"
    WITHDRAWN = "withdrawn"


AWARDED_FATES = (Fate.CLOSED, Fate.FINAL_REPORT_SUBMITTED, Fate.FINAL_REPORT_DRAFT)
LATE_FATES = (Fate.FINAL_REPORT_SUBMITTED, Fate.FINAL_REPORT_DRAFT)


@dataclass(frozen=True, kw_only=True)
class PastApplication(Project):
    fate: Fate
    #: The two committee members' overall view, 0–5, from which their scores are drawn.
    marks: tuple[int, int] = (4, 4)
    #: The award when less than the request; None for the full request.
    award: int | None = None
    #: The decision's message, or the reason it was not eligible.
    message: str = ""
    reached: int | None = None
    result: str = ""


@dataclass(frozen=True)
class PastRound:
    fiscal_year: int
    opens_on: dt.date
    closes_on: dt.date
    budget: int
    largest_award: int
    meeting: dt.date
    progress_due: dt.date
    final_due: dt.date
    rates: dict[str, str]
    progress_note: str
    applications: tuple[PastApplication, ...]
    #: Days from seeding to the final report deadline, when staff extended it for late projects.
    extended_final_due_in: int | None = None

    @property
    def title(self) -> str:
        return f"Alumni project grants, fiscal {self.fiscal_year}"


@dataclass(frozen=True, kw_only=True)
class CurrentApplication(Project):
    state: ApplicationStatus
    #: When it was last saved (a draft) or submitted, in days before seeding.
    days_ago: int
    reviews: tuple[ReviewState, ReviewState] = (ReviewState.NOT_ASSIGNED,
                                                ReviewState.NOT_ASSIGNED)
    marks: tuple[int, int] = (4, 4)
    #: The screening reason, the committee's question, or the second member's conflict.
    note: str = ""


@dataclass(frozen=True)
class CurrentRound:
    fiscal_year: int
    title: str
    budget: int
    largest_award: int
    #: The slug of the course applicants are pointed to.
    guide: str
    opened_days_ago: int
    closes_in_days: int
    #: Report deadlines, in days after the round closes.
    progress_due_after: int
    final_due_after: int
    rates: dict[str, str]
    applications: tuple[CurrentApplication, ...]


@dataclass(frozen=True)
class Texts:
    """What staff and the committee write on every application alike."""

    approved: str
    #: With {reached}, {planned} and the round's {note}.
    progress_report: str
    progress_accepted: str
    final_accepted: str


@dataclass(frozen=True)
class Grants:
    past: tuple[PastRound, ...]
    current: CurrentRound
    texts: Texts
