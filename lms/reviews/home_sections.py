"""The committee member's part of the home page: the reviews waiting for them in every domain
whose applications are reviewed (each domain's ``CommitteeDesk`` puts itself on the list), the
one due soonest first, in one query."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from flask import Blueprint, current_app, url_for
from sqlalchemy import Select, case, false, func, select, true
from sqlalchemy.orm import Session

from lms.accounts.models import Role, User
from lms.homepage import Line, Lines, Section, gather, line
from lms.i18n import _
from lms.links import link_to
from lms.reviews.due import Due, due
from lms.reviews.models import AssignmentStatus, Review, ReviewAssignment, ReviewScheme
from lms.reviews.tally import DESKS_KEY as _DESKS_KEY

if TYPE_CHECKING:
    from lms.reviews.pages import CommitteeDesk

#: How many reviews to do a home lists per kind; the count says how many in all.
SHOWN = 10


def register_desk(blueprint: Blueprint, desk: CommitteeDesk[Any]) -> None:
    blueprint.record_once(
        lambda state: state.app.extensions.setdefault(_DESKS_KEY, []).append(desk))


@dataclass(frozen=True)
class ReviewToDo:
    line: Line
    due: Due
    #: Its review page.
    url: str

    @property
    def draft_saved(self) -> bool:
        return bool(self.line.number)


@dataclass(frozen=True)
class DeskReviews:
    heading: str
    #: The member's list of this kind of review, finished ones too.
    list_url: str
    to_do: list[ReviewToDo]
    to_do_count: int
    #: Her reviews finished and the last one's time, counted only when none is to do.
    done_count: int
    last_done: Any


def _statements(index: int, desk: CommitteeDesk[Any], user_id: Any) -> list[Any]:
    # Her assignments on this desk, as the services keep them (lms.reviews.tally): the
    # counts, the ten due soonest and her last review submitted all come from one index
    # (migration 0044), never from joining her thousands of assignments to the catalogue.
    on_desk = (ReviewAssignment.reviewer_id == user_id, ReviewAssignment.desk == desk.endpoints,
               ReviewAssignment.status == AssignmentStatus.ACTIVE)
    waiting = (*on_desk, ReviewAssignment.waiting == true())
    shown = (select(ReviewAssignment.id, ReviewAssignment.subject_id,
                    ReviewAssignment.assigned_at, ReviewAssignment.due_on)
             .where(*waiting).order_by(*_DUE_ORDER).limit(SHOWN).subquery())
    # The few shown are named from the catalogue afterwards.
    named = desk.subjects().subquery()
    return [
        (line(f"to_do-{index}", id=shown.c.id, title=named.c.title, detail=named.c.group_title,
              at=shown.c.assigned_at, day=shown.c.due_on, zone=named.c.timezone,
              number=case((Review.id.is_(None), 0), else_=1))
         .select_from(shown).join(named, named.c.subject_id == shown.c.subject_id)
         .outerjoin(Review, Review.assignment_id == shown.c.id)
         .order_by(shown.c.due_on.asc().nulls_last(), shown.c.assigned_at, shown.c.id)),
        line(f"to_do_count-{index}", number=select(func.count()).where(*waiting)
             .scalar_subquery()),
        # Shown only when none waits (a constant condition: the database decides it once,
        # before reading her thousands of finished ones). A review waiting is never
        # submitted: only the others are read.
        line(f"done-{index}", number=func.count(ReviewAssignment.review_submitted_at),
             at=func.max(ReviewAssignment.review_submitted_at))
        .where(*on_desk, ReviewAssignment.waiting == false(),
               ~select(ReviewAssignment.id).where(*waiting).correlate(None).exists()),
    ]


#: The reviews to do, the one due soonest first (rows older than due dates last), in the
#: order of the desk index.
_DUE_ORDER = (ReviewAssignment.due_on.asc().nulls_last(), ReviewAssignment.assigned_at,
              ReviewAssignment.id)


def _desks() -> list[CommitteeDesk[Any]]:
    return current_app.extensions.get(_DESKS_KEY, [])


def _committee_lines(user_id: Any) -> list[Any]:
    return [statement for index, desk in enumerate(_desks())
            for statement in _statements(index, desk, user_id)]


def sections(db_session: Session, user: User) -> list[Section]:
    if not user.has_role(Role.COMMITTEE_MEMBER):
        return []
    desks = _desks()
    lines = gather(db_session, _committee_lines, user_id=user.id) if desks else Lines([])
    # Links and due days are written here rather than by the template's macros and url_for,
    # which cost more for each review listed than the rest of the section; reviews due the
    # same day in the same zone share one Due, which words its day once.
    dues: dict[tuple[Any, Any], Due] = {}
    kinds = []
    for index, desk in enumerate(desks):
        review_url = link_to(f"{desk.endpoints}.review", "assignment_id")
        to_do = [ReviewToDo(row, dues.get((row.day, row.zone)) or dues.setdefault(
                     (row.day, row.zone), due(row.day, row.zone)), review_url(row.id))
                 for row in lines.of(f"to_do-{index}")]
        kinds.append(DeskReviews(str(desk.home_heading), url_for(f"{desk.endpoints}.assignments"),
                                 to_do, lines.number(f"to_do_count-{index}"),
                                 lines.number(f"done-{index}"), lines.at(f"done-{index}")))
    return [Section("committee", 30, _("Reviews to do"), "lms/reviews/home_section.html",
                    {"kinds": kinds}, count=sum(kind.to_do_count for kind in kinds))]


def outstanding_by_group(kind: str, group: Any, scheme_id: Any) -> Select[Any]:
    """For staff: reviews assigned and not finished per round or call (``group``, a table
    with a title, whose ``scheme_id`` column names its ReviewScheme), the group waiting
    longest first, as the services keep them (lms.reviews.tally)."""
    return (line(kind, id=group.id, title=group.title, number=ReviewScheme.outstanding,
                 at=ReviewScheme.oldest_outstanding_at)
            .select_from(group).join(ReviewScheme, ReviewScheme.id == scheme_id)
            .where(ReviewScheme.outstanding > 0)
            .order_by(ReviewScheme.oldest_outstanding_at, group.id))
