"""How someone given a place through an admissions call joins its cohort, and the caps per
country a cohort's own kind adds to the call's.

The year-long program and the follow-up training enroll the person as a trainee
(lms.programs.services.admit). An event's edition does not make trainees of its participants:
the events domain registers its own way here when its modules load (lms.events.exchange), so
that admissions, which selects the participants, needs to know nothing of events, and events
may show an edition's calls.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from lms.accounts.models import User
from lms.programs.models import Cohort


@dataclass(frozen=True)
class Joining:
    #: Whether this way is the one for the cohort.
    applies: Callable[[Cohort], bool]
    #: Give ``user`` her place: (session, cohort, user, organization, country).
    join: Callable[[Session, Cohort, User, str | None, str], object]
    #: The most people the cohort takes from a country, None for no cap.
    cap: Callable[[Session, Cohort, str], int | None]
    #: How many hold a place from a country already, by this way.
    joined_from: Callable[[Session, Cohort, str], int]


_WAYS: list[Joining] = []


def joins_by(way: Joining) -> None:
    if way not in _WAYS:
        _WAYS.append(way)


def way_for(cohort: Cohort) -> Joining | None:
    """The cohort's own way of joining, or None: a trainee enrollment."""
    return next((way for way in _WAYS if way.applies(cohort)), None)
