"""The staff page of the people invited to an edition: list, invite by email address, take an
invitation back. Those invited see the edition and may register for it (lms.events.audience);
taking the invitation back leaves a registration they made."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from lms.db import session
from lms.events import invitations
from lms.events.delegation_forms import InvitationForm
from lms.events.queries import seminar_cohort
from lms.forms import EmptyForm, commit_or_show_error
from lms.i18n import _
from lms.programs.models import Cohort
from lms.security import require_user, staff_required

bp = Blueprint("event_invitations", __name__, template_folder="templates",
               url_prefix="/events")


def _edition_or_404(cohort_id: int) -> Cohort:
    cohort = seminar_cohort(session, cohort_id)
    if cohort is None:
        abort(404)
    return cohort


def _page(cohort: Cohort, form: InvitationForm) -> ResponseReturnValue:
    return render_template("lms/events/invitations.html", cohort=cohort, form=form,
                           lines=invitations.invitations_of(session, cohort))


@bp.route("/<int:cohort_id>/invitations", methods=["GET", "POST"])
@staff_required
def index(cohort_id: int) -> ResponseReturnValue:
    actor = require_user()
    cohort = _edition_or_404(cohort_id)
    form = InvitationForm()
    if form.validate_on_submit():
        done = commit_or_show_error(form, lambda: invitations.invite(
            session, actor, cohort, form.email.data or ""),
            done=_("The person is invited, and told by mail."))
        if done.done:
            return redirect(url_for("lms.event_invitations.index", cohort_id=cohort.id))
    return _page(cohort, form)


@bp.route("/<int:cohort_id>/invitations/<int:invitation_id>/remove", methods=["POST"])
@staff_required
def remove(cohort_id: int, invitation_id: int) -> ResponseReturnValue:
    actor = require_user()
    cohort = _edition_or_404(cohort_id)
    invitation = invitations.invitation_in(session, cohort, invitation_id)
    if invitation is None:
        abort(404)
    if EmptyForm().validate_on_submit():
        commit_or_show_error(None, lambda: invitations.uninvite(session, actor, cohort,
                                                                invitation),
                             done=_("The invitation is taken back. A registration the person "
                                    "made stays: cancel it on the attendance list if need be."))
    return redirect(url_for("lms.event_invitations.index", cohort_id=cohort.id))
