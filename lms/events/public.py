"""What anyone may read of the events without signing in: the upcoming and past editions of
every kind of event, one edition's facts and program, and how to register for it.

An edition is public once staff saved its details (its ``Edition`` row): before that it is a
draft that only staff see, since nobody knows yet where it is held or whom it is for. A
cancelled or replaced edition stays public with its reason, as the record has it. These pages
never show what is staff's or participants' only: places, caps, who registered, meeting
links, recordings and materials (lms.events.program.link_state gives those to the registered).
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, aliased, contains_eager

from lms.accounts.models import User
from lms.clock import utcnow
from lms.events.audience import may_see_edition
from lms.events.models import Edition
from lms.events.services import (
    OPEN_STATUSES,
    registration_closes_at,
    registration_opens_at,
)
from lms.names import in_language
from lms.pagination import Page, paginate
from lms.programs.models import EVENT_KINDS, Cohort, CohortStatus, Program

#: How many upcoming editions the list shows (they are few: the rest are past).
UPCOMING_LIMIT = 30
#: How many the public home page shows.
HOME_LIMIT = 5


@dataclass(frozen=True)
class PublicEdition:
    cohort: Cohort
    edition: Edition

    @property
    def cancelled(self) -> bool:
        return self.cohort.status == CohortStatus.CANCELLED

    def description(self, locale: str | None = None) -> str:
        return in_language(self.edition.description, self.edition.description_ja, locale)


def _public() -> Select[tuple[Cohort, Edition]]:
    """Every public edition with its program, its details and the cohort that replaced it
    (if any), in one select: the list shows each one's replacement without a query more."""
    replacement = aliased(Cohort)
    return (select(Cohort, Edition)
            .join(Program, Program.id == Cohort.program_id)
            .join(Edition, Edition.cohort_id == Cohort.id)
            .outerjoin(replacement, replacement.id == Cohort.replaced_by_id)
            .options(contains_eager(Cohort.program),
                     contains_eager(Cohort.replaced_by.of_type(replacement)))
            .where(Program.kind.in_(EVENT_KINDS)))


def _today() -> dt.date:
    # A day's margin on the UTC date: an edition in Asia/Tokyo that ends today there is still
    # listed as upcoming while that day lasts anywhere.
    return utcnow().date() - dt.timedelta(days=1)


def upcoming(db_session: Session, limit: int = UPCOMING_LIMIT,
             with_cancelled: bool = True) -> list[PublicEdition]:
    """Editions not over yet (under way included), soonest first."""
    statement = _public().where(Cohort.ends_on >= _today())
    if not with_cancelled:
        statement = statement.where(Cohort.status != CohortStatus.CANCELLED)
    rows = db_session.execute(statement.order_by(Cohort.starts_on, Cohort.id)
                              .limit(limit)).all()
    return [PublicEdition(cohort, edition) for cohort, edition in rows]


def past_page(db_session: Session, number: int) -> Page[PublicEdition]:
    """Editions that are over, newest first, a page at a time (two queries)."""
    page = paginate(db_session, _public().where(Cohort.ends_on < _today())
                    .order_by(Cohort.starts_on.desc(), Cohort.id.desc()), number)
    return Page(items=[PublicEdition(cohort, edition) for cohort, edition in page.items],
                number=page.number, per_page=page.per_page, total=page.total)


def public_edition(db_session: Session, cohort_id: int) -> PublicEdition | None:
    """One public edition; a draft, a cohort that is not an event, or no such id: None."""
    row = db_session.execute(_public().where(Cohort.id == cohort_id)).first()
    return PublicEdition(row[0], row[1]) if row else None


def is_public(db_session: Session, cohort_id: int) -> bool:
    """Whether a cohort (such as the one that replaced an edition) has a public page."""
    return public_edition(db_session, cohort_id) is not None


# How to register ------------------------------------------------------------------------------


class Guidance(enum.StrEnum):
    #: Replaced by another cohort: the reason and a link to it.
    REPLACED = "replaced"
    #: Cancelled, with the reason.
    CANCELLED = "cancelled"
    #: Over (or completed): no registration; its report, once published.
    OVER = "over"
    #: The window opens later: when.
    NOT_YET = "not_yet"
    #: The window has closed.
    CLOSED = "closed"
    #: Open to anyone with an account and a confirmed address: sign in or create an account.
    OPEN_TO_ANYONE = "open_to_anyone"
    #: Open to alumni and/or current trainees only: sign in.
    MEMBERS_ONLY = "members_only"
    #: Its participants are chosen through its calls for applications: the calls.
    THROUGH_CALLS = "through_calls"


@dataclass(frozen=True)
class Registering:
    guidance: Guidance
    #: When registration opens (NOT_YET) or closes (while open), in UTC.
    opens_at: dt.datetime | None = None
    closes_at: dt.datetime | None = None


def registering(item: PublicEdition, now: dt.datetime | None = None, *,
                through_calls: bool = False) -> Registering:
    """What the public page says of registering for ``item`` at ``now``: the edition's state
    first (replaced, cancelled, over), then its calls if it chooses its participants through
    them, then its window, then whom it is for."""
    cohort, edition = item.cohort, item.edition
    now = now or utcnow()
    if cohort.status == CohortStatus.CANCELLED:
        return Registering(Guidance.REPLACED if cohort.replaced_by_id else Guidance.CANCELLED)
    if cohort.status not in OPEN_STATUSES \
            or now >= cohort.opening_time(cohort.length_in_days + 1):
        return Registering(Guidance.OVER)
    if through_calls:
        return Registering(Guidance.THROUGH_CALLS)
    opens_at = registration_opens_at(cohort, edition)
    if opens_at is not None and now < opens_at:
        return Registering(Guidance.NOT_YET, opens_at=opens_at)
    closes_at = registration_closes_at(cohort, edition)
    if now >= closes_at:
        return Registering(Guidance.CLOSED)
    guidance = Guidance.OPEN_TO_ANYONE if edition.open_to_public else Guidance.MEMBERS_ONLY
    return Registering(guidance, closes_at=closes_at)


def may_open_edition_page(db_session: Session, viewer: User | None, cohort: Cohort) -> bool:
    """Whether the signed-in viewer would find the edition's own page (to register there);
    a visitor is sent to sign in first."""
    return viewer is not None and may_see_edition(db_session, viewer, cohort)


def template_context(item: PublicEdition) -> dict[str, Any]:
    return {"item": item, "cohort": item.cohort, "edition": item.edition,
            "Guidance": Guidance}
