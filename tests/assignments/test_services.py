from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from sqlalchemy import func, select

from lms.assignments import extensions, grading, services
from lms.assignments.models import Grade, Submission, SubmissionStatus
from lms.audit import AuditEvent
from lms.errors import NotAllowed, ServiceError
from lms.mail import OutboxMessage
from lms.notifications import services as notifications
from lms.notifications.models import Delivery, Notification
from tests import factories
from tests.assignments.conftest import VISIT_NOTE_DUE

S = SubmissionStatus
FULL_MARKS = {"Observation": 4, "Reflection": 6}


def hand_in(db, enrollment, item, text="My note about the visit.", attempt=1):
    return services.submit(db, enrollment.user, enrollment, item, attempt, text)


@pytest.mark.parametrize("offset,late", [(-1, False), (0, False), (1, True)])
def test_the_deadline_is_checked_to_the_second(db, year, offset, late):
    moment = VISIT_NOTE_DUE + dt.timedelta(seconds=offset)
    with time_machine.travel(moment, tick=False):
        submission = hand_in(db, year["trainee"], year["items"]["visit-note"])
    assert submission.is_late is late and submission.status == S.SUBMITTED


def test_an_assignment_that_closes_refuses_late_work(db, year):
    presentation = year["items"]["presentation"]
    due = year["cohort"].due_time(45)
    with time_machine.travel(due + dt.timedelta(seconds=1), tick=False), \
            pytest.raises(ServiceError, match="accepts no late work"):
        services.submit(db, year["trainee"].user, year["trainee"], presentation, 1, "")


def test_an_extension_moves_the_deadline_for_one_trainee(db, year):
    item = year["items"]["visit-note"]
    new_due = VISIT_NOTE_DUE + dt.timedelta(days=3)
    extensions.grant_extension(db, year["mentor"].user, year["trainee"], item, new_due,
                               "Hospital visit")
    assert services.due_at(db, year["trainee"], item) == new_due
    assert services.due_at(db, year["classmate"], item) == VISIT_NOTE_DUE
    with time_machine.travel(VISIT_NOTE_DUE + dt.timedelta(days=1), tick=False):
        assert not hand_in(db, year["trainee"], item).is_late
        assert hand_in(db, year["classmate"], item).is_late
    mail = db.scalars(select(OutboxMessage)).all()
    assert any("Extension" in message.subject for message in mail)


def test_extensions_are_for_the_trainees_mentor_or_staff(db, year):
    item = year["items"]["visit-note"]
    with pytest.raises(NotAllowed):
        extensions.grant_extension(db, year["other_mentor"].user, year["trainee"], item,
                                   VISIT_NOTE_DUE + dt.timedelta(days=1), "x")
    with pytest.raises(NotAllowed):
        extensions.grant_extension(db, year["trainee"].user, year["trainee"], item,
                                   VISIT_NOTE_DUE + dt.timedelta(days=1), "x")
    with pytest.raises(ServiceError) as refused:
        extensions.grant_extension(db, factories.staff(db), year["trainee"], item,
                                   VISIT_NOTE_DUE, " ")
    assert refused.value.field == "reason"


def test_staff_move_a_deadline_for_the_cohort(db, year):
    item = year["items"]["visit-note"]
    moved = VISIT_NOTE_DUE + dt.timedelta(days=7)
    with pytest.raises(NotAllowed):
        extensions.move_deadline(db, year["mentor"].user, year["cohort"], item, moved)
    extensions.move_deadline(db, factories.staff(db), year["cohort"], item, moved)
    assert services.due_at(db, year["trainee"], item) == moved
    assert services.due_at(db, year["classmate"], item) == moved


def test_submitting_twice_yields_one_attempt(db, year):
    item = year["items"]["visit-note"]
    first = hand_in(db, year["trainee"], item)
    second = hand_in(db, year["trainee"], item)
    assert first.id == second.id
    assert db.scalar(select(func.count()).select_from(Submission)) == 1
    assert db.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "submission_submitted")) == 1


def test_nothing_to_hand_in_is_refused(db, year):
    with pytest.raises(ServiceError, match="nothing to hand in"):
        hand_in(db, year["trainee"], year["items"]["visit-note"], text="   ")


