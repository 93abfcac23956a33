"""Many participants from outside the program at once: the "over 100 participants from
Japanese institutions" of the 7th seminar, and the like. Fictional people made from name parts,
with their accounts and registrations written in two statements each: through the services one
by one they would cost a password hash and an audit row apiece, and the demo must stay quick.

Their registrations are history (the event is past or they were sent by their organization), so
they are written as records; the accounts have no password and sign in, if ever, through a
password reset, like any account the operator made."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from lms.accounts.models import User
from lms.events.models import PUBLIC, Registration, RegistrationStatus
from lms.programs.models import Cohort


@dataclass(frozen=True)
class Crowd:
    """``count`` people of ``country``, named by pairing ``surnames`` with ``given_names``
    (a name that comes twice is refused), each from one of ``organizations`` in turn."""

    count: int
    surnames: tuple[str, ...]
    given_names: tuple[str, ...]
    organizations: tuple[str, ...]
    #: Needed for accounts; a delegation's members named from parts have none.
    country: str = ""
    email_domain: str = "example.org"
    locale: str = "ja"


@dataclass(frozen=True)
class Person:
    email: str
    name: str
    organization: str


def people(crowd: Crowd) -> list[Person]:
    found: list[Person] = []
    surnames, given = len(crowd.surnames), len(crowd.given_names)
    for index in range(crowd.count):
        surname = crowd.surnames[index % surnames]
        # Walks the given names at another pace than the surnames, so pairs do not repeat.
        first = crowd.given_names[(index % surnames + index // surnames) % given]
        found.append(Person(
            email=f"{first}.{surname}.{index + 1}@{crowd.email_domain}".lower(),
            name=f"{surname} {first}",
            organization=crowd.organizations[index % len(crowd.organizations)]))
    names = [person.name for person in found]
    if len(set(names)) != len(names):
        raise ValueError(f"{crowd.country}: the name parts repeat a name within {crowd.count}")
    return found


def register_crowd(db_session: Session, cohort: Cohort, crowd: Crowd,
                   first_at: dt.datetime, *, spread_days: int = 40) -> list[int]:
    """The crowd's accounts (those not there yet) and their registrations for ``cohort``
    (those not there yet), as records dated from ``first_at``; the crowd's user ids."""
    crowd_people = people(crowd)
    emails = [person.email for person in crowd_people]
    known = set(db_session.scalars(select(User.email).where(User.email.in_(emails))))
    new = [{"email": person.email, "display_name": person.name, "country": crowd.country,
            "locale": crowd.locale, "timezone": "Asia/Tokyo", "is_active": True,
            "email_confirmed_at": first_at, "created_at": first_at}
           for person in crowd_people if person.email not in known]
    if new:
        db_session.execute(insert(User), new)
    ids = dict(db_session.execute(
        select(User.email, User.id).where(User.email.in_(emails))).all())
    registered = set(db_session.scalars(select(Registration.user_id).where(
        Registration.cohort_id == cohort.id, Registration.user_id.in_(ids.values()))))
    rows = []
    for index, person in enumerate(crowd_people):
        if ids[person.email] in registered:
            continue
        at = first_at + dt.timedelta(days=index % spread_days, hours=index % 9)
        rows.append({"cohort_id": cohort.id, "user_id": ids[person.email],
                     "country": crowd.country, "organization": person.organization,
                     "status": RegistrationStatus.REGISTERED, "registered_at": at,
                     "came_as": PUBLIC,
                     "updated_at": at})
    if rows:
        db_session.execute(insert(Registration), rows)
    return [ids[email] for email in emails]
