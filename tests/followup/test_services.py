from __future__ import annotations

import datetime as dt
import itertools

import pytest
import time_machine
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from lms.audit import AuditEvent
from lms.errors import NotAllowed, ServiceError
from lms.followup import queries, services
from lms.followup.models import ApplicationStatus, FollowUpApplication
from lms.mail import OutboxMessage
from lms.programs import services as program_services
from lms.programs.models import CohortStatus, EnrollmentRole, EnrollmentStatus
from tests import factories
from tests.followup.conftest import (
    MOTIVATION,
    apply_all,
    follow_up_cohort,
    make_alumni,
    trainee_enrollments,
)

SUBMITTED, SELECTED = ApplicationStatus.SUBMITTED, ApplicationStatus.SELECTED
WAITLISTED, WITHDRAWN = ApplicationStatus.WAITLISTED, ApplicationStatus.WITHDRAWN


def _count(db, model) -> int:
    return db.scalar(select(func.count()).select_from(model))


def _actions(db) -> list[str]:
    return list(db.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


# Applying ---------------------------------------------------------------------------------------


def test_an_alumna_applies_and_the_application_is_audited(db, world):
    application = services.apply(db, world.alumni[0], world.cohort, f"  {MOTIVATION}  \n")
    db.commit()
    assert application.status == SUBMITTED
    assert application.motivation == MOTIVATION  # trimmed
    assert _actions(db)[-1] == "follow_up_applied"


def test_a_trainee_who_has_not_completed_cannot_apply(db, world):
    with pytest.raises(NotAllowed) as refused:
        services.apply(db, world.trainee, world.cohort, MOTIVATION)
    assert "alumni of the year-long training" in str(refused.value.message)
    assert _count(db, FollowUpApplication) == 0


def test_not_completed_and_withdrawn_trainees_of_past_years_cannot_apply(db, world):
    earlier = factories.cohort(db, number=35, starts_on=dt.date(2018, 3, 15))
    failed = factories.enroll(db, earlier, "failed@example.org")
    left = factories.enroll(db, earlier, "left@example.org")
    failed.status = EnrollmentStatus.NOT_COMPLETED
    left.status = EnrollmentStatus.WITHDRAWN
    db.flush()
    for person in (failed.user, left.user, world.staff):
        with pytest.raises(NotAllowed):
            services.apply(db, person, world.cohort, MOTIVATION)


def test_completing_a_follow_up_training_does_not_make_an_alumnus(db, world):
    past = follow_up_cohort(db, title="Follow-up 2025", starts_on=dt.date(2027, 6, 1),
                            last_day=None)
    stranger = factories.person(db, "stranger@example.org")
    db.add(program_services.Enrollment(cohort=past, user=stranger, role=EnrollmentRole.TRAINEE,
                                       status=EnrollmentStatus.COMPLETED))
    db.flush()
    with pytest.raises(NotAllowed):
        services.apply(db, stranger, world.cohort, MOTIVATION)


@pytest.mark.parametrize("motivation", ["", "   ", "Too short.", "x" * 49, "x" * 2001])
def test_the_motivation_has_a_length(db, world, motivation):
    with pytest.raises(ServiceError) as refused:
        services.apply(db, world.alumni[0], world.cohort, motivation)
    assert refused.value.field == "motivation"


def test_the_motivation_limits_are_inclusive(db, world):
    services.apply(db, world.alumni[0], world.cohort, "x" * 50)
    services.apply(db, world.alumni[1], world.cohort, "y" * 2000)
    assert _count(db, FollowUpApplication) == 2


def test_applying_twice_gives_one_application(db, world):
    first = services.apply(db, world.alumni[0], world.cohort, MOTIVATION)
    db.commit()
    second = services.apply(db, world.alumni[0], world.cohort, MOTIVATION + " Again.")
    db.commit()
    assert first.id == second.id and second.motivation == MOTIVATION
    assert _count(db, FollowUpApplication) == 1
    assert _actions(db).count("follow_up_applied") == 1


def test_the_database_holds_one_application_per_person_and_cohort(db, world):
    services.apply(db, world.alumni[0], world.cohort, MOTIVATION)
    db.commit()
    db.add(FollowUpApplication(cohort_id=world.cohort.id, user_id=world.alumni[0].id,
                               motivation=MOTIVATION))
    with pytest.raises(IntegrityError):
        db.flush()
    db.rollback()


def test_applications_need_an_open_call_and_a_planned_cohort(db, world):
    unopened = follow_up_cohort(db, title="Follow-up 2027", starts_on=dt.date(2027, 9, 1),
                                last_day=None)
    with pytest.raises(ServiceError, match="closed"):
        services.apply(db, world.alumni[0], unopened, MOTIVATION)
    call = services.call_of(db, world.cohort)
    services.close_call(db, world.staff, call)
    with pytest.raises(ServiceError, match="closed"):
        services.apply(db, world.alumni[0], world.cohort, MOTIVATION)
    db.rollback()
    program_services.change_cohort_status(db, world.staff, world.cohort, CohortStatus.ACTIVE)
    with pytest.raises(ServiceError, match="closed"):
        services.apply(db, world.alumni[0], world.cohort, MOTIVATION)


def test_applications_close_at_the_end_of_the_last_day_in_the_cohort_zone(db, world):
    # 30 November 2026, 23:59:59 in Tokyo is 14:59:59 UTC.
    with time_machine.travel(dt.datetime(2026, 11, 30, 14, 59, 0, tzinfo=dt.UTC), tick=False):
        services.apply(db, world.alumni[0], world.cohort, MOTIVATION)
    late = dt.datetime(2026, 11, 30, 15, 0, 1, tzinfo=dt.UTC)
    with time_machine.travel(late, tick=False), pytest.raises(ServiceError, match="closed"):
        services.apply(db, world.alumni[1], world.cohort, MOTIVATION)


def test_only_follow_up_cohorts_take_applications(db, world):
    with pytest.raises(ServiceError, match="not a follow-up"):
        services.apply(db, world.alumni[0], world.year, MOTIVATION)


# Withdrawing ------------------------------------------------------------------------------------


def test_the_applicant_withdraws_once_and_cannot_apply_again(db, world):
    application = services.apply(db, world.alumni[0], world.cohort, MOTIVATION)
    services.withdraw(db, world.alumni[0], application)
    services.withdraw(db, world.alumni[0], application)  # a second press changes nothing
    db.commit()
    assert application.status == WITHDRAWN and application.withdrawn_at is not None
    assert _actions(db).count("follow_up_application_withdrawn") == 1
    with pytest.raises(ServiceError, match="withdrew"):
        services.apply(db, world.alumni[0], world.cohort, MOTIVATION)


def test_nobody_else_withdraws_an_application(db, world):
    application = services.apply(db, world.alumni[0], world.cohort, MOTIVATION)
    for other in (world.alumni[1], world.staff):
        with pytest.raises(NotAllowed):
            services.withdraw(db, other, application)
    assert application.status == SUBMITTED


def test_a_waitlisted_applicant_may_withdraw_but_a_selected_one_may_not(db, world):
    first, second, third = apply_all(db, world.cohort, world.alumni[:3])
    services.select_applicants(db, world.staff, world.cohort, [first.id, second.id])
    assert third.status == WAITLISTED
    services.withdraw(db, world.alumni[2], third)
    assert third.status == WITHDRAWN
    with pytest.raises(ServiceError, match="write to the program staff"):
        services.withdraw(db, world.alumni[0], first)
    assert first.status == SELECTED


# The transition table ---------------------------------------------------------------------------


ALLOWED = {(SUBMITTED, SELECTED), (SUBMITTED, WAITLISTED), (SUBMITTED, WITHDRAWN),
           (WAITLISTED, SELECTED), (WAITLISTED, WITHDRAWN)}


@pytest.mark.parametrize("current,wanted", list(itertools.product(ApplicationStatus, repeat=2)))
def test_the_transition_table(current, wanted):
    if (current, wanted) in ALLOWED:
        services.check_transition(current, wanted)
    else:
        with pytest.raises(ServiceError, match="cannot become"):
            services.check_transition(current, wanted)


# Selecting --------------------------------------------------------------------------------------


def test_selecting_enrolls_the_chosen_and_waitlists_the_rest_and_tells_everyone(db, world):
    applications = apply_all(db, world.cohort, world.alumni[:4])
    db.commit()
    chosen = [applications[1].id, applications[3].id]
    seen = len(_actions(db))
    result = services.select_applicants(db, world.staff, world.cohort, chosen)
    db.commit()
    assert [a.id for a in result.selected] == chosen
    assert {a.id for a in result.waitlisted} == {applications[0].id, applications[2].id}
    enrollments = trainee_enrollments(db, world.cohort)
    assert {e.user_id for e in enrollments} == {world.alumni[1].id, world.alumni[3].id}
    assert all(e.role == EnrollmentRole.TRAINEE and e.status == EnrollmentStatus.ACTIVE
               for e in enrollments)
    assert applications[1].enrollment_id in {e.id for e in enrollments}
    assert applications[1].decided_by_id == world.staff.id
    mails = {m.to_address: m for m in db.scalars(select(OutboxMessage))}
    assert len(mails) == 4
    assert mails[world.alumni[1].email].subject.startswith("You have been selected")
    assert "enrolled as a trainee" in mails[world.alumni[1].email].body
    assert mails[world.alumni[0].email].subject.startswith("On the waitlist")
    assert "waitlist" in mails[world.alumni[0].email].body
    actions = _actions(db)[seen:]
    assert sorted(actions) == ["enrolled", "enrolled", "follow_up_applicant_selected",
                               "follow_up_applicant_selected", "follow_up_applicant_waitlisted",
                               "follow_up_applicant_waitlisted"]


def test_selecting_more_than_the_places_left_changes_nothing(db, world):
    applications = apply_all(db, world.cohort, world.alumni[:3])
    db.commit()
    audit_before = _count(db, AuditEvent)
    with pytest.raises(ServiceError) as refused:
        services.select_applicants(db, world.staff, world.cohort, [a.id for a in applications])
    db.rollback()
    assert refused.value.field == "chosen"
    assert "3 people, but 2 places are left" in str(refused.value.message)
    assert all(db.get(FollowUpApplication, a.id).status == SUBMITTED for a in applications)
    assert trainee_enrollments(db, world.cohort) == []
    assert _count(db, OutboxMessage) == 0 and _count(db, AuditEvent) == audit_before


def test_people_enrolled_directly_take_places_too(db, world):
    applications = apply_all(db, world.cohort, world.alumni[:2])
    program_services.enroll(db, world.staff, world.cohort, world.alumni[4],
                            EnrollmentRole.TRAINEE)
    with pytest.raises(ServiceError, match="1 place is left"):
        services.select_applicants(db, world.staff, world.cohort, [a.id for a in applications])


def test_a_freed_place_goes_to_someone_from_the_waitlist(db, world):
    applications = apply_all(db, world.cohort, world.alumni[:4])
    services.select_applicants(db, world.staff, world.cohort, [applications[0].id,
                                                               applications[1].id])
    db.commit()
    with pytest.raises(ServiceError, match="0 places are left"):
        services.select_applicants(db, world.staff, world.cohort, [applications[2].id])
    db.rollback()
    program_services.withdraw(db, world.staff, applications[0].enrollment, dt.date(2026, 10, 1),
                              "Cannot travel in January.")
    result = services.select_applicants(db, world.staff, world.cohort, [applications[2].id])
    db.commit()
    assert [a.id for a in result.selected] == [applications[2].id] and result.waitlisted == []
    assert applications[2].status == SELECTED and applications[3].status == WAITLISTED
    assert program_services.active_trainee_count(db, world.cohort) == 2


def test_sending_the_same_selection_twice_changes_nothing_more(db, world):
    applications = apply_all(db, world.cohort, world.alumni[:3])
    services.select_applicants(db, world.staff, world.cohort, [applications[0].id])
    db.commit()
    mails = _count(db, OutboxMessage)
    again = services.select_applicants(db, world.staff, world.cohort, [applications[0].id])
    db.commit()
    assert again.selected == [] and again.waitlisted == []
    assert _count(db, OutboxMessage) == mails
    assert len(trainee_enrollments(db, world.cohort)) == 1


def test_a_later_application_is_waitlisted_by_the_next_selection(db, world):
    first, second = apply_all(db, world.cohort, world.alumni[:2])
    services.select_applicants(db, world.staff, world.cohort, [first.id])
    late = services.apply(db, world.alumni[2], world.cohort, MOTIVATION)
    assert late.status == SUBMITTED and second.status == WAITLISTED
    result = services.select_applicants(db, world.staff, world.cohort, [second.id])
    assert [a.id for a in result.selected] == [second.id]
    assert [a.id for a in result.waitlisted] == [late.id]


def test_withdrawn_and_foreign_applications_cannot_be_selected(db, world):
    mine, other = apply_all(db, world.cohort, world.alumni[:2])
    services.withdraw(db, world.alumni[0], mine)
    with pytest.raises(ServiceError, match="withdrawn"):
        services.select_applicants(db, world.staff, world.cohort, [mine.id])
    second_cohort = follow_up_cohort(db, title="Follow-up 2027", starts_on=dt.date(2027, 9, 1))
    elsewhere = services.apply(db, world.alumni[2], second_cohort, MOTIVATION)
    with pytest.raises(ServiceError, match="have not applied"):
        services.select_applicants(db, world.staff, world.cohort, [other.id, elsewhere.id])
    with pytest.raises(ServiceError, match="Tick"):
        services.select_applicants(db, world.staff, world.cohort, [])


def test_only_staff_select_and_only_while_the_training_is_not_over(db, world):
    application = services.apply(db, world.alumni[0], world.cohort, MOTIVATION)
    with pytest.raises(NotAllowed):
        services.select_applicants(db, world.alumni[1], world.cohort, [application.id])
    with pytest.raises(NotAllowed):
        services.waitlist_remaining(db, world.alumni[1], world.cohort)
    program_services.change_cohort_status(db, world.staff, world.cohort, CohortStatus.CANCELLED,
                                          "Postponed.")
    with pytest.raises(ServiceError, match="selection is over"):
        services.select_applicants(db, world.staff, world.cohort, [application.id])


def test_staff_can_select_during_the_training(db, world):
    application = services.apply(db, world.alumni[0], world.cohort, MOTIVATION)
    program_services.change_cohort_status(db, world.staff, world.cohort, CohortStatus.ACTIVE)
    result = services.select_applicants(db, world.staff, world.cohort, [application.id])
    assert result.selected == [application]


def test_waitlisting_everyone_still_waiting(db, world):
    applications = apply_all(db, world.cohort, world.alumni[:3])
    waiting = services.waitlist_remaining(db, world.staff, world.cohort)
    assert {a.id for a in waiting} == {a.id for a in applications}
    assert all(a.status == WAITLISTED for a in applications)
    assert _count(db, OutboxMessage) == 3
    with pytest.raises(ServiceError, match="No application is waiting"):
        services.waitlist_remaining(db, world.staff, world.cohort)


# Calls ------------------------------------------------------------------------------------------


def test_staff_open_change_close_and_reopen_a_call(db, world):
    cohort = follow_up_cohort(db, title="Follow-up 2027", starts_on=dt.date(2027, 9, 1),
                              last_day=None)
    assert not services.is_open_for_applications(cohort, services.call_of(db, cohort))
    call = services.open_call(db, world.staff, cohort, "Come.", dt.date(2027, 6, 30))
    assert services.is_open_for_applications(cohort, call)
    assert call.closes_at == dt.datetime(2027, 6, 30, 14, 59, 59, tzinfo=dt.UTC)
    services.close_call(db, world.staff, call)
    services.close_call(db, world.staff, call)
    assert not services.is_open_for_applications(cohort, call)
    services.open_call(db, world.staff, cohort, "Come again.", dt.date(2027, 7, 15))
    assert services.is_open_for_applications(cohort, call) and call.intro == "Come again."
    actions = _actions(db)
    assert actions[-3:] == ["follow_up_call_opened", "follow_up_call_closed",
                            "follow_up_call_changed"]


def test_a_call_is_checked(db, world):
    cohort = world.cohort
    with pytest.raises(ServiceError) as refused:
        services.open_call(db, world.staff, cohort, "", dt.date(2027, 1, 18))
    assert refused.value.field == "last_day"
    with pytest.raises(ServiceError) as refused:
        services.open_call(db, world.staff, cohort, "", dt.date(2026, 9, 30))
    assert refused.value.field == "last_day"
    with pytest.raises(ServiceError) as refused:
        services.open_call(db, world.staff, cohort, "x" * 5001, dt.date(2026, 12, 1))
    assert refused.value.field == "intro"
    with pytest.raises(NotAllowed):
        services.open_call(db, world.alumni[0], cohort, "", dt.date(2026, 12, 1))
    with pytest.raises(ServiceError, match="not a follow-up"):
        services.open_call(db, world.staff, world.year, "", dt.date(2026, 12, 1))


# The alumni home's list -------------------------------------------------------------------------


def test_open_cohorts_for_lists_open_ones_and_her_own_applications(db, world):
    alumna = world.alumni[0]
    closed = follow_up_cohort(db, title="Closed one", starts_on=dt.date(2027, 3, 1),
                              last_day=dt.date(2026, 12, 1))
    services.close_call(db, world.staff, services.call_of(db, closed))
    unopened = follow_up_cohort(db, title="Not yet", starts_on=dt.date(2027, 5, 1),
                                last_day=None)
    db.commit()
    offers = queries.open_cohorts_for(db, alumna)
    assert [o.cohort.id for o in offers] == [world.cohort.id]
    assert offers[0].application is None and offers[0].may_apply and offers[0].places_left == 2

    services.apply(db, alumna, world.cohort, MOTIVATION)
    services.apply(db, world.alumni[1], world.cohort, MOTIVATION)
    services.call_of(db, closed).closed_at = None
    services.apply(db, alumna, closed, MOTIVATION)
    services.close_call(db, world.staff, services.call_of(db, closed))
    db.commit()
    offers = queries.open_cohorts_for(db, alumna)
    assert [(o.cohort.id, o.status) for o in offers] == [(world.cohort.id, SUBMITTED),
                                                         (closed.id, SUBMITTED)]
    assert not offers[1].is_open and not offers[0].may_apply
    assert unopened.id not in {o.cohort.id for o in offers}
    # Someone else's application is not hers.
    assert [o.status for o in queries.open_cohorts_for(db, world.alumni[2])] == [None]

    program_services.change_cohort_status(db, world.staff, closed, CohortStatus.CANCELLED,
                                          "Too few places.")
    db.commit()
    assert [o.cohort.id for o in queries.open_cohorts_for(db, alumna)] == [world.cohort.id]


def test_open_cohorts_for_counts_the_places_left(db, world):
    applications = apply_all(db, world.cohort, world.alumni[:2])
    services.select_applicants(db, world.staff, world.cohort, [applications[0].id])
    db.commit()
    offer, = queries.open_cohorts_for(db, world.alumni[1])
    assert offer.places_left == 1 and offer.status == WAITLISTED


def test_open_cohorts_for_takes_two_queries(db, world, count_queries):
    for number in range(3):
        follow_up_cohort(db, title=f"Extra {number}", starts_on=dt.date(2027, 4 + number, 1))
    more = make_alumni(db, world.year, 10)
    apply_all(db, world.cohort, more)
    db.commit()
    db.expire_all()
    alumna = world.alumni[0]
    assert alumna.email and alumna.roles is not None  # loaded before counting
    with count_queries() as counter:
        offers = queries.open_cohorts_for(db, alumna)
        [(o.cohort.course, o.cohort.program.title) for o in offers]
    assert len(offers) == 4
    assert counter.count == 2, counter.statements
