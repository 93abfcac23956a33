"""Participants' reflections on an edition: who may write one, writing and editing it, and
staff selecting the ones they quote in the report.

A participant is someone registered (not cancelled) for the edition, or a member with an
account of one of its delegations. They may write once the edition's first day has come (in
its zone), and edit until the report is published. Nobody but staff and the author ever reads
a reflection before it is published, and only a selected one, whose author consented, is
published. Services check rights, flush and never commit.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, contains_eager

from lms import audit
from lms.accounts.models import User
from lms.errors import NotAllowed, ServiceError
from lms.events.delegation_models import Delegation, DelegationMember
from lms.events.editions import require_event
from lms.events.models import Registration, RegistrationStatus
from lms.events.report_models import REFLECTION_MAX_LENGTH, EventReport, Reflection
from lms.events.services import has_started
from lms.i18n import _l
from lms.programs.models import Cohort, CohortStatus
from lms.security import require_staff


def is_participant(db_session: Session, cohort: Cohort, user: User) -> bool:
    """Registered (not cancelled) for the edition, or a member of one of its delegations."""
    registered = select(Registration.id).where(
        Registration.cohort_id == cohort.id, Registration.user_id == user.id,
        Registration.status == RegistrationStatus.REGISTERED)
    member = (select(DelegationMember.id)
              .join(Delegation, Delegation.id == DelegationMember.delegation_id)
              .where(Delegation.cohort_id == cohort.id, DelegationMember.user_id == user.id))
    return bool(db_session.scalar(select(registered.exists() | member.exists())))


def report_of(db_session: Session, cohort: Cohort) -> EventReport | None:
    return db_session.scalar(select(EventReport).where(EventReport.cohort_id == cohort.id))


def is_published(db_session: Session, cohort: Cohort) -> bool:
    return db_session.scalar(select(EventReport.published_at).where(
        EventReport.cohort_id == cohort.id)) is not None


def refusal(db_session: Session, cohort: Cohort, user: User) -> ServiceError | None:
    """Why ``user`` may not write (or edit) a reflection on ``cohort`` now, or None."""
    if not is_participant(db_session, cohort, user):
        return NotAllowed(_l("Only the participants of an event write a reflection on it."))
    if cohort.status == CohortStatus.CANCELLED:
        return ServiceError(_l("This event was cancelled."))
    if not has_started(cohort):
        return ServiceError(_l("You can write your reflection once the event has started."))
    if is_published(db_session, cohort):
        return ServiceError(_l("The event's report is published: reflections can no longer "
                               "be changed."))
    return None


def may_write(db_session: Session, cohort: Cohort, user: User) -> bool:
    return refusal(db_session, cohort, user) is None


def own_reflection(db_session: Session, cohort: Cohort, user: User) -> Reflection | None:
    """The viewer's own reflection: the only one a participant ever reads before the report."""
    return db_session.scalar(select(Reflection).where(
        Reflection.cohort_id == cohort.id, Reflection.user_id == user.id))


def save_reflection(db_session: Session, actor: User, cohort: Cohort, body: str,
                    consent: bool) -> Reflection:
    """Write or edit the actor's reflection. Withdrawing consent takes it out of the
    report's selection."""
    require_event(cohort)
    refused = refusal(db_session, cohort, actor)
    if refused is not None:
        raise refused
    text = body.strip()
    if not text:
        raise ServiceError(_l("Write your reflection."), field="body")
    if len(text) > REFLECTION_MAX_LENGTH:
        raise ServiceError(_l("A reflection has at most %(count)d characters.",
                              count=REFLECTION_MAX_LENGTH), field="body")
    reflection = own_reflection(db_session, cohort, actor)
    before = None
    if reflection is None:
        reflection = Reflection(cohort_id=cohort.id, user_id=actor.id, body=text)
        db_session.add(reflection)
    else:
        before = {"consent": reflection.consent, "selected": reflection.selected,
                  "length": len(reflection.body)}
    reflection.body = text
    reflection.consent = consent
    if not consent:
        reflection.selected = False
    db_session.flush()
    # The text itself stays out of the audit trail: it is the author's, and kept in one place.
    audit.record(db_session, actor, "event_reflection_saved", reflection, before=before,
                 after={"consent": reflection.consent, "selected": reflection.selected,
                        "length": len(text)})
    return reflection


def reflections(db_session: Session, actor: User, cohort: Cohort) -> list[Reflection]:
    """Every reflection on the edition with its author, for staff only: one query."""
    require_staff(actor)
    return list(db_session.scalars(
        select(Reflection).join(User, User.id == Reflection.user_id)
        .options(contains_eager(Reflection.user))
        .where(Reflection.cohort_id == cohort.id)
        .order_by(Reflection.selected.desc(), User.display_name, Reflection.id)))


def reflection_in(db_session: Session, cohort: Cohort, reflection_id: int) -> Reflection | None:
    return db_session.scalar(select(Reflection).where(
        Reflection.id == reflection_id, Reflection.cohort_id == cohort.id))


def set_selected(db_session: Session, actor: User, cohort: Cohort, reflection: Reflection,
                 selected: bool) -> None:
    """Select a reflection for the report, or take it out. Only one whose author consented."""
    require_staff(actor)
    if reflection.cohort_id != cohort.id:
        raise ServiceError(_l("This reflection is on another event."))
    if selected and not reflection.consent:
        raise ServiceError(_l("Only a reflection whose author allows quoting it can be "
                              "selected for the report."))
    if reflection.selected == selected:
        return
    reflection.selected = selected
    db_session.flush()
    audit.record(db_session, actor, "event_reflection_selected" if selected
                 else "event_reflection_unselected", reflection,
                 before={"selected": not selected}, after={"selected": selected})
