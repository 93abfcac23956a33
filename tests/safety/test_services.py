"""The rules of a safety check: whom it goes to (fixed when it starts), that a personal link
answers only for its person and check and only while the check is open, that answering again
replaces the answer, that reminders go to the silent alone, and that every step is audited."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from sqlalchemy import func, select

from lms.accounts.models import User
from lms.accounts.services import update_profile
from lms.audit import AuditEvent
from lms.errors import NotAllowed, ServiceError
from lms.mail import OutboxMessage
from lms.notifications.models import Notification
from lms.programs.models import Cohort
from lms.safety import links, services
from lms.safety.models import (
    SILENT,
    URGENCY,
    SafetyAnswer,
    SafetyAudience,
    SafetyCheck,
    SafetyRecipient,
    SafetyStatus,
)
from tests import factories
from tests.route_matrix_world import forged_link
from tests.safety.conftest import ISHIKAWA, PEOPLE, TOKYO, person, place, start

SAFE = services.AnswerInput(SafetyStatus.SAFE)


def recipients(db: Any, check: SafetyCheck) -> set[int]:
    return set(db.scalars(select(SafetyRecipient.user_id).where(
        SafetyRecipient.check_id == check.id)))


def reached(db: Any, check: SafetyCheck) -> set[str]:
    """Which of the world's people who sign in the check went to."""
    ids = recipients(db, check)
    return {who for who in PEOPLE if person(db, who).id in ids}


@pytest.mark.parametrize(("audience", "target", "expected"), [
    (SafetyAudience.CURRENT_TRAINEES, {}, {"trainee", "outsider"}),
    (SafetyAudience.COHORT, {"cohort_id": "cohort"}, {"trainee"}),
    (SafetyAudience.COHORT, {"cohort_id": "other_cohort"}, {"outsider"}),
    (SafetyAudience.ALUMNI_OF_COUNTRY, {"country": "ID"}, {"alumna"}),
    (SafetyAudience.ALUMNI_OF_COUNTRY, {"country": "PH"}, set()),  # another alumna only
    (SafetyAudience.SEMINAR, {"seminar_id": "seminar"}, {"alumna"}),
])
def test_each_group_reaches_its_people_and_nobody_else(db, world, audience, target,
                                                       expected) -> None:
    values = {key: world.get(value, value) for key, value in target.items()}
    # People of the world who never sign in (a classmate, another alumna) may be reached too.
    assert reached(db, start(db, audience, **values)) == expected


def test_a_group_of_nobody_is_refused(db, world) -> None:
    with pytest.raises(ServiceError, match="Nobody is in this group") as refused:
        start(db, SafetyAudience.ALUMNI_OF_COUNTRY, country="VN")
    assert refused.value.field == "audience"
    assert db.scalar(select(func.count()).select_from(SafetyCheck)) == 2  # the world's


def test_a_prefecture_reaches_those_placed_there_today(db, world) -> None:
    today = dt.date(2026, 11, 1)
    place(db, "trainee", ISHIKAWA, today - dt.timedelta(days=10), today + dt.timedelta(days=10))
    place(db, "outsider", ISHIKAWA, today - dt.timedelta(days=30), today - dt.timedelta(days=1))
    check = start(db, SafetyAudience.PREFECTURE, prefecture=ISHIKAWA)
    assert reached(db, check) == {"trainee"}
    with pytest.raises(ServiceError, match="Nobody"):
        start(db, SafetyAudience.PREFECTURE, prefecture=TOKYO)
    with pytest.raises(ServiceError, match="prefecture") as refused:
        start(db, SafetyAudience.PREFECTURE, prefecture="99")
    assert refused.value.field == "prefecture"


