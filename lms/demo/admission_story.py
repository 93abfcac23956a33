"""The shape of data/admissions.toml and data/exchange-calls.toml: calls for applications,
and the people who apply."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from lms.admissions.models import (
    ApplicationStatus,
    ChecklistItemKind,
    DocumentKind,
    Gender,
    LanguageLevel,
)
from lms.demo.people import DemoLogin
from lms.demo.reviewing import ReviewState


@dataclass(frozen=True)
class Applicant:
    email: str
    name: str
    country: str
    timezone: str
    gender: Gender
    born: dt.date
    phone: str
    organization: str
    position: str
    profession: str
    years: int
    languages: dict[str, LanguageLevel]
    #: Their own words about their work: the motivation begins with it.
    work: str


@dataclass(frozen=True)
class Nominator:
    name: str
    email: str
    organization: str
    position: str
    #: Their statement when they confirmed; None while they have not answered.
    statement: str | None = None


@dataclass(frozen=True, kw_only=True)
class Story(Applicant):
    """Where one application ends up, and when things happened, in days before seeding."""

    fate: ApplicationStatus
    #: Sent that many days ago; for a draft, last saved then.
    days_ago: int
    nominator: Nominator | None = None
    #: Each committee member's overall view 0–5, and how far their review got.
    marks: tuple[int, int] = (4, 4)
    reviews: tuple[ReviewState, ReviewState] = (ReviewState.SUBMITTED, ReviewState.SUBMITTED)
    #: The reason it is not eligible, or the decision's message when not the call's usual one.
    message: str = ""
    #: A draft's documents not uploaded yet.
    missing: tuple[DocumentKind, ...] = ()
    #: Days from today to an interview not yet held (the decided ones were all interviewed).
    interview_in: int | None = None
    #: A draft only just begun: the motivation is one sentence so far.
    just_begun: bool = False


@dataclass(frozen=True, kw_only=True)
class Call:
    """A call's settings, its dates in days from seeding, and what its applicants write."""

    title: str
    created_day: int
    opens_day: int
    closes_day: int
    capacity: int
    country_quota: int | None = None
    min_years_in_welfare: int = 0
    required_language: str | None = None
    required_language_level: LanguageLevel | None = None
    required_documents: tuple[DocumentKind, ...] = ()
    eligibility: str = ""
    guidance: str = ""
    reply_days: int = 14
    keep_unsuccessful_days: int = 365
    #: What the applicants apply for, in their documents' words.
    purpose: str
    #: The motivation's parts after the applicant's own work: one of each, then the closing.
    learn: tuple[str, ...]
    after: tuple[str, ...]
    closing: str
    #: The committee's message with each decision, unless the story has its own.
    messages: dict[ApplicationStatus, str]


@dataclass(frozen=True)
class Onboarding:
    email: str
    arrival_days_before_start: int
    travel: str
    #: The checklist items staff ticked, with their notes.
    ticked: dict[ChecklistItemKind, str]


@dataclass(frozen=True, kw_only=True)
class OpenCall(Call):
    #: The year-long program's cohort the call fills.
    fiscal_year: int
    interview_place: str
    applications: tuple[Story, ...]
    onboarding: Onboarding


@dataclass(frozen=True)
class Participant:
    name: str
    #: Before @example.org.
    mailbox: str
    gender: Gender
    born_in: int
    organization: str
    position: str
    profession: str
    years: int
    #: What they do, in a few words: their motivation says it as a sentence.
    work: str
    fate: ApplicationStatus


@dataclass(frozen=True, kw_only=True)
class SideCall(Call):
    """One side of an exchange's edition: the call that selects its participants from one
    country."""

    side_country: str
    #: In the order they applied.
    participants: tuple[Participant, ...]


@dataclass(frozen=True)
class ExchangeCalls:
    #: The series' program slug and the edition's title, as data/events.toml names them.
    series: str
    edition: str
    criteria: list[dict[str, Any]]
    calls: tuple[SideCall, ...]


@dataclass(frozen=True)
class Admissions:
    call: OpenCall
    logins: tuple[DemoLogin, ...]
