"""A seminar's places as its registration counts them: the places taken (the same figure
every page shows, lms.programs.places) and those of the registrant's country."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import String, case, func, literal, select
from sqlalchemy.orm import Session

from lms.accounts.models import User
from lms.events.models import Registration, RegistrationStatus
from lms.programs import places
from lms.programs.country import counted_country
from lms.programs.models import Cohort


@dataclass(frozen=True)
class PlacesTaken:
    total: int
    #: The country that counts for the person asked about; None if staff never recorded one.
    country: str | None
    from_country: int


def places_taken(db_session: Session, cohort: Cohort, person: User, *,
                 besides_person: bool = False,
                 declared_country: str | None = None) -> PlacesTaken:
    """The seminar's places taken (lms.programs.places: registered, or given through a call;
    without ``person``'s own if ``besides_person``), the country that counts for ``person``,
    and how many are registered from it. ``declared_country`` is the one a participant who is
    not an alumna or trainee declares: it counts for her instead."""
    country = literal(declared_country, String) if declared_country \
        else counted_country(person.id)
    from_country, counted = db_session.execute(
        select(func.coalesce(func.sum(case((Registration.country == country, 1),
                                           else_=0)), 0),
               country)
        .where(Registration.cohort_id == cohort.id,
               Registration.status == RegistrationStatus.REGISTERED)).one()
    besides = person.id if besides_person else None
    return PlacesTaken(places.taken(db_session, cohort, besides=besides), counted,
                       int(from_country))
