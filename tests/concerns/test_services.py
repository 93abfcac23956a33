from __future__ import annotations

import pytest
from sqlalchemy import select

from lms.accounts.models import Role, RoleGrant
from lms.audit import AuditEvent
from lms.concerns import queries, services
from lms.concerns.models import (
    Concern,
    ConcernHandler,
    ConcernStatus,
    ConcernStatusChange,
)
from lms.errors import NotAllowed, ServiceError
from lms.mail import OutboxMessage
from lms.notifications.models import Notification
from tests.concerns.conftest import WHAT_HAPPENED, raise_one


def _mail_to(db, person):
    return list(db.scalars(select(OutboxMessage).where(OutboxMessage.to_address == person.email)))


def test_a_concern_is_kept_with_her_enrollment_and_only_the_handler_is_told(db, people):
    concern = raise_one(db, people["trainee"])
    assert concern.status == ConcernStatus.OPEN
    assert concern.enrollment_id == people["trainee_enrollment"].id
    [mail] = _mail_to(db, people["handler"])
    assert "confidential concern" in mail.subject
    assert "/concerns/" in mail.body
    assert "passport" not in mail.body and "passport" not in mail.subject
    assert "Amihan" not in mail.body  # nor who raised it
    for bystander in ("mentor", "staff", "admin", "classmate", "member", "trainee"):
        assert _mail_to(db, people[bystander]) == [], bystander
        assert not db.scalars(select(Notification).where(
            Notification.user_id == people[bystander].id)).all(), bystander


def test_an_empty_description_is_refused(db, people):
    with pytest.raises(ServiceError):
        raise_one(db, people["trainee"], description="   ")


def test_with_nobody_named_the_admins_are_asked_to_name_someone_and_told_nothing_else(
        db, people):
    db.delete(db.get(ConcernHandler, people["handler"].id))
    db.commit()
    raise_one(db, people["trainee"])
    [mail] = _mail_to(db, people["admin"])
    assert "/concerns/handlers" in mail.body and "passport" not in mail.body
    assert _mail_to(db, people["handler"]) == []


def test_the_audit_trail_keeps_no_description_or_note(db, people):
    concern = raise_one(db, people["trainee"])
    services.add_note(db, people["handler"], concern, "Called the host family: passport back.")
    services.change_status(db, people["handler"], concern, ConcernStatus.IN_PROGRESS)
    db.commit()
    events = db.scalars(select(AuditEvent).where(AuditEvent.object_type == "Concern")
                        .order_by(AuditEvent.id)).all()
    assert [event.action for event in events] == [
        "concern_raised", "concern_note_added", "concern_status_changed"]
    for event in events:
        written = f"{event.before} {event.after}"
        assert "passport" not in written and "money" not in written


def test_a_status_change_is_recorded_and_the_reporter_told_without_details(db, people):
    concern = raise_one(db, people["trainee"])
    services.change_status(db, people["handler"], concern, ConcernStatus.CLOSED)
    db.commit()
    assert concern.closed_at is not None
    [change] = db.scalars(select(ConcernStatusChange)).all()
    assert change.status == ConcernStatus.CLOSED and change.changed_by_id == people["handler"].id
    [mail] = _mail_to(db, people["trainee"])
    assert "/concerns/mine" in mail.body
    assert "passport" not in mail.body and "Handa" not in mail.body
    services.change_status(db, people["handler"], concern, ConcernStatus.IN_PROGRESS)
    assert concern.closed_at is None


def test_a_transition_not_in_the_table_is_refused(db, people):
    concern = raise_one(db, people["trainee"])
    services.change_status(db, people["handler"], concern, ConcernStatus.IN_PROGRESS)
    with pytest.raises(ServiceError):
        services.change_status(db, people["handler"], concern, ConcernStatus.OPEN)
    with pytest.raises(ServiceError):  # nobody is told of a change that is none
        services.change_status(db, people["handler"], concern, ConcernStatus.IN_PROGRESS)


@pytest.mark.parametrize("who", ["staff", "admin", "mentor", "trainee", "classmate", "member"])
def test_only_a_handler_changes_the_status_or_writes_a_note(db, people, who):
    concern = raise_one(db, people["trainee"])
    with pytest.raises(NotAllowed):
        services.change_status(db, people[who], concern, ConcernStatus.CLOSED)
    with pytest.raises(NotAllowed):
        services.add_note(db, people[who], concern, "Seen.")


@pytest.mark.parametrize("who", ["staff", "admin", "mentor", "classmate", "member", "trainee"])
def test_nobody_but_a_handler_finds_a_case(db, people, who):
    concern = raise_one(db, people["trainee"])
    assert queries.handled_by(db, people[who], concern.id) is None
    assert queries.cases(db, people[who], queries.EVERY, 1).items == []
    assert queries.handled_by(db, people["handler"], concern.id) is concern


def test_the_reporter_lists_only_her_own(db, people):
    mine = raise_one(db, people["trainee"])
    raise_one(db, people["classmate"], description="Someone else's problem.")
    page = queries.my_concerns(db, people["trainee"], 1)
    assert [listed.concern.id for listed in page.items] == [mine.id]


def test_only_admins_name_handlers_and_only_staff_are_named(db, people):
    with pytest.raises(NotAllowed):
        services.name_handler(db, people["handler"], people["staff"])
    with pytest.raises(ServiceError):
        services.name_handler(db, people["admin"], people["mentor"])
    services.name_handler(db, people["admin"], people["staff"])
    db.commit()
    assert queries.handles_concerns(db, people["staff"])
    assert db.scalar(select(AuditEvent.action).where(
        AuditEvent.object_id == str(people["staff"].id),
        AuditEvent.object_type == "User").order_by(AuditEvent.id.desc()).limit(1)
    ) == "concern_handler_named"


def test_the_last_handler_is_not_removed_and_a_removed_one_sees_nothing(db, people):
    concern = raise_one(db, people["trainee"])
    with pytest.raises(ServiceError):
        services.remove_handler(db, people["admin"], people["handler"])
    services.name_handler(db, people["admin"], people["staff"])
    services.remove_handler(db, people["admin"], people["handler"])
    db.commit()
    assert queries.handled_by(db, people["handler"], concern.id) is None
    assert queries.handled_by(db, people["staff"], concern.id) is concern


def test_a_handler_who_is_no_longer_staff_handles_nothing(db, people):
    concern = raise_one(db, people["trainee"])
    handler = people["handler"]
    db.delete(db.scalars(select(RoleGrant).where(RoleGrant.user_id == handler.id,
                                                 RoleGrant.role == Role.STAFF)).one())
    db.commit()
    db.refresh(handler)
    assert queries.handled_by(db, handler, concern.id) is None
    with pytest.raises(NotAllowed):
        services.change_status(db, handler, concern, ConcernStatus.CLOSED)
    assert db.get(Concern, concern.id).description == WHAT_HAPPENED
