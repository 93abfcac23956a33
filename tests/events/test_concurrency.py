"""Two people registering at the same moment, each in their own thread, app context and
database session, as two gunicorn workers would serve them. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lms.accounts.models import User
from lms.errors import ServiceError
from lms.events import services
from lms.events.models import Registration, RegistrationStatus
from lms.programs.models import Cohort
from tests.concurrency import run_together
from tests.events.conftest import user


def registrar(user_id: int, cohort_id: int) -> Callable[[Session], Any]:
    def register(own: Session) -> int:
        return services.register(own, own.get(User, user_id), own.get(Cohort, cohort_id)).id
    return register


def registered(db, cohort, country=None) -> int:
    statement = select(func.count()).select_from(Registration).where(
        Registration.cohort_id == cohort.id,
        Registration.status == RegistrationStatus.REGISTERED)
    if country:
        statement = statement.where(Registration.country == country)
    return db.scalar(statement)


def test_two_people_of_one_country_race_for_its_last_place(app, db, world):
    seminar = world["seminar"]  # at most two from each country
    services.register(db, user(db, "maricel@example.org"), seminar)
    db.commit()
    racers = [user(db, "jerome@example.org").id, user(db, "trainee@example.org").id]

    results = run_together(app, [registrar(racer, seminar.id) for racer in racers])

    won = [result for result in results if isinstance(result, int)]
    lost = [result for result in results if isinstance(result, ServiceError)]
    assert len(won) == 1 and len(lost) == 1, results
    assert "Philippines are taken: up to 2 per country" in str(lost[0].message)
    db.expire_all()
    assert registered(db, seminar, "PH") == 2


def test_two_people_of_different_countries_race_for_the_last_place(app, db, world):
    seminar = world["seminar"]
    seminar.capacity = 3
    db.commit()
    for email in ("maricel@example.org", "alumnus@example.org"):
        services.register(db, user(db, email), seminar)
    db.commit()
    racers = [user(db, "alumna@example.org").id, user(db, "jerome@example.org").id]

    results = run_together(app, [registrar(racer, seminar.id) for racer in racers])

    won = [result for result in results if isinstance(result, int)]
    lost = [result for result in results if isinstance(result, ServiceError)]
    assert len(won) == 1 and len(lost) == 1, results
    assert "The event is full" in str(lost[0].message)
    db.expire_all()
    assert registered(db, seminar) == 3


def test_a_double_click_gives_one_registration(app, db, world):
    seminar = world["seminar"]
    alumna = user(db, "alumna@example.org").id

    results = run_together(app, [registrar(alumna, seminar.id), registrar(alumna, seminar.id)])

    assert sum(isinstance(result, int) for result in results) == 1, results
    assert db.scalar(select(func.count()).select_from(Registration)) == 1


def test_two_outsiders_of_one_named_country_race_for_its_last_place(app, db, world):
    from tests.events.test_editions import declare, make_edition, outsider

    cohort = make_edition(db, open_to_public=True, country_caps={"KR": 2})
    services.register(db, outsider(db, "jiho@example.org", "Park Jiho"), cohort, declare())
    racers = [outsider(db, f"racer{number}@example.org", f"Racer {number}").id
              for number in (1, 2)]
    db.commit()

    def declarer(user_id: int) -> Callable[[Session], Any]:
        def register(own: Session) -> int:
            return services.register(own, own.get(User, user_id), own.get(Cohort, cohort.id),
                                     declare()).id
        return register

    results = run_together(app, [declarer(racer) for racer in racers])

    won = [result for result in results if isinstance(result, int)]
    lost = [result for result in results if isinstance(result, ServiceError)]
    assert len(won) == 1 and len(lost) == 1, results
    assert "this event takes up to 2 from" in str(lost[0].message)
    db.expire_all()
    assert registered(db, cohort, "KR") == 2
