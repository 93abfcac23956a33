"""The reviews outstanding kept on each scheme (lms.reviews.tally), beside a fresh count."""

from __future__ import annotations

from sqlalchemy import select

from lms.reviews import tally
from lms.reviews.models import ReviewScheme


def kept(db) -> dict[int, tuple[int, object]]:
    return {scheme_id: (count, oldest) for scheme_id, count, oldest in db.execute(
        select(ReviewScheme.id, ReviewScheme.outstanding, ReviewScheme.oldest_outstanding_at)
        .where(ReviewScheme.outstanding != 0))}


def assert_kept(db) -> None:
    """Every scheme's stored tally is what counting its reviews now gives."""
    assert kept(db) == tally.counted(db)
