from __future__ import annotations

import zoneinfo
from typing import Any

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask import session as cookie_session
from flask.sansio.blueprints import BlueprintSetupState
from flask.typing import ResponseReturnValue
from flask_login import login_user, logout_user

from lms import navigation, personal_data
from lms.accounts import passwords, queries, registration, services, sessions, tokens
from lms.accounts.forms import (
    ChangePasswordForm,
    ConfirmEmailForm,
    ForgotPasswordForm,
    LanguageForm,
    LoginForm,
    ProfileForm,
    RegisterForm,
    ResendConfirmationForm,
    SetPasswordForm,
)
from lms.accounts.models import TokenPurpose, User
from lms.accounts.personal_data import parts as personal_data_parts
from lms.clock import utcnow
from lms.db import session
from lms.forms import EmptyForm, commit_or_show_error
from lms.i18n import LOCALE_SESSION_KEY, _, current_locale
from lms.security import (
    current_lms_user,
    is_safe_next,
    is_staff,
    login_required,
    require_user,
)

bp = Blueprint("accounts", __name__, template_folder="templates")
personal_data.register(bp, personal_data_parts)


def _nav_items(user: User) -> list[navigation.NavItem]:
    if not is_staff(user):
        return []
    endpoint = request.endpoint or ""
    return [navigation.NavItem(
        40, _("People"), url_for("lms.accounts.people"),
        current=endpoint.startswith("lms.accounts.people")
        or endpoint in ("lms.accounts.person", "lms.accounts.invite"))]


navigation.register(bp, _nav_items)


def _client() -> sessions.Client:
    return sessions.Client(address=request.remote_addr, user_agent=request.user_agent.string)


def _home() -> str:
    return url_for("lms.home.index")


def _safe_next(target: str | None) -> str | None:
    return target if is_safe_next(target) else None


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
    awaiting_confirmation = False
    if form.validate_on_submit():
        # A failed attempt is committed too: its audit record is kept.
        attempt = commit_or_show_error(form, lambda: _attempt_login(form, _client())).result
        if isinstance(attempt, User):
            _sign_in(attempt)
            return redirect(_safe_next(form.next.data) or _home())
        if isinstance(attempt, sessions.EmailNotConfirmed):
            # Said only to someone who knew the password, so it tells a stranger nothing.
            awaiting_confirmation = True
        else:
            g.lms_login_failed = True
            form.form_errors.append(_("The email address or password is not right."))
    return render_template("lms/accounts/login.html", form=form,
                           awaiting_confirmation=awaiting_confirmation)


def _attempt_login(form: LoginForm,
                   client: sessions.Client) -> User | sessions.EmailNotConfirmed | None:
    """The person, with their login session started; or, for a password right but an address
    not yet confirmed, that refusal; or None for a wrong address or password."""
    try:
        user = sessions.authenticate(session, form.email.data, form.password.data, client)
    except sessions.EmailNotConfirmed as unconfirmed:
        return unconfirmed
    if user is not None:
        sessions.start_login_session(session, user, client)
    return user


