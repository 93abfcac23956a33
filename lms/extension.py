"""The Flask extension: ``LMS(app)`` or ``LMS().init_app(app)``.

Everything Kakehashi keeps per app lives in ``app.extensions["lms"]``; the extension object
itself holds no app, so one ``LMS()`` can serve several apps (as the tests do).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from typing import Any

from flask import Blueprint, Flask, g, has_request_context, request
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from lms import errors, i18n, inputs, names, navigation, security
from lms.db import close_session, make_engine, make_sessionmaker
from lms.templating import KeptImportsTemplate

DEFAULTS: dict[str, Any] = {
    "LMS_URL_PREFIX": "",
    "LMS_DATABASE_URL": None,  # None: a SQLite file in the app's instance folder
    "LMS_SITE_NAME": "Kakehashi",
    #: Who runs this Kakehashi, and what it is for them (Markdown), for the signed-out home.
    "LMS_ORGANIZATION_NAME": None,  # None: LMS_SITE_NAME
    "LMS_HOME_INTRO": None,  # None: a short text naming the organization
    "LMS_DEFAULT_TIMEZONE": "Asia/Tokyo",
    "LMS_DEFAULT_LOCALE": "en",
    # Offered first in every country list: the countries the program's trainees come from,
    # and Japan, where the staff, supervisors and Japanese participants live.
    "LMS_PROGRAM_COUNTRIES": "JP,KR,TW,PH,TH,MY,LK,ID,BD",
    "LMS_MAIL_FROM": "Kakehashi <no-reply@localhost>",
    "LMS_SMTP_HOST": None,
    "LMS_SMTP_PORT": 587,
    "LMS_SMTP_USERNAME": None,
    "LMS_SMTP_PASSWORD": None,
    "LMS_SMTP_STARTTLS": True,
    "LMS_SMTP_SSL": False,
    "LMS_SMTP_TIMEOUT": 30,  # seconds one message may take, the whole SMTP conversation
    # Seconds one `flask lms outbox send` run may spend before it stops taking new messages
    # (the one in hand may take LMS_SMTP_TIMEOUT more); below the interval between runs (a
    # minute, as README suggests) so that runs started by cron do not pile up.
    "LMS_OUTBOX_RUN_SECONDS": 45,
    "LMS_RATELIMIT_STORAGE_URI": None,  # None: in memory, per worker
    "LMS_RATELIMIT_ENABLED": True,
    "LMS_LOGIN_LIMIT_PER_ACCOUNT": "10 per 15 minutes",
    "LMS_LOGIN_LIMIT_PER_ADDRESS": "30 per 15 minutes",
    "LMS_PASSWORD_HASH_METHOD": "scrypt",
    "LMS_PASSWORD_RESET_HOURS": 2,
    "LMS_INVITATION_DAYS": 14,
    "LMS_EMAIL_CONFIRMATION_HOURS": 48,
    "LMS_PAGE_SIZE": 50,
    "LMS_COURSES_DIR": None,  # None: ./courses
    "LMS_UPLOAD_DIR": None,  # None: uploads/ in the instance folder
    "LMS_MAX_UPLOAD_MB": 10,
    "LMS_REMINDER_HOURS": 48,
    "LMS_NOTIFICATION_DAYS": 180,  # read notifications older than this are deleted
    "LMS_GRANT_REMINDER_DAYS": 14,
    # Handed-in work older than this many days counts as overdue for grading on the homes.
    "LMS_GRADING_DAYS": 7,
    # Days a committee member is given for a review, unless staff choose its due date.
    "LMS_REVIEW_DAYS": 14,
    # Certificates. The signing key is an Ed25519 private key (PEM, or a base64 32-byte seed);
    # without one only development and test instances sign, with a key derived from SECRET_KEY.
    "LMS_CREDENTIAL_SIGNING_KEY": None,
    "LMS_CREDENTIAL_RETIRED_KEYS": None,  # public keys (z6Mk…) that signed before a rotation
    "LMS_ISSUER_NAME": None,  # None: LMS_SITE_NAME
    # Names with a Japanese side (lms.names): the _JA one is shown to Japanese readers.
    "LMS_ISSUER_NAME_JA": None,
    "LMS_ISSUER_URL": None,
    "LMS_CERTIFICATE_SIGNER_NAME": None,
    "LMS_CERTIFICATE_SIGNER_NAME_JA": None,
    "LMS_CERTIFICATE_SIGNER_TITLE": None,
    "LMS_CERTIFICATE_SIGNER_TITLE_JA": None,
    # PNG or JPEG files printed on certificates, checked when the app starts.
    "LMS_CERTIFICATE_SIGNATURE": None,
    "LMS_CERTIFICATE_SEAL": None,
    "LMS_CERTIFICATE_FONTS": None,  # None: Noto Sans CJK or DejaVu Sans where installed
    "LMS_VERIFY_LIMIT_PER_ADDRESS": "30 per 10 minutes",
    # Strict-Transport-Security's max-age outside development and testing; 0 sends none.
    "LMS_HSTS_SECONDS": 365 * 24 * 60 * 60,
}


#: The parent blueprint's name, which every Kakehashi endpoint starts with.
BLUEPRINT_NAME = "lms"

#: How long a sign-in waits for the shared throttling store before counting per process.
RATELIMIT_STORE_TIMEOUT_SECONDS = 2


@dataclasses.dataclass
class LMSState:
    """What Kakehashi keeps for one app."""

    engine: Engine
    sessionmaker: sessionmaker[Session]
    limiter: Limiter
    csrf: CSRFProtect
    #: Addresses that change only with where the app is mounted, built once
    #: (navigation.fixed_url, navigation.frame_urls).
    fixed_urls: dict[tuple[str, ...], Any] = dataclasses.field(default_factory=dict)
    #: The navigation bars made for each combination of what they depend on (navigation.items).
    navigation_bars: dict[tuple[Any, ...], Any] = dataclasses.field(
        default_factory=dict)


class LMS:
    def __init__(self, app: Flask | None = None) -> None:
        if app is not None:
            self.init_app(app)

    def init_app(self, app: Flask) -> None:
        for key, value in DEFAULTS.items():
            app.config.setdefault(key, value)
        from lms.certificates.wording import check_images

        check_images(app.config)
        prefix = app.config["LMS_URL_PREFIX"].rstrip("/")
        app.config["LMS_URL_PREFIX"] = prefix

        # Before any of Kakehashi's templates is loaded (see lms.templating).
        app.jinja_env.template_class = KeptImportsTemplate
        engine = make_engine(_database_url(app))
        state = LMSState(
            engine=engine,
            sessionmaker=make_sessionmaker(engine),
            limiter=_make_limiter(app),
            csrf=_init_csrf(app),
        )
        app.extensions["lms"] = state
        app.teardown_appcontext(close_session)

        _init_babel(app)
        _init_login(app)
        app.register_blueprint(_build_blueprint(state), url_prefix=prefix or None)
        _limit_login_attempts(app, state.limiter)
        _limit_verification_misses(app, state.limiter)
        _warn_of_counts_per_worker(app)

        from lms.cli import lms_group

        app.cli.add_command(lms_group)


def _database_url(app: Flask) -> str:
    url = app.config["LMS_DATABASE_URL"]
    if url:
        return url
    os.makedirs(app.instance_path, exist_ok=True)
    return "sqlite:///" + os.path.join(app.instance_path, "kakehashi.sqlite")


def _make_limiter(app: Flask) -> Limiter:
    storage_uri = app.config["LMS_RATELIMIT_STORAGE_URI"] or "memory://"
    return Limiter(
        key_func=get_remote_address,
        app=app,
        storage_uri=storage_uri,
        # A Redis that accepts connections but never answers would otherwise hold every
        # sign-in forever; after this long the request counts per process instead.
        storage_options=({"socket_timeout": RATELIMIT_STORE_TIMEOUT_SECONDS,
                          "socket_connect_timeout": RATELIMIT_STORE_TIMEOUT_SECONDS}
                         if storage_uri.startswith(("redis://", "rediss://")) else {}),
        strategy="moving-window",
        key_prefix="lms",
        enabled=app.config["LMS_RATELIMIT_ENABLED"],
        # Redis down must not lock everyone out: count per process meanwhile (flask-limiter
        # logs a warning and tries the store again later), and never turn a storage error
        # into a 500.
        in_memory_fallback_enabled=True,
        swallow_errors=True,
    )


def _warn_of_counts_per_worker(app: Flask) -> None:
    """A plugin cannot know how many worker processes serve it; with counts in memory each
    keeps its own, and N workers let N times the sign-in failures through. Say so at start-up
    where it matters."""
    storage_uri = app.config["LMS_RATELIMIT_STORAGE_URI"] or "memory://"
    if (storage_uri.startswith("memory://") and app.config["LMS_RATELIMIT_ENABLED"]
            and app.config.get("LMS_ENV") not in ("development", "testing")):
        app.logger.warning(
            "Sign-in throttling counts in memory, apart in each worker process: with several "
            "workers each lets the full number of failed attempts through. Set "
            "LMS_RATELIMIT_STORAGE_URI (for example redis://localhost:6379/0) so that all "
            "workers share one count.")


def _limit_login_attempts(app: Flask, limiter: Limiter) -> None:
    """Throttle failed sign-ins per account and per address.

    Only failures count (the view marks them in ``g``), so a person who signs in correctly
    never uses up their allowance; a throttled account stays throttled even for the right
    password until the window passes, which is what stops guessing.
    """

    def failed(response: Any) -> bool:
        return bool(g.get("lms_login_failed"))

    def account_key() -> str:
        return "account:" + (request.form.get("email") or "").strip().casefold()

    endpoint = "lms.accounts.login"
    view = app.view_functions[endpoint]
    per_address = limiter.limit(
        lambda: app.config["LMS_LOGIN_LIMIT_PER_ADDRESS"],
        methods=["POST"],
        deduct_when=failed,
        scope="login-address",
    )
    per_account = limiter.limit(
        lambda: app.config["LMS_LOGIN_LIMIT_PER_ACCOUNT"],
        key_func=account_key,
        methods=["POST"],
        deduct_when=failed,
        scope="login-account",
    )
    app.view_functions[endpoint] = per_account(per_address(view))


def _limit_verification_misses(app: Flask, limiter: Limiter) -> None:
    """Throttle lookups of unknown verification codes per address. Codes are too long to
    guess; this keeps anyone from trying at scale all the same. Found codes never count."""

    def missed(response: Any) -> bool:
        return bool(g.get("lms_verification_missed"))

    limit = limiter.limit(lambda: app.config["LMS_VERIFY_LIMIT_PER_ADDRESS"],
                          deduct_when=missed, scope="verify-address")
    for endpoint in ("lms.certificates.verify", "lms.certificates.verify_code"):
        app.view_functions[endpoint] = limit(app.view_functions[endpoint])


def _init_csrf(app: Flask) -> CSRFProtect:
    """CSRF for Kakehashi's own routes, without imposing it on the host's other routes."""
    csrf = CSRFProtect()
    app.config.setdefault("WTF_CSRF_ENABLED", True)
    app.config.setdefault("WTF_CSRF_METHODS", {"POST", "PUT", "PATCH", "DELETE"})
    app.config.setdefault("WTF_CSRF_FIELD_NAME", "csrf_token")
    app.config.setdefault("WTF_CSRF_HEADERS", ["X-CSRFToken", "X-CSRF-Token"])
    app.config.setdefault("WTF_CSRF_SSL_STRICT", True)
    # A trainee may spend hours on a journal entry; a token that expired meanwhile would throw
    # the text away. The token is bound to the session, which ends at logout anyway.
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", None)
    app.jinja_env.globals.setdefault("csrf_token", security.csrf_token)
    return csrf


def _init_babel(app: Flask) -> None:
    # A host that configured Flask-Babel keeps its own locale selection; Kakehashi's strings
    # come from its own translation domain either way.
    if "babel" not in app.extensions:
        Babel(app, locale_selector=_select_locale, timezone_selector=_select_timezone)


# i18n knows the languages and security who is signed in; joined here, neither imports the other.
def _select_locale() -> str:
    user = security.current_lms_user()
    return i18n.select_locale(user.locale if user else None)


def _select_timezone() -> str:
    user = security.current_lms_user()
    return i18n.select_timezone(user.timezone if user else None)


def _init_login(app: Flask) -> None:
    from lms.accounts.sessions import load_user_for_session_key

    host_manager: LoginManager | None = getattr(app, "login_manager", None)
    if host_manager is None:
        manager = LoginManager(app)
        manager.login_view = "lms.accounts.login"
        manager.user_loader(load_user_for_session_key)
        return

    # The host signs in its own users too. Kakehashi's ids are prefixed, so each loader only
    # ever sees its own keys. Flask-Login keeps one loader per app, hence the chaining.
    host_loader = host_manager._user_callback

    def chained_loader(user_key: str) -> Any:
        if user_key.startswith(security.SESSION_KEY_PREFIX):
            return load_user_for_session_key(user_key)
        return host_loader(user_key) if host_loader else None

    host_manager.user_loader(chained_loader)


def template_helpers() -> tuple[Callable[[], dict[str, Any]], ...]:
    """What Kakehashi's templates use, each domain's part."""
    from lms import frame
    from lms.notifications import header
    from lms.programs import standing

    return (i18n.template_helpers, security.template_helpers, navigation.template_helpers,
            names.template_helpers, standing.template_helpers, header.template_helpers,
            frame.template_helpers)


def template_context() -> dict[str, Any]:
    """Every helper of :func:`template_helpers`, for Kakehashi's blueprint: one context
    processor rather than six, as Flask's cost for each is paid by every template rendered."""
    context: dict[str, Any] = {}
    for helpers in template_helpers():
        context.update(helpers())
    return context


