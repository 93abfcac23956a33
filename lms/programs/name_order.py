"""Each enrollment keeps its person's display name (``Enrollment.sort_name``) for the order of
a cohort's trainees: kept when the enrollment is made and when the person is renamed, in the
same transaction, whichever service does either."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, inspect, select, update
from sqlalchemy.engine import Connection

from lms.accounts.models import User
from lms.programs.models import Enrollment

_enrollments = Enrollment.__table__
_users = User.__table__


@event.listens_for(Enrollment, "before_insert")
def _name_new_enrollment(_mapper: Any, connection: Connection, enrollment: Enrollment) -> None:
    person = inspect(enrollment).attrs.user.loaded_value
    if isinstance(person, User):
        enrollment.sort_name = person.display_name
    else:
        enrollment.sort_name = connection.scalar(
            select(_users.c.display_name).where(_users.c.id == enrollment.user_id)) or ""


@event.listens_for(User, "after_update")
def _rename_in_enrollments(_mapper: Any, connection: Connection, person: User) -> None:
    if inspect(person).attrs.display_name.history.has_changes():
        connection.execute(update(_enrollments).where(_enrollments.c.user_id == person.id)
                           .values(sort_name=person.display_name))
