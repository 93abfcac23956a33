"""Pages of a list: every list in Kakehashi is paginated, at two queries a page."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from flask import current_app, request
from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import Session

T = TypeVar("T")

#: How many pages past the one asked for a capped list counts (see Listing).
PAGES_COUNTED_AHEAD = 20


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    number: int
    per_page: int
    total: int
    #: More rows follow than ``total``: a capped list stopped counting there.
    more: bool = False

    @property
    def count(self) -> int:
        """The number of pages (the pages counted, when ``more`` follow)."""
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.count


def requested_page_number() -> int:
    try:
        return max(1, int(request.args.get("page", 1)))
    except ValueError:
        return 1


class Listing:
    """A list's query built once, with the query counting it and the one reading a page of
    it: for a long list shown on many requests, whose statements cost more to build (and to
    key for SQLAlchemy's cache) on every request than the database took to run them. What the
    list depends on is a bound parameter of ``statement``, its value given to ``paginate``.

    ``counted``: the same rows read more cheaply, for the count (without the joins that only
    bring what a page shows). ``capped``: counted no further than PAGES_COUNTED_AHEAD pages
    past the page asked for, for a list that can grow to tens of thousands of rows where
    counting them all would cost more than the rest of the page, and say no more than "more
    than 1,000" to the reader of page 1 (who can still page on: the cap moves with them)."""

    def __init__(self, statement: Select[Any], *, counted: Select[Any] | None = None,
                 capped: bool = False) -> None:
        rows = (statement if counted is None else counted).order_by(None)
        if capped:
            rows = rows.limit(bindparam("count_limit"))
        self.count = select(func.count()).select_from(rows.subquery())
        self.capped = capped
        self.page = statement.limit(bindparam("page_limit")).offset(bindparam("page_offset"))
        self.entities = len(statement.column_descriptions) == 1


def paginate(
    db_session: Session, statement: Select[Any] | Listing, number: int,
    per_page: int | None = None, *, total: int | None = None,
    values: dict[str, Any] | None = None, total_of: Select[tuple[int]] | None = None,
) -> Page[Any]:
    """Run ``statement`` (a select of one entity or row, or a Listing with the ``values`` of
    its parameters) for page ``number``, counting all rows unless the caller already counted
    them (``total``, from a query it needed anyway), by ``total_of`` if given: a count of the
    same rows that reads less (without the joins that only bring what a page shows)."""
    per_page = per_page or current_app.config["LMS_PAGE_SIZE"]
    listing = statement if isinstance(statement, Listing) else Listing(statement)
    more = False
    if total is None and listing.capped:
        counted_up_to = (number - 1 + PAGES_COUNTED_AHEAD) * per_page
        total = db_session.scalar(listing.count,
                                  {**(values or {}), "count_limit": counted_up_to + 1}) or 0
        more = total > counted_up_to
        total = min(total, counted_up_to)
    elif total is None:
        total = db_session.scalar(listing.count if total_of is None else total_of, values) or 0
    elif not total:
        return Page(items=[], number=1, per_page=per_page, total=0)
    number = min(number, max(1, math.ceil(total / per_page)))
    rows = db_session.execute(listing.page, {**(values or {}), "page_limit": per_page,
                                             "page_offset": (number - 1) * per_page})
    items = list(rows.scalars()) if listing.entities else list(rows)
    return Page(items=items, number=number, per_page=per_page, total=total, more=more)
