"""Demo staff, administrators and committee members, and who of them acts in the story."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from lms.accounts.models import Role, User
from lms.accounts.queries import user_by_email
from lms.accounts.services import create_user
from lms.demo.data import load

# Printed by `make run`; a demo database holds nothing worth protecting.
DEMO_PASSWORD = "bridge-of-practice-2026"  # noqa: S105


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    password: str = DEMO_PASSWORD


@dataclass(frozen=True)
class DemoPerson:
    email: str
    name: str
    country: str
    locale: str
    roles: tuple[Role, ...]
    label: str


@dataclass(frozen=True)
class People:
    staff: str
    officer: str
    committee: tuple[str, ...]
    people: tuple[DemoPerson, ...]


@dataclass(frozen=True)
class Cast:
    staff: User
    officer: User
    committee: list[User]


def seed_people(db_session: Session) -> list[DemoLogin]:
    logins = []
    for person in load("people.toml", People).people:
        if user_by_email(db_session, person.email) is None:
            create_user(db_session, person.email, person.name, DEMO_PASSWORD, person.roles,
                        country=person.country, locale=person.locale)
        logins.append(DemoLogin(person.label, person.email))
    return logins


def cast(db_session: Session) -> Cast:
    """The staff member, the program officer and the committee, as seed_people made them."""
    people = load("people.toml", People)
    staff, officer = _user(db_session, people.staff), _user(db_session, people.officer)
    return Cast(staff, officer, [_user(db_session, email) for email in people.committee])


def _user(db_session: Session, email: str) -> User:
    """A person an earlier part of the demo created."""
    found = user_by_email(db_session, email)
    if found is None:
        raise RuntimeError(f"{email} is missing: seed_people runs first")
    return found