def test_the_group_is_fixed_when_the_check_starts(db, world) -> None:
    check = db.get(SafetyCheck, world["safety_check"])
    before = recipients(db, check)
    cohort = db.get(Cohort, world["cohort"])
    factories.enroll(db, cohort, "latecomer@example.org", name="Late Comer")
    db.flush()
    assert recipients(db, check) == before
    assert services.remind(db, factories.staff(db), check) == len(before)


def test_only_staff_start_remind_and_close(db, world) -> None:
    check = db.get(SafetyCheck, world["safety_check"])
    for who in ("trainee", "mentor", "member"):
        actor = person(db, who)
        with pytest.raises(NotAllowed):
            services.start(db, actor, services.CheckInput("Safe?", SafetyAudience.ALUMNI_OF_COUNTRY,
                                                          country="ID"))
        with pytest.raises(NotAllowed):
            services.remind(db, actor, check)
        with pytest.raises(NotAllowed):
            services.close(db, actor, check)


@pytest.mark.parametrize(("data", "field"), [
    (services.CheckInput("  ", SafetyAudience.CURRENT_TRAINEES), "message"),
    (services.CheckInput("x" * 2001, SafetyAudience.CURRENT_TRAINEES), "message"),
    (services.CheckInput("Safe?", None), "audience"),
    (services.CheckInput("Safe?", SafetyAudience.COHORT), "cohort_id"),
    (services.CheckInput("Safe?", SafetyAudience.SEMINAR, seminar_id=999_999), "seminar_id"),
    (services.CheckInput("Safe?", SafetyAudience.ALUMNI_OF_COUNTRY, country="XX"), "country"),
])
def test_a_check_needs_a_message_and_a_group(db, world, data, field) -> None:
    with pytest.raises(ServiceError) as refused:
        services.start(db, factories.staff(db), data)
    assert refused.value.field == field


def test_each_person_is_mailed_and_notified_their_own_link(db, world) -> None:
    before = db.scalar(select(func.max(OutboxMessage.id)))
    check = start(db, SafetyAudience.CURRENT_TRAINEES)
    db.flush()
    people = recipients(db, check)
    mails = db.scalars(select(OutboxMessage).where(OutboxMessage.id > before)).all()
    assert sorted(mail.recipient_id for mail in mails) == sorted(people)
    for mail in mails:
        token = links.token_for(check.id, mail.recipient_id)
        assert mail.subject == "Safety check: are you safe?"
        assert f"/safety/answer/{token}" in mail.body
        assert "An earthquake struck Ishikawa at 16:10" in mail.body
        assert links.read_token(token) == (check.id, mail.recipient_id)
        assert db.scalar(select(func.count()).select_from(Notification).where(
            Notification.user_id == mail.recipient_id, Notification.kind == "safety_check",
            Notification.link.endswith(token))) == 1
    started = db.scalars(select(AuditEvent).where(AuditEvent.action == "safety_check_started",
                                                  AuditEvent.object_id == str(check.id))).one()
    assert started.after["people"] == len(people) and started.after["is_drill"] is False


def test_a_drill_says_so_in_its_mail(db, world) -> None:
    check = start(db, SafetyAudience.COHORT, drill=True, cohort_id=world["cohort"])
    db.flush()
    trainee = person(db, "trainee")
    mail = db.scalars(select(OutboxMessage).where(
        OutboxMessage.recipient_id == trainee.id,
        OutboxMessage.body.contains(links.token_for(check.id, trainee.id)))).one()
    assert mail.subject.startswith("Drill")
    assert "THIS IS A DRILL" in mail.body


