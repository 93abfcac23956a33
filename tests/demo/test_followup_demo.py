from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import func, select

from lms.accounts.queries import user_by_email
from lms.audit import AuditEvent
from lms.demo.followup import seed_followup
from lms.followup import queries, services
from lms.followup.models import ApplicationStatus, FollowUpApplication, FollowUpCall
from lms.mail import OutboxMessage
from lms.programs.models import (
    Cohort,
    CohortStatus,
    Enrollment,
    EnrollmentRole,
    EnrollmentStatus,
    Program,
    ProgramKind,
)
from tests.conftest import login


@pytest.fixture
def seeded(seeded, db):
    # Seeding follow-up training again on top of the whole demo must change nothing.
    seed_followup(db)
    db.commit()


def _follow_up(db, fiscal_year):
    return db.scalar(select(Cohort).join(Program).where(
        Program.kind == ProgramKind.FOLLOW_UP, Cohort.fiscal_year == fiscal_year))


def _statuses(db, cohort):
    return Counter(db.scalars(select(FollowUpApplication.status).where(
        FollowUpApplication.cohort_id == cohort.id)))


def test_the_follow_up_cohort_has_selected_and_waitlisted_alumni(db, seeded):
    cohort = _follow_up(db, 2026)
    assert cohort.status == CohortStatus.PLANNED and cohort.capacity == 4
    assert (cohort.starts_on.year, cohort.starts_on.month) == (2027, 1)
    assert 14 <= cohort.length_in_days <= 21
    assert cohort.course is not None and cohort.course.slug == "aswwtp-follow-up"
    assert _statuses(db, cohort) == {ApplicationStatus.SELECTED: 4,
                                     ApplicationStatus.WAITLISTED: 2}
    trainees = db.scalars(select(Enrollment).where(
        Enrollment.cohort_id == cohort.id, Enrollment.role == EnrollmentRole.TRAINEE)).all()
    assert len(trainees) == 4
    assert len({enrollment.user.country for enrollment in trainees}) == 4
    mails = db.scalars(select(OutboxMessage.subject).where(
        OutboxMessage.subject.like("%Follow-up Training 2026%"))).all()
    assert len(mails) == 6
    assert db.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "follow_up_applicant_waitlisted")) == 2


def test_the_demo_alumna_is_waitlisted_and_can_still_apply_to_the_next_training(db, seeded):
    alumna = user_by_email(db, "alumna@kakehashi.example")
    offers = {offer.cohort.fiscal_year: offer for offer in queries.open_cohorts_for(db, alumna)}
    assert offers[2026].status == ApplicationStatus.WAITLISTED
    assert offers[2027].may_apply and offers[2027].places_left == 4
    services.apply(db, alumna, offers[2027].cohort,
                   "I would like to take part to learn more about community-based care.")
    db.rollback()


def test_the_next_training_takes_applications_and_the_past_one_is_history(db, seeded):
    upcoming = _follow_up(db, 2027)
    assert services.is_open_for_applications(upcoming, services.call_of(db, upcoming))
    assert _statuses(db, upcoming) == {ApplicationStatus.SUBMITTED: 2}
    past = _follow_up(db, 2024)
    assert past.status == CohortStatus.COMPLETED
    assert _statuses(db, past) == {ApplicationStatus.SELECTED: 4}
    assert set(db.scalars(select(Enrollment.status).where(Enrollment.cohort_id == past.id))) == {
        EnrollmentStatus.COMPLETED}


def test_every_demo_motivation_meets_the_rule(db, seeded):
    for motivation in db.scalars(select(FollowUpApplication.motivation)):
        assert services.check_motivation(motivation) == motivation


def test_seeding_twice_changes_nothing(db, seeded):
    def counts():
        return [db.scalar(select(func.count()).select_from(model))
                for model in (Cohort, Enrollment, FollowUpApplication, FollowUpCall,
                              OutboxMessage)]

    before = counts()
    seed_followup(db)
    db.commit()
    assert counts() == before


def test_the_demo_pages_answer(client, db, seeded):
    from lms.demo import DEMO_PASSWORD

    login(client, "alumna@kakehashi.example", DEMO_PASSWORD)
    page = client.get("/follow-up").get_data(as_text=True)
    assert "Follow-up Training 2027" in page and "on the waitlist" in page
    client.delete_cookie("kakehashi_session")
    login(client, "program.officer@kakehashi.example", DEMO_PASSWORD)  # English
    cohort = _follow_up(db, 2026)
    page = client.get(f"/follow-up/cohorts/{cohort.id}/applications").get_data(as_text=True)
    assert "Putri Handayani" in page and "36th cohort" in page and "0 of 4 places left" in page
