from __future__ import annotations

from collections.abc import Callable

from flask import (
    Blueprint,
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask import session as cookie_session
from flask.typing import ResponseReturnValue
from flask_login import login_user, logout_user
from sqlalchemy.orm import Session

from lms import audit
from lms.accounts import queries, services
from lms.accounts.forms import (
    ROLE_LABELS,
    ChangePasswordForm,
    ForgotPasswordForm,
    InviteForm,
    LanguageForm,
    LoginForm,
    PeopleSearchForm,
    ProfileForm,
    RolesForm,
    SetPasswordForm,
)
from lms.accounts.models import Role, TokenPurpose, User
from lms.db import session
from lms.errors import NotAllowed, ServiceError
from lms.forms import EmptyForm, commit_or_show_error
from lms.i18n import LOCALE_SESSION_KEY, _, current_locale
from lms.pagination import requested_page_number
from lms.security import (
    current_lms_user,
    is_safe_next,
    login_required,
    require_user,
    roles_required,
)

bp = Blueprint("accounts", __name__, template_folder="templates")


def _client() -> services.Client:
    return services.Client(address=request.remote_addr, user_agent=request.user_agent.string)


def _home() -> str:
    return url_for("lms.home.index")


def _sign_in(user: User) -> None:
    # A fresh cookie at sign-in (keeping only the chosen language), so nothing set before
    # signing in carries over into the signed-in session.
    locale = cookie_session.get(LOCALE_SESSION_KEY)
    cookie_session.clear()
    if locale:
        cookie_session[LOCALE_SESSION_KEY] = locale
    login_user(user)


@bp.route("/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    if current_lms_user() is not None:
        return redirect(_home())
    form = LoginForm(next=request.args.get("next"))
    if form.validate_on_submit():
        client = _client()
        user = services.authenticate(session, form.email.data, form.password.data, client)
        if user is None:
            g.lms_login_failed = True
            session.commit()  # keep the audit record of the failure
            form.form_errors.append(_("The email address or password is not right."))
        else:
            services.start_login_session(session, user, client)
            session.commit()
            _sign_in(user)
            target = form.next.data
            return redirect(target if is_safe_next(target) else _home())
    return render_template("lms/accounts/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout() -> ResponseReturnValue:
    user = current_lms_user()
    if EmptyForm().validate_on_submit() and user is not None:
        services.end_login_session(session, user, _client())
        session.commit()
        logout_user()
        flash(_("You have signed out."), "success")
    return redirect(url_for("lms.accounts.login"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password() -> ResponseReturnValue:
    user = require_user()
    form = ChangePasswordForm()
    if form.validate_on_submit():
        changed = commit_or_show_error(form, lambda: services.change_password(
            session, user, form.current_password.data, form.new_password.data, _client()
        ))
        if changed.done:
            _sign_in(user)
            flash(_("Your password has been changed. Other devices have been signed out."),
                  "success")
            return redirect(_home())
    return render_template("lms/accounts/change_password.html", form=form)


@bp.route("/password/forgot", methods=["GET", "POST"])
def forgot_password() -> ResponseReturnValue:
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        services.request_password_reset(session, form.email.data, _client())
        session.commit()
        flash(_("If an account uses this address, we have sent it a link to set a new "
                "password. Check your mail, including the spam folder."), "success")
        return redirect(url_for("lms.accounts.login"))
    return render_template("lms/accounts/forgot_password.html", form=form)


@bp.route("/password/set/<token>", methods=["GET", "POST"])
def set_password(token: str) -> ResponseReturnValue:
    account_token = services.valid_token(session, token)
    if account_token is None:
        return render_template("lms/accounts/link_expired.html"), 404
    is_invitation = account_token.purpose == TokenPurpose.INVITATION
    form = SetPasswordForm()
    if form.validate_on_submit():
        password_set = commit_or_show_error(form, lambda: services.set_password_with_token(
            session, token, form.password.data, _client()
        ))
        if password_set.done:
            logout_user()
            flash(_("Your password is set. Sign in with your email address and new password."),
                  "success")
            return redirect(url_for("lms.accounts.login"))
    return render_template(
        "lms/accounts/set_password.html",
        form=form,
        person=account_token.user,
        is_invitation=is_invitation,
    )


@bp.route("/settings", methods=["GET", "POST"])
@login_required
def settings() -> ResponseReturnValue:
    user = require_user()
    form = ProfileForm(current_locale(), obj=user)
    if request.method == "GET":
        form.country.data = user.country or ""
        form.locale.data = user.locale or ""
    if form.validate_on_submit():
        saved = commit_or_show_error(form, lambda: services.update_profile(
            session, user, form.display_name.data, form.country.data,
            form.locale.data, form.timezone.data, form.wants_optional_mail.data,
        ))
        if saved.done:
            flash(_("Your settings have been saved."), "success")
            return redirect(url_for("lms.accounts.settings"))
    return render_template("lms/accounts/settings.html", form=form)


@bp.route("/language", methods=["POST"])
def choose_language() -> ResponseReturnValue:
    form = LanguageForm()
    target = form.next.data if is_safe_next(form.next.data) else _home()
    if form.validate_on_submit():
        cookie_session[LOCALE_SESSION_KEY] = form.locale.data
        user = current_lms_user()
        if user is not None:
            services.set_locale(session, user, form.locale.data)
            session.commit()
    return redirect(target)


# Staff: people ---------------------------------------------------------------------------------


@bp.route("/people")
@roles_required(Role.STAFF)
def people() -> ResponseReturnValue:
    search = PeopleSearchForm(request.args)
    query = search.q.data if search.validate() else None
    page = queries.people_page(session, query, requested_page_number())
    return render_template("lms/accounts/people.html", page=page, search=search,
                           role_labels=ROLE_LABELS)


@bp.route("/people/invite", methods=["GET", "POST"])
@roles_required(Role.STAFF)
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
@roles_required(Role.STAFF)
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
        try:
            action(session, actor, person)
        except NotAllowed as error:
            session.rollback()
            flash(str(error.message), "error")
        else:
            session.commit()
            flash(done_message, "success")
    return redirect(url_for("lms.accounts.person", user_id=person.id))


@bp.route("/people/<int:user_id>/deactivate", methods=["POST"])
@roles_required(Role.STAFF)
def deactivate(user_id: int) -> ResponseReturnValue:
    return _person_action(user_id, services.deactivate_user,
                          _("The account is deactivated and its sessions have ended."))


@bp.route("/people/<int:user_id>/reactivate", methods=["POST"])
@roles_required(Role.STAFF)
def reactivate(user_id: int) -> ResponseReturnValue:
    return _person_action(user_id, services.reactivate_user, _("The account is active again."))


@bp.route("/people/<int:user_id>/roles", methods=["POST"])
@roles_required(Role.ADMIN)
def change_roles(user_id: int) -> ResponseReturnValue:
    actor = require_user()
    person = _person_or_404(user_id)
    form = RolesForm()
    if form.validate_on_submit():
        try:
            services.set_roles(session, actor, person, [Role(value) for value in form.roles.data])
        except ServiceError as error:
            session.rollback()
            flash(str(error.message), "error")
        else:
            session.commit()
            flash(_("Roles saved."), "success")
    return redirect(url_for("lms.accounts.person", user_id=person.id))
