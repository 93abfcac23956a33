"""Invitations to an edition: staff invite people with an account (by their email address),
who may then see the edition and register for it whatever it is open to, declaring their
country and organization as outsiders do (lms.events.audience). Removing an invitation takes
that right away; a registration already made stays, and staff cancel it apart if they mean
to."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lms import audit
from lms.accounts.models import User
from lms.accounts.queries import user_by_email
from lms.errors import ServiceError
from lms.events.editions import require_event, require_open
from lms.events.models import Invitation, Registration, RegistrationStatus
from lms.i18n import _l
from lms.names import lazy_name
from lms.notifications import services as notifications
from lms.programs.models import Cohort
from lms.security import require_staff
from lms.urls import external_url


@dataclass(frozen=True)
class InvitationLine:
    invitation: Invitation
    user: User
    registered: bool


def invitations_of(db_session: Session, cohort: Cohort) -> list[InvitationLine]:
    """The people invited to the edition, by name, and whether each is registered: one
    query however many."""
    rows = db_session.execute(
        select(Invitation, User, Registration.status)
        .join(User, User.id == Invitation.user_id)
        .outerjoin(Registration, and_(Registration.cohort_id == Invitation.cohort_id,
                                      Registration.user_id == Invitation.user_id))
        .where(Invitation.cohort_id == cohort.id)
        .order_by(User.display_name, User.id))
    return [InvitationLine(invitation, user, status == RegistrationStatus.REGISTERED)
            for invitation, user, status in rows]


def invitation_in(db_session: Session, cohort: Cohort, invitation_id: int) -> Invitation | None:
    """The invitation, if it is one of this edition's (another's id finds nothing)."""
    return db_session.scalar(select(Invitation).where(
        Invitation.id == invitation_id, Invitation.cohort_id == cohort.id))


def invite(db_session: Session, actor: User, cohort: Cohort, email: str) -> Invitation:
    """Invite the person with this address, and tell her where to register."""
    require_staff(actor)
    require_event(cohort)
    require_open(cohort)
    person = user_by_email(db_session, email) if email.strip() else None
    if person is None:
        raise ServiceError(_l("No account has this email address. Ask the person to create "
                              "an account first, then invite them."), field="email")
    invitation = Invitation(cohort_id=cohort.id, user_id=person.id, invited_by_id=actor.id)
    # Two staff inviting the same person at once: the second is told, not shown an error page.
    try:
        with db_session.begin_nested():
            db_session.add(invitation)
            db_session.flush()
    except IntegrityError:
        raise ServiceError(_l("%(name)s is already invited.", name=person.display_name),
                           field="email") from None
    audit.record(db_session, actor, "event_invited", invitation,
                 after={"cohort_id": cohort.id, "user_id": person.id})
    notifications.notify(db_session, person, "registration",
                         _l("You are invited: %(title)s", title=lazy_name(cohort)),
                         "lms/events/mail/invited.txt", cohort=cohort,
                         link=external_url("lms.events.show", cohort_id=cohort.id))
    return invitation


def uninvite(db_session: Session, actor: User, cohort: Cohort, invitation: Invitation) -> None:
    """Take the invitation back. A registration the person made stays."""
    require_staff(actor)
    if invitation.cohort_id != cohort.id:
        raise ServiceError(_l("This invitation belongs to another edition."))
    audit.record(db_session, actor, "event_uninvited", invitation,
                 before={"cohort_id": cohort.id, "user_id": invitation.user_id,
                         "invited_at": _iso(invitation.invited_at)})
    db_session.delete(invitation)
    db_session.flush()


def _iso(moment: dt.datetime) -> str:
    return moment.isoformat()