def test_a_draft_can_be_saved_and_changed_until_handed_in(db, year):
    item = year["items"]["visit-note"]
    draft = services.save_draft(db, year["trainee"].user, year["trainee"], item, 1, "first")
    services.save_draft(db, year["trainee"].user, year["trainee"], item, 1, "second")
    assert draft.text == "second" and draft.status == S.DRAFT
    hand_in(db, year["trainee"], item, text="final")
    with pytest.raises(ServiceError):
        services.save_draft(db, year["trainee"].user, year["trainee"], item, 1, "after")
    with pytest.raises(ServiceError):  # a second attempt only after a return
        services.save_draft(db, year["trainee"].user, year["trainee"], item, 2, "again")


def test_only_the_trainee_hands_in_their_own_work(db, year):
    item = year["items"]["visit-note"]
    with pytest.raises(NotAllowed):
        services.submit(db, year["classmate"].user, year["trainee"], item, 1, "x")
    with pytest.raises(NotAllowed):
        services.submit(db, year["mentor"].user, year["trainee"], item, 1, "x")


def test_returned_work_gets_a_new_attempt_and_the_old_one_is_kept(db, year):
    item = year["items"]["visit-note"]
    first = hand_in(db, year["trainee"], item, text="v1")
    grading.grade(db, year["mentor"].user, first,
                  grading.Assessment({"Observation": 2, "Reflection": 3}, "Add more.", True),
                   0)
    assert first.status == S.RETURNED
    second = hand_in(db, year["trainee"], item, text="v2", attempt=2)
    assert (second.attempt, second.status) == (2, S.SUBMITTED)
    assert [s.text for s in services.attempts(db, year["trainee"], item)] == ["v1", "v2"]
    with pytest.raises(ServiceError, match="later attempt"):
        grading.grade(db, year["mentor"].user, first,
                      grading.Assessment(FULL_MARKS, "", False), first.grade.version)


def test_no_revision_when_the_assignment_allows_none(db, year):
    presentation = year["items"]["presentation"]
    draft = services.save_draft(db, year["trainee"].user, year["trainee"], presentation, 1, "")
    import io

    services.attach(db, year["trainee"].user, year["trainee"], presentation, 1, "slides.pdf",
                    io.BytesIO(b"%PDF-1.4\n%slides\n"))
    submitted = services.submit(db, year["trainee"].user, year["trainee"], presentation, 1, "")
    assert submitted.id == draft.id
    with pytest.raises(ServiceError, match="does not allow revisions"):
        grading.grade(db, year["mentor"].user, submitted,
                      grading.Assessment({"score": 10}, "", True), 0)


@pytest.mark.parametrize("start,wanted,allowed", [
    (S.DRAFT, S.SUBMITTED, True), (S.DRAFT, S.GRADED, False), (S.DRAFT, S.RETURNED, False),
    (S.SUBMITTED, S.GRADED, True), (S.SUBMITTED, S.RETURNED, True),
    (S.SUBMITTED, S.DRAFT, False), (S.GRADED, S.GRADED, True), (S.GRADED, S.RETURNED, True),
    (S.GRADED, S.SUBMITTED, False), (S.RETURNED, S.GRADED, True),
    (S.RETURNED, S.SUBMITTED, False), (S.GRADED, S.DRAFT, False),
])
def test_the_submission_workflow_table(start, wanted, allowed):
    if allowed:
        services.check_transition(start, wanted)
    else:
        with pytest.raises(ServiceError):
            services.check_transition(start, wanted)


def test_a_draft_cannot_be_graded(db, year):
    item = year["items"]["visit-note"]
    draft = services.save_draft(db, year["trainee"].user, year["trainee"], item, 1, "x")
    with pytest.raises(ServiceError):
        grading.grade(db, year["mentor"].user, draft, grading.Assessment(FULL_MARKS, "", False),
                      0)


def test_grading_checks_the_rubric(db, year):
    submission = hand_in(db, year["trainee"], year["items"]["visit-note"])
    mentor = year["mentor"].user
    for scores in ({"Observation": 4}, {"Observation": 3, "Reflection": 6},
                   {"Observation": 4, "Reflection": 6, "Extra": 1}):
        with pytest.raises(ServiceError):
            grading.grade(db, mentor, submission, grading.Assessment(scores, "", False), 0)
    saved = grading.grade(db, mentor, submission, grading.Assessment(FULL_MARKS, "Good", False),
                          0)
    assert saved.total == 10 and submission.status == S.GRADED


def test_only_the_mentor_or_staff_grade(db, year):
    submission = hand_in(db, year["trainee"], year["items"]["visit-note"])
    for someone in (year["other_mentor"].user, year["trainee"].user, year["classmate"].user):
        with pytest.raises(NotAllowed):
            grading.grade(db, someone, submission, grading.Assessment(FULL_MARKS, "", False), 0)
    grading.grade(db, factories.staff(db), submission,
                  grading.Assessment(FULL_MARKS, "", False), 0)