def outside_kakehashi() -> dict[str, Any]:
    """:func:`template_context` for a host's app-wide context processors: its own pages (the
    standalone app's error pages) that extend Kakehashi's base template get the helpers, while
    Kakehashi's pages, which get them from Kakehashi's blueprint, are not given them twice."""
    if has_request_context() and BLUEPRINT_NAME in request.blueprints:
        return {}
    return template_context()


def _build_blueprint(state: LMSState) -> Blueprint:
    """The parent blueprint all Kakehashi pages hang under, built afresh for each app."""
    from lms.accounts.views import bp as accounts_bp
    from lms.admissions.review_views import bp as admissions_review_bp
    from lms.admissions.staff_views import bp as admissions_staff_bp
    from lms.admissions.views import bp as admissions_bp
    from lms.alumni.views import bp as alumni_bp
    from lms.announcements.views import bp as announcements_bp
    from lms.assignments.views import bp as assignments_bp
    from lms.calendar.views import bp as calendar_bp
    from lms.certificates.views import bp as certificates_bp
    from lms.concerns.views import bp as concerns_bp
    from lms.curriculum.views import bp as curriculum_bp
    from lms.events.delegation_views import bp as event_delegations_bp
    from lms.events.invitation_views import bp as event_invitations_bp
    from lms.events.views import bp as events_bp
    from lms.events.views import moved as seminars_moved_bp
    from lms.followup.views import bp as followup_bp
    from lms.grants.review_views import bp as grants_review_bp
    from lms.grants.staff_views import bp as grants_staff_bp
    from lms.grants.views import bp as grants_bp
    from lms.home.views import bp as home_bp
    from lms.language.views import bp as language_bp
    from lms.messages.views import bp as messages_bp
    from lms.notifications.views import bp as notifications_bp
    from lms.placements.views import bp as placements_bp
    from lms.programs.program_views import bp as program_catalog_bp
    from lms.programs.views import bp as programs_bp
    from lms.reviews.pages import bp as reviews_bp
    from lms.safety.views import bp as safety_bp

    parent = Blueprint(
        BLUEPRINT_NAME,
        __name__,
        template_folder="templates",
        static_folder="static",
        static_url_path="/assets",
    )

    parent.before_request(inputs.refuse_unstorable_text)

    @parent.before_request
    def protect_from_csrf() -> None:
        from flask import current_app

        if current_app.config["WTF_CSRF_ENABLED"]:
            state.csrf.protect()

    parent.after_request(security.apply_security_headers)
    parent.context_processor(template_context)
    errors.register(parent)

    for child in (home_bp, accounts_bp, programs_bp, program_catalog_bp, curriculum_bp,
                  assignments_bp, calendar_bp, certificates_bp, alumni_bp, followup_bp, events_bp,
                  event_delegations_bp, event_invitations_bp, seminars_moved_bp, grants_bp,
                  grants_staff_bp, grants_review_bp, admissions_bp, admissions_staff_bp,
                  admissions_review_bp, reviews_bp, messages_bp, announcements_bp,
                  notifications_bp, placements_bp, safety_bp, concerns_bp, language_bp):
        parent.register_blueprint(child)
    return parent
