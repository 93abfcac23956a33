"""The country that counts for a person toward per-country caps, quotas and eligibility, and
the one way to change it.

A person may edit the country of their account at any time, so it never counts: a trainee
refused because their country's places were taken could otherwise pick another country and
try again. What counts is the country recorded on their trainee enrollment in the year-long
program, taken from their account when they were enrolled and changed afterwards only by
staff, with an audit event; someone without such an enrollment (a new applicant) counts for
the country of the application they sent, which can no longer be edited once sent.

Grant statistics (the country where a project takes place) and the alumni directory (where
an alumna lives now) mean something else and keep their own countries.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from lms import audit
from lms.accounts.models import User
from lms.errors import ServiceError
from lms.i18n import _l, country_names
from lms.programs.models import Cohort, Enrollment, EnrollmentRole, Program, ProgramKind
from lms.security import require_staff


def counted_country(person_id: int | ColumnElement[int | None],
                    application_country: str | ColumnElement[str | None] | None = None,
                    ) -> ColumnElement[str | None]:
    """The country that counts for a person: that of their latest trainee enrollment in the
    year-long program, otherwise ``application_country`` (the sent application being counted).

    An SQL expression, so that counting many people by country stays one query;
    ``person_id`` may be a column of the enclosing query, such as an application's
    applicant."""
    year_program_country = (
        select(Enrollment.country)
        .join(Cohort, Cohort.id == Enrollment.cohort_id)
        .join(Program, Program.id == Cohort.program_id)
        .where(Enrollment.user_id == person_id, Enrollment.role == EnrollmentRole.TRAINEE,
               Enrollment.country.is_not(None), Program.kind == ProgramKind.YEAR_LONG)
        .order_by(Enrollment.enrolled_at.desc(), Enrollment.id.desc())
        .limit(1)
        # Bound to the enclosing query only through ``person_id``: a list of seminars (which
        # are cohorts too) must not lend its cohort to this one.
        .correlate_except(Enrollment, Cohort, Program)
        .scalar_subquery())
    if application_country is None:
        return year_program_country
    return func.coalesce(year_program_country, application_country)


def country_that_counts(db_session: Session, person_id: int | None,
                        application_country: str | None = None) -> str | None:
    """:func:`counted_country` for one person, read now."""
    if person_id is None:  # an application whose applicant was anonymized
        return application_country
    return db_session.scalar(select(counted_country(person_id, application_country)))


def change_country(db_session: Session, actor: User, enrollment: Enrollment,
                   country: str, reason: str) -> None:
    """Staff correct the country an enrollment counts for; the person cannot."""
    require_staff(actor)
    if country not in dict(country_names("en")):
        raise ServiceError(_l("Choose a country from the list."), field="country")
    if not reason.strip():
        raise ServiceError(_l("Give the reason for the change: it decides whose places the "
                              "person takes."), field="reason")
    if country == enrollment.country:
        return
    before = enrollment.country
    enrollment.country = country
    db_session.flush()
    audit.record(db_session, actor, "enrollment_country_changed", enrollment,
                 before={"country": before},
                 after={"country": country, "reason": reason.strip()})