def test_a_stale_grade_is_a_conflict_not_an_overwrite(db, year):
    submission = hand_in(db, year["trainee"], year["items"]["visit-note"])
    first = grading.grade(db, year["mentor"].user, submission,
                          grading.Assessment(FULL_MARKS, "First", False), 0)
    with pytest.raises(grading.GradeConflict) as conflict:
        grading.grade(db, factories.staff(db), submission,
                      grading.Assessment({"Observation": 0, "Reflection": 0}, "Second",
                                         False), 0)
    assert conflict.value.current.feedback == "First"
    with pytest.raises(grading.GradeConflict):
        grading.grade(db, factories.staff(db), submission,
                      grading.Assessment(FULL_MARKS, "Stale", False), first.version + 5)
    edited = grading.grade(db, factories.staff(db), submission,
                           grading.Assessment({"Observation": 2, "Reflection": 6}, "Edited",
                                              False), first.version)
    assert (edited.total, edited.version) == (8, 2)
    events = db.scalars(select(AuditEvent).where(AuditEvent.action == "grade_saved")
                        .order_by(AuditEvent.id)).all()
    assert [event.after["total"] for event in events] == [10, 8]
    assert events[1].before["total"] == 10 and events[1].before["feedback"] == "First"
    assert db.scalar(select(func.count()).select_from(Grade)) == 1


def test_pass_mark(db, year):
    item = year["items"]["visit-note"]  # 10 points, pass mark 60%
    assert services.passes(item, Grade(total=6, returned=False), 60)
    assert not services.passes(item, Grade(total=5, returned=False), 60)
    assert not services.passes(item, Grade(total=10, returned=True), 60)
    assert not services.passes(item, None, 60)


def test_mail_on_submission_and_grade(db, year):
    submission = hand_in(db, year["trainee"], year["items"]["visit-note"])
    grading.grade(db, year["mentor"].user, submission,
                  grading.Assessment(FULL_MARKS, "", False), 0)
    db.commit()
    mail = {(m.to_address, m.subject) for m in db.scalars(select(OutboxMessage))}
    assert ("mentor@example.org", "Submitted: Visit note by Amihan Reyes") in mail
    assert ("amihan@example.org", "Graded: Visit note") in mail
    assert not any(to == "mentor2@example.org" for to, _subject in mail)


def test_reminders_go_once_and_respect_the_choice(db, year):
    with time_machine.travel(VISIT_NOTE_DUE - dt.timedelta(hours=30), tick=False):
        notifications.choose(db, year["classmate"].user, {"deadline_reminder": Delivery.APP})
        # All three are reminded; the classmate, who chose the app only, gets no mail.
        assert services.send_reminders(db, 48) == 3
        assert services.send_reminders(db, 48) == 0  # hourly runs send nothing new
    reminders = db.scalars(select(OutboxMessage).where(
        OutboxMessage.subject.like("Due soon%"))).all()
    assert sorted(m.to_address for m in reminders) == ["amihan@example.org", "other@example.org"]
    in_app = db.scalars(select(Notification).where(
        Notification.user_id == year["classmate"].user.id,
        Notification.kind == "deadline_reminder")).all()
    assert [n.subject for n in in_app] == ["Due soon: Visit note"]


def test_no_reminder_for_work_handed_in(db, year):
    hand_in(db, year["trainee"], year["items"]["visit-note"])
    with time_machine.travel(VISIT_NOTE_DUE - dt.timedelta(hours=30), tick=False):
        services.send_reminders(db, 48)
    recipients = db.scalars(select(OutboxMessage.to_address).where(
        OutboxMessage.subject.like("Due soon%"))).all()
    assert "amihan@example.org" not in recipients and "siriporn@example.org" in recipients


def test_a_mentor_who_chose_the_app_only_gets_no_mail_but_the_notice(db, year):
    notifications.choose(db, year["mentor"].user, {"submission_received": Delivery.APP})
    hand_in(db, year["trainee"], year["items"]["visit-note"])
    db.commit()
    assert not db.scalars(select(OutboxMessage).where(
        OutboxMessage.to_address == "mentor@example.org")).all()
    assert db.scalars(select(Notification.kind).where(
        Notification.user_id == year["mentor"].user.id)).all() == ["submission_received"]
