"""A page of a staff list of applications (a grant round's, an admission call's) read as plain
rows: the list's rows are columns, never objects, so they are read on the session's connection
rather than through the ORM, whose handling of each statement cost more than the database took
to answer it."""

from __future__ import annotations

import math
from typing import Any

from sqlalchemy import Row
from sqlalchemy.orm import Session

from lms.pagination import Listing, Page


def page_of_rows(db_session: Session, listing: Listing, values: dict[str, Any], number: int,
                 per_page: int, total: int) -> Page[Row[Any]]:
    """Page ``number`` of ``listing`` (a select of columns, its parameters in ``values``),
    ``total`` being how many rows it has, as lms.pagination.paginate pages it. Nothing is
    flushed first: the pages that read it have changed nothing."""
    if not total:
        return Page(items=[], number=1, per_page=per_page, total=0)
    number = min(number, max(1, math.ceil(total / per_page)))
    rows = db_session.connection().execute(listing.page, {
        **values, "page_limit": per_page, "page_offset": (number - 1) * per_page})
    return Page(items=list(rows), number=number, per_page=per_page, total=total)
