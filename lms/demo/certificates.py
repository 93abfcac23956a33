"""Certificates of the completed demo cohorts, dated the afternoon of each cohort's last day,
when the closing ceremony hands them out."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from lms.accounts.models import User
from lms.certificates.services import issue_certificates
from lms.demo.people import cast
from lms.programs.models import (
    Cohort,
    CohortStatus,
    Enrollment,
    EnrollmentRole,
    EnrollmentStatus,
)


def seed_certificates(db_session: Session) -> None:
    staff = cast(db_session).staff
    cohorts = db_session.scalars(
        select(Cohort).options(joinedload(Cohort.program))
        .where(Cohort.status == CohortStatus.COMPLETED).order_by(Cohort.starts_on))
    for cohort in cohorts:
        completed = list(db_session.scalars(
            select(Enrollment).join(User, User.id == Enrollment.user_id)
            .options(joinedload(Enrollment.user))
            .where(Enrollment.cohort_id == cohort.id, Enrollment.role == EnrollmentRole.TRAINEE,
                   Enrollment.status == EnrollmentStatus.COMPLETED)
            .order_by(User.display_name)))
        issued_on = dt.datetime.combine(cohort.ends_on, dt.time(15, 0), cohort.zone)
        for certificate in issue_certificates(db_session, staff, cohort, completed,
                                              notify=False):
            certificate.issued_at = issued_on.astimezone(dt.UTC)
    db_session.flush()