def test_answering_again_replaces_the_answer_and_both_are_audited(db, world) -> None:
    token = world["safety_link"]
    services.answer(db, token, SAFE)
    services.answer(db, token, services.AnswerInput(SafetyStatus.NEED_HELP, " No water ",
                                                    " Wajima shelter "))
    answers = db.scalars(select(SafetyAnswer).where(
        SafetyAnswer.check_id == world["safety_check"])).all()
    assert [(a.user_id, a.status, a.note, a.location) for a in answers] == [
        (person(db, "trainee").id, SafetyStatus.NEED_HELP, "No water", "Wajima shelter")]
    events = db.scalars(select(AuditEvent).where(
        AuditEvent.object_type == "SafetyCheck", AuditEvent.object_id == str(
            world["safety_check"]), AuditEvent.action.like("safety_answer%"))
        .order_by(AuditEvent.id)).all()
    assert [event.action for event in events] == ["safety_answered", "safety_answer_changed"]
    assert events[0].actor_id == person(db, "trainee").id
    assert events[1].before["status"] == "safe" and events[1].after["status"] == "need_help"


def board_order(db: Any, check_id: int) -> tuple[set[tuple[Any, ...]], set[tuple[Any, ...]]]:
    """Each person's place on the board as kept, and as worked out from the answers now."""
    kept = set(db.execute(select(SafetyRecipient.user_id, SafetyRecipient.urgency,
                                 SafetyRecipient.sort_name)
                          .where(SafetyRecipient.check_id == check_id)).all())
    live = {(user_id, SILENT if status is None else URGENCY[status], name)
            for user_id, status, name in db.execute(
                select(SafetyRecipient.user_id, SafetyAnswer.status, User.display_name)
                .join(User, User.id == SafetyRecipient.user_id)
                .outerjoin(SafetyAnswer, (SafetyAnswer.check_id == SafetyRecipient.check_id)
                           & (SafetyAnswer.user_id == SafetyRecipient.user_id))
                .where(SafetyRecipient.check_id == check_id))}
    return kept, live


def test_the_board_order_is_kept_with_each_answer(db, world, monkeypatch) -> None:
    check_id, token = world["safety_check"], world["safety_link"]
    kept, live = board_order(db, check_id)
    assert kept == live and {urgency for _id, urgency, _name in kept} == {SILENT}
    for status in (SafetyStatus.NOT_SAFE, SafetyStatus.SAFE, SafetyStatus.NEED_HELP):
        services.answer(db, token, services.AnswerInput(status))
        kept, live = board_order(db, check_id)
        assert kept == live
    # The double tap's second answer, which finds the first only when it saves.
    found = services.queries.addressed
    monkeypatch.setattr(services.queries, "addressed", lambda db_session, link: (
        dataclasses.replace(found(db_session, link), answer=None)))
    services.answer(db, token, services.AnswerInput(SafetyStatus.NOT_SAFE))
    kept, live = board_order(db, check_id)
    assert kept == live and (person(db, "trainee").id, URGENCY[SafetyStatus.NOT_SAFE],
                             person(db, "trainee").display_name) in kept


def test_a_new_name_is_kept_in_the_board_order(db, world) -> None:
    """However she is renamed (here by her own profile), the board sorts her by the new name."""
    trainee = person(db, "trainee")
    update_profile(db, trainee, "Amihan Reyes-Santos", trainee.country, trainee.locale,
                   trainee.timezone)
    kept, live = board_order(db, world["safety_check"])
    assert kept == live
    assert (trainee.id, SILENT, "Amihan Reyes-Santos") in kept


def test_two_first_answers_at_once_keep_one_the_later(db, world, monkeypatch) -> None:
    """A double tap: the second request read no answer yet, and the first saved one before it
    wrote its own. The second replaces it, as a later answer does, instead of failing."""
    token = world["safety_link"]
    services.answer(db, token, SAFE)
    found = services.queries.addressed

    def as_if_not_answered_yet(db_session, link):
        addressed = found(db_session, link)
        return dataclasses.replace(addressed, answer=None)

    monkeypatch.setattr(services.queries, "addressed", as_if_not_answered_yet)
    services.answer(db, token, services.AnswerInput(SafetyStatus.NEED_HELP, "No water"))
    db.commit()
    answers = db.scalars(select(SafetyAnswer).where(
        SafetyAnswer.check_id == world["safety_check"])).all()
    assert [(a.status, a.note) for a in answers] == [(SafetyStatus.NEED_HELP, "No water")]


