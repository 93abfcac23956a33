"""Safety checks are tried in the route matrix's world (tests/route_matrix_world.py): a check
already went to the trainee's cohort ({safety_check}) and another to the outsider's."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from lms.curriculum.models import Module
from lms.placements.models import HostFacility, Placement, PracticeField
from lms.programs.models import Enrollment
from lms.safety import services
from lms.safety.models import SafetyAudience, SafetyCheck
from tests import factories

# The announcements' world fixture and helpers serve here as they are.
from tests.announcements.conftest import PEOPLE, person, world  # noqa: F401

ISHIKAWA, TOKYO = "17", "13"


def start(db: Any, audience: SafetyAudience = SafetyAudience.COHORT, *, drill: bool = False,
          message: str = "An earthquake struck Ishikawa at 16:10. Are you safe?",
          **target: Any) -> SafetyCheck:
    return services.start(db, factories.staff(db), services.CheckInput(
        message=message, audience=audience, is_drill=drill, **target))


def place(db: Any, who: str, prefecture: str, starts_on: dt.date, ends_on: dt.date) -> Placement:
    """``who`` (a trainee of the world) placed at a facility in ``prefecture``."""
    enrollment = db.scalars(select(Enrollment).where(
        Enrollment.user_id == person(db, who).id)).first()
    facility = HostFacility(name=f"Facility in {prefecture}", field=PracticeField.OLDER_PEOPLE,
                            prefecture=prefecture)
    db.add(facility)
    db.flush()
    placement = Placement(enrollment_id=enrollment.id, facility_id=facility.id,
                          module_id=db.scalars(select(Module.id)).first(),
                          starts_on=starts_on, ends_on=ends_on, field=facility.field)
    db.add(placement)
    db.flush()
    return placement
