"""An edition's participants selected through an admissions call (an exchange's side) join it
as registrations, not as trainees: lms.programs.joining asks this module, registered when the
events' models load, so admissions knows nothing of events."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lms import audit
from lms.accounts.models import User
from lms.events.models import (
    SELECTED,
    CountryCap,
    Edition,
    Registration,
    RegistrationStatus,
)
from lms.programs import joining
from lms.programs.models import Cohort, is_event


def _join(db_session: Session, cohort: Cohort, user: User, organization: str | None,
          country: str) -> Registration:
    """Register the selected person, as the country her place was given for; a registration
    she cancelled before is reused (one row per person and edition)."""
    registration = db_session.scalar(select(Registration).where(
        Registration.cohort_id == cohort.id, Registration.user_id == user.id))
    before = {"status": str(registration.status)} if registration else None
    if registration is None:
        registration = Registration(cohort_id=cohort.id, user_id=user.id, country=country)
        db_session.add(registration)
    registration.country = country
    registration.organization = (organization or "").strip()[:200] or None
    registration.came_as = SELECTED
    registration.status = RegistrationStatus.REGISTERED
    registration.cancelled_at = None
    registration.cancelled_by_id = None
    db_session.flush()
    audit.record(db_session, user, "event_registered_from_call", registration, before=before,
                 after={"status": "registered", "cohort_id": cohort.id, "country": country})
    return registration


def _cap(db_session: Session, cohort: Cohort, country: str) -> int | None:
    """The cap named for the country, else the edition's uniform one (lms.events.services
    .cap_for, read without the edition loaded)."""
    named = db_session.scalar(select(CountryCap.cap).where(
        CountryCap.cohort_id == cohort.id, CountryCap.country == country))
    if named is not None:
        return named
    return db_session.scalar(select(Edition.per_country_cap).where(
        Edition.cohort_id == cohort.id))


def _registered_from(db_session: Session, cohort: Cohort, country: str) -> int:
    return db_session.scalar(select(func.count()).select_from(Registration).where(
        Registration.cohort_id == cohort.id, Registration.country == country,
        Registration.status == RegistrationStatus.REGISTERED)) or 0


joining.joins_by(joining.Joining(applies=lambda cohort: is_event(cohort.program.kind),
                                 join=_join, cap=_cap, joined_from=_registered_from))