def test_a_link_answers_only_for_its_person_and_check(db, world) -> None:
    trainee, outsider = person(db, "trainee"), person(db, "outsider")
    refused = [
        world["forged_safety_link"],  # the other check's id, the signature kept
        forged_link(world["safety_link"], world["safety_check"], outsider.id),  # another person
        world["safety_link"][:-1] + ("A" if world["safety_link"][-1] != "A" else "B"),
        "not-a-token",
        # Signed properly, but the outsider was never asked in this check.
        links.token_for(world["safety_check"], outsider.id),
        links.token_for(999_999, trainee.id),
    ]
    for token in refused:
        with pytest.raises(NotAllowed):
            services.answer(db, token, SAFE)
    assert db.scalar(select(func.count()).select_from(SafetyAnswer)) == 0


def test_a_link_signed_for_something_else_is_refused(app, db, world) -> None:
    from itsdangerous import URLSafeSerializer
    other_use = URLSafeSerializer(app.config["SECRET_KEY"], salt="another.use").dumps(
        [world["safety_check"], person(db, "trainee").id])
    with pytest.raises(NotAllowed):
        services.answer(db, str(other_use), SAFE)


def test_an_answer_needs_a_choice_and_short_texts(db, world) -> None:
    for data, field in ((services.AnswerInput(None), "status"),
                        (services.AnswerInput(SafetyStatus.SAFE, "x" * 2001), "note"),
                        (services.AnswerInput(SafetyStatus.SAFE, "", "x" * 201), "location")):
        with pytest.raises(ServiceError) as refused:
            services.answer(db, world["safety_link"], data)
        assert refused.value.field == field


def test_a_closed_check_takes_no_answers_and_no_reminders(db, world) -> None:
    check = db.get(SafetyCheck, world["safety_check"])
    services.answer(db, world["safety_link"], SAFE)
    services.close(db, factories.staff(db), check)
    with pytest.raises(ServiceError, match="closed"):
        services.answer(db, world["safety_link"], services.AnswerInput(SafetyStatus.NOT_SAFE))
    assert db.get(SafetyAnswer, (check.id, person(db, "trainee").id)).status is SafetyStatus.SAFE
    with pytest.raises(ServiceError, match="closed"):
        services.remind(db, factories.staff(db), check)
    with pytest.raises(ServiceError, match="already closed"):
        services.close(db, factories.staff(db), check)
    assert db.scalars(select(AuditEvent.action).where(
        AuditEvent.object_id == str(check.id), AuditEvent.action == "safety_check_closed")
    ).all() == ["safety_check_closed"]


def test_reminders_go_only_to_those_who_have_not_answered(db, world) -> None:
    check = db.get(SafetyCheck, world["safety_check"])
    trainee = person(db, "trainee")
    services.answer(db, world["safety_link"], SAFE)
    silent = recipients(db, check) - {trainee.id}
    assert silent
    before = db.scalar(select(func.max(OutboxMessage.id)))
    assert services.remind(db, factories.staff(db), check) == len(silent)
    db.flush()
    reminded = db.scalars(select(OutboxMessage).where(OutboxMessage.id > before)).all()
    assert {mail.recipient_id for mail in reminded} == silent
    assert all("We have not heard from you yet" in mail.body for mail in reminded)
    assert check.last_reminded_at is not None
    event = db.scalars(select(AuditEvent).where(AuditEvent.action == "safety_check_reminded",
                                                AuditEvent.object_id == str(check.id))).one()
    assert set(event.after["reminded"]) == silent
    for user_id in silent:
        services.answer(db, links.token_for(check.id, user_id), SAFE)
    with pytest.raises(ServiceError, match="Everyone has answered"):
        services.remind(db, factories.staff(db), check)
