"""Demo staff, administrators and committee members."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from lms.accounts.models import Role
from lms.accounts.queries import user_by_email
from lms.accounts.services import create_user

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
    display_name: str
    country: str
    locale: str
    roles: tuple[Role, ...]
    label: str


STAFF_PEOPLE = (
    DemoPerson("admin@kakehashi.example", "Kenji Morita", "JP", "en", (Role.ADMIN,), "admin"),
    DemoPerson("staff@kakehashi.example", "Yuko Sato", "JP", "ja", (Role.STAFF,), "staff"),
    DemoPerson("program.officer@kakehashi.example", "Emi Kobayashi", "JP", "en", (Role.STAFF,),
               "staff"),
    DemoPerson("committee@kakehashi.example", "Hiroshi Nakamura", "JP", "ja",
               (Role.COMMITTEE_MEMBER,), "committee member"),
    DemoPerson("committee2@kakehashi.example", "Maria Santos", "PH", "en",
               (Role.COMMITTEE_MEMBER,), "committee member"),
)


def seed_people(db_session: Session) -> list[DemoLogin]:
    logins = []
    for person in STAFF_PEOPLE:
        if user_by_email(db_session, person.email) is None:
            create_user(
                db_session,
                person.email,
                person.display_name,
                DEMO_PASSWORD,
                person.roles,
                country=person.country,
                locale=person.locale,
            )
        logins.append(DemoLogin(person.label, person.email))
    return logins
