"""What people read for a concern's category, place and status."""

from __future__ import annotations

from lms.concerns.models import ConcernCategory, ConcernPlace, ConcernStatus
from lms.i18n import _l

CATEGORY_LABELS = {
    ConcernCategory.HARASSMENT: _l("Harassment or being treated badly"),
    ConcernCategory.SAFETY: _l("Safety"),
    ConcernCategory.HEALTH: _l("Health, physical or mental"),
    ConcernCategory.MONEY: _l("Money"),
    ConcernCategory.OTHER: _l("Something else"),
}

PLACE_LABELS = {
    ConcernPlace.PLACEMENT: _l("At my placement"),
    ConcernPlace.PROGRAM: _l("In the program"),
    ConcernPlace.DAILY_LIFE: _l("In daily life (housing, town)"),
    ConcernPlace.OTHER: _l("Somewhere else"),
}

STATUS_LABELS = {
    ConcernStatus.OPEN: _l("Received, not yet taken up"),
    ConcernStatus.IN_PROGRESS: _l("Being handled"),
    ConcernStatus.CLOSED: _l("Closed"),
}