@bp.route("/logout", methods=["POST"])
def logout() -> ResponseReturnValue:
    user = current_lms_user()
    if EmptyForm().validate_on_submit() and user is not None and commit_or_show_error(
            None, lambda: sessions.end_login_session(session, user, _client())).done:
        logout_user()
        # The forms' token is bound to the session and ends with the signing-in it served.
        cookie_session.pop(current_app.config["WTF_CSRF_FIELD_NAME"], None)
        flash(_("You have signed out."), "success")
    return redirect(url_for("lms.accounts.login"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password() -> ResponseReturnValue:
    user = require_user()
    form = ChangePasswordForm()
    if form.validate_on_submit():
        changed = commit_or_show_error(form, lambda: passwords.change_password(
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
        g.lms_account_mail_requested = True
        if commit_or_show_error(form, lambda: passwords.request_password_reset(
                session, form.email.data, _client()), done=_(
                "If an account uses this address, we have sent it a link to set a new "
                "password. Check your mail, including the spam folder.")).done:
            return redirect(url_for("lms.accounts.login"))
    return render_template("lms/accounts/forgot_password.html", form=form)


@bp.route("/password/set/<token>", methods=["GET", "POST"])
def set_password(token: str) -> ResponseReturnValue:
    account_token = tokens.valid_token(session, token)
    if account_token is None:
        return render_template("lms/accounts/link_expired.html"), 404
    is_invitation = account_token.purpose == TokenPurpose.INVITATION
    form = SetPasswordForm()
    if form.validate_on_submit():
        password_set = commit_or_show_error(form, lambda: passwords.set_password_with_token(
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


# Registration ----------------------------------------------------------------------------------


@bp.route("/register", methods=["GET", "POST"])
def register() -> ResponseReturnValue:
    if current_lms_user() is not None:
        return redirect(_home())
    form = RegisterForm(current_locale(), next=request.args.get("next"), locale=current_locale(),
                        timezone=current_app.config["LMS_DEFAULT_TIMEZONE"])
    if form.validate_on_submit():
        g.lms_account_mail_requested = True
        registered = commit_or_show_error(form, lambda: registration.register(
            session, form.email.data, form.display_name.data, form.password.data,
            form.country.data, form.locale.data, form.timezone.data, _client(),
            next_path=_safe_next(form.next.data),
        ))
        if registered.done:
            # The same page whether the address was new or not: see registration.register.
            return redirect(url_for("lms.accounts.registration_sent",
                                    next=_safe_next(form.next.data)))
    return render_template("lms/accounts/register.html", form=form)


@bp.route("/register/sent")
def registration_sent() -> ResponseReturnValue:
    form = ResendConfirmationForm(next=_safe_next(request.args.get("next")))
    return render_template("lms/accounts/registration_sent.html", form=form)


@bp.route("/confirm/<token>", methods=["GET", "POST"])
def confirm_email(token: str) -> ResponseReturnValue:
    next_path = _safe_next(request.values.get("next"))
    account_token = registration.confirmation_token(session, token)
    if account_token is None:
        return _confirmation_link_expired(next_path)
    form = ConfirmEmailForm(next=next_path)
    if form.validate_on_submit():
        confirmed = commit_or_show_error(form, lambda: _confirm_and_start_session(token))
        if (user := confirmed.result) is None:
            return _confirmation_link_expired(next_path)  # the refusal: a link gone stale
        _sign_in(user)
        flash(_("Your email address is confirmed and you are signed in. Welcome to Kakehashi!"),
              "success")
        return redirect(_safe_next(form.next.data) or _home())
    return render_template("lms/accounts/confirm_email.html", form=form,
                           person=account_token.user)


def _confirm_and_start_session(token: str) -> User:
    client = _client()
    user = registration.confirm_email(session, token, client)
    someone_else = current_lms_user()
    if someone_else is not None:
        sessions.end_login_session(session, someone_else, client)
    sessions.start_login_session(session, user, client)
    return user


def _confirmation_link_expired(next_path: str | None) -> ResponseReturnValue:
    form = ResendConfirmationForm(formdata=None, next=next_path)
    return render_template("lms/accounts/link_expired.html", resend_form=form), 404


@bp.route("/confirm/resend", methods=["GET", "POST"])
def resend_confirmation() -> ResponseReturnValue:
    form = ResendConfirmationForm(next=_safe_next(request.args.get("next")))
    if form.validate_on_submit():
        g.lms_account_mail_requested = True
        next_path = _safe_next(form.next.data)
        if commit_or_show_error(form, lambda: registration.resend_confirmation(
                session, form.email.data, next_path=next_path, client=_client()), done=_(
                "If an account with this address is waiting to be confirmed, we have sent it "
                "a new link. Check your mail, including the spam folder.")).done:
            return redirect(url_for("lms.accounts.login", next=next_path))
    return render_template("lms/accounts/resend_confirmation.html", form=form)


@bp.record
def _limit_account_mail(setup: BlueprintSetupState) -> None:
    """Throttle registrations and requests for a new link or a password reset, per address and
    per email address, as sign-in attempts are (and with the same allowances): each may mail
    any address someone types in. Only submissions that reached the service count, so a
    mistyped form never uses up anyone's allowance. The services also cap the mail one address
    receives, whoever asks."""
    app = setup.app
    limiter = app.extensions["lms"].limiter

    def mail_requested(response: Any) -> bool:
        return bool(g.get("lms_account_mail_requested"))

    def account_key() -> str:
        return "account:" + queries.normalize_email(request.form.get("email") or "")

    prefix = f"{setup.name_prefix}.{setup.name}".lstrip(".")
    for name in ("register", "resend_confirmation", "forgot_password"):
        endpoint = f"{prefix}.{name}"
        per_address = limiter.limit(
            lambda: app.config["LMS_LOGIN_LIMIT_PER_ADDRESS"],
            methods=["POST"],
            deduct_when=mail_requested,
            scope=f"{name}-address",
        )
        per_account = limiter.limit(
            lambda: app.config["LMS_LOGIN_LIMIT_PER_ACCOUNT"],
            key_func=account_key,
            methods=["POST"],
            deduct_when=mail_requested,
            scope=f"{name}-account",
        )
        app.view_functions[endpoint] = per_account(per_address(app.view_functions[endpoint]))


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
            form.locale.data, form.timezone.data, services.ContactDetails(
                form.phone.data or "", form.emergency_contact.data or "",
                form.address_in_japan.data or ""),
        ))
        if saved.done:
            flash(_("Your settings have been saved."), "success")
            return redirect(url_for("lms.accounts.settings"))
    return render_template("lms/accounts/settings.html", form=form)


@bp.route("/settings/data.json")
@login_required
def my_data() -> ResponseReturnValue:
    user = require_user()
    # Named for the day in the person's own zone: the day they see on their calendar.
    today = utcnow().astimezone(zoneinfo.ZoneInfo(user.timezone)).date()
    return Response(personal_data.export(session, user), mimetype="application/json", headers={
        "Content-Disposition": f'attachment; filename="kakehashi-my-data-{today.isoformat()}.json"',
        # Only the person's own browser keeps it, never a shared cache on the way.
        "Cache-Control": "no-store, private",
    })


@bp.route("/language", methods=["POST"])
def choose_language() -> ResponseReturnValue:
    form = LanguageForm()
    target = form.next.data if is_safe_next(form.next.data) else _home()
    if form.validate_on_submit():
        cookie_session[LOCALE_SESSION_KEY] = form.locale.data
        user = current_lms_user()
        if user is not None:
            commit_or_show_error(form, lambda: services.set_locale(session, user,
                                                                   form.locale.data))
    return redirect(target)


# The staff pages about people share this blueprint.
from lms.accounts import people_views  # noqa: E402, F401
