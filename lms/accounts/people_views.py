"""Staff pages about people: the list, inviting someone, a person's page, deactivating and
reactivating an account, and (admins only) changing roles. They share the accounts blueprint."""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy.orm import Session

from lms import audit
from lms.accounts import queries, services
from lms.accounts.forms import ROLE_LABELS, InviteForm, PeopleSearchForm, RolesForm
from lms.accounts.models import Role, User
from lms.accounts.views import bp
from lms.db import session
from lms.forms import EmptyForm, commit_or_show_error
from lms.i18n import _, current_locale
from lms.pagination import requested_page_number
from lms.security import require_user, roles_required, staff_required


@bp.route("/people")
@staff_required
def people() -> ResponseReturnValue:
    search = PeopleSearchForm(request.args)
    query = search.q.data if search.validate() else None
    page = queries.people_page(session, query, requested_page_number())
    return render_template("lms/accounts/people.html", page=page, search=search,
                           role_labels=ROLE_LABELS)


@bp.route("/people/invite", methods=["GET", "POST"])
@staff_required
def invite() -> ResponseReturnValue:
    actor = require_user()
    form = InviteForm(current_locale())
    if form.validate_on_submit():
        invited = commit_or_show_error(form, lambda: services.invite_user(
            session, actor, form.email.data, form.display_name.data,
            form.country.data, form.locale.data,
        ))
        if (person := invited.result) is not None:
            flash(_("An invitation has been sent to %(email)s.", email=person.email), "success")
            return redirect(url_for("lms.accounts.person", user_id=person.id))
    return render_template("lms/accounts/invite.html", form=form)


def _person_or_404(user_id: int) -> User:
    person = queries.person(session, user_id)
    if person is None:
        abort(404)
    return person


@bp.route("/people/<int:user_id>")
@staff_required
def person(user_id: int) -> ResponseReturnValue:
    person = _person_or_404(user_id)
    roles_form = RolesForm(data={"roles": [role.value for role in person.roles]})
    return render_template(
        "lms/accounts/person.html",
        person=person,
        roles_form=roles_form,
        action_form=EmptyForm(),
        events=queries.recent_events_about(session, person),
        role_labels=ROLE_LABELS,
        describe_action=audit.describe,
    )


def _person_action(
    user_id: int, action: Callable[[Session, User, User], None], done_message: str
) -> ResponseReturnValue:
    actor = require_user()
    person = _person_or_404(user_id)
    if EmptyForm().validate_on_submit():
        commit_or_show_error(None, lambda: action(session, actor, person), done=done_message)
    return redirect(url_for("lms.accounts.person", user_id=person.id))


@bp.route("/people/<int:user_id>/deactivate", methods=["POST"])
@staff_required
def deactivate(user_id: int) -> ResponseReturnValue:
    return _person_action(user_id, services.deactivate_user,
                          _("The account is deactivated and its sessions have ended."))


@bp.route("/people/<int:user_id>/reactivate", methods=["POST"])
@staff_required
def reactivate(user_id: int) -> ResponseReturnValue:
    return _person_action(user_id, services.reactivate_user, _("The account is active again."))


@bp.route("/people/<int:user_id>/roles", methods=["POST"])
@roles_required(Role.ADMIN)
def change_roles(user_id: int) -> ResponseReturnValue:
    actor = require_user()
    person = _person_or_404(user_id)
    form = RolesForm()
    if form.validate_on_submit():
        commit_or_show_error(None, lambda: services.set_roles(
            session, actor, person, [Role(value) for value in form.roles.data]),
            done=_("Roles saved."))
    return redirect(url_for("lms.accounts.person", user_id=person.id))
