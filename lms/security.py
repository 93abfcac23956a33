"""Who may do what, at the door: sign-in and role decorators, safe redirects, the password
policy and the headers every Kakehashi response carries.

Services still check rights themselves; these decorators only turn away people who could
never use a page, so that they get a login page or a 403 rather than a half-rendered form.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar
from urllib.parse import urlsplit

from flask import abort, current_app, g, has_request_context, redirect, request, session, url_for
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from flask.typing import ResponseReturnValue
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from itsdangerous import BadSignature
from werkzeug.security import check_password_hash, generate_password_hash
from werkzeug.wrappers import Request, Response

from lms.accounts.models import Role, User
from lms.errors import NotAllowed
from lms.i18n import _, _l

P = ParamSpec("P")
R = TypeVar("R")

#: Kakehashi's Flask-Login ids look like "lms:<token>", never clashing with a host's ids.
SESSION_KEY_PREFIX = "lms:"

PASSWORD_MIN_LENGTH = 12
PASSWORD_MAX_LENGTH = 256
# zxcvbn scores 0-4; 3 means "safely unguessable" against an offline slow-hash attack, and
# refuses the common passwords, keyboard walks and dictionary words its lists know.
PASSWORD_MIN_SCORE = 3
# zxcvbn's cost grows with length; past this it has seen enough to judge.
_ZXCVBN_PREFIX = 100


def current_lms_user() -> User | None:
    """The signed-in Kakehashi user, or None (also when a host signed in one of its own)."""
    if not has_request_context():
        return None
    # Flask-Login keeps its answer for the request in g once it has loaded it; a page asks a
    # dozen times, and each way through its proxy cost more than the answer.
    user = g.get("_login_user")
    if user is None:
        user = current_user._get_current_object()
    return user if isinstance(user, User) else None


def require_user() -> User:
    user = current_lms_user()
    if user is None:
        abort(401)
    return user


def login_required(view: Callable[P, ResponseReturnValue]) -> Callable[P, ResponseReturnValue]:
    @functools.wraps(view)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> ResponseReturnValue:
        if current_lms_user() is None:
            return redirect(url_for("lms.accounts.login", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)

    return wrapped


def is_staff(user: User) -> bool:
    """Who is program staff (admins hold every role): the one rule behind the services' check,
    the staff pages' gate and the navigation."""
    return user.has_role(Role.STAFF)


def require_staff(actor: User) -> None:
    """The services' check; where it reaches a page, the refusal is a 403 with the reason."""
    if not is_staff(actor):
        raise NotAllowed(_l("Only program staff can do this."))


def _admit(allowed: Callable[[User], bool]) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Send a visitor to sign in, and turn away with 403 a signed-in user ``allowed`` refuses."""

    def decorate(view: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(view)
        def wrapped(*args: P.args, **kwargs: P.kwargs) -> R:
            user = current_lms_user()
            if user is None:
                return redirect(  # type: ignore[return-value]
                    url_for("lms.accounts.login", next=request.full_path.rstrip("?"))
                )
            if not allowed(user):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorate


def roles_required(*roles: Role) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Admit users holding any of ``roles``; admins hold every role."""
    return _admit(lambda user: any(user.has_role(role) for role in roles))


def staff_required(view: Callable[P, R]) -> Callable[P, R]:
    """The staff pages' gate, on the same rule as ``require_staff``."""
    return _admit(is_staff)(view)


def is_safe_next(target: str | None) -> bool:
    """Only a path on this site: no scheme, no host, no protocol-relative or backslash trick."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return False
    if "\\" in target or any(ord(char) < 32 for char in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def password_problems(password: str, user_inputs: list[str]) -> list[str]:
    """Every reason ``password`` is not acceptable, in words a person can act on."""
    if len(password) < PASSWORD_MIN_LENGTH:
        return [_("Use at least %(count)d characters.", count=PASSWORD_MIN_LENGTH)]
    if len(password) > PASSWORD_MAX_LENGTH:
        return [_("Use at most %(count)d characters.", count=PASSWORD_MAX_LENGTH)]
    # Its frequency lists take about 12 MiB, which a worker that never sets a password keeps free.
    from zxcvbn import zxcvbn

    inputs = [part for value in user_inputs if value for part in value.replace("@", " ").split()]
    if zxcvbn(password[:_ZXCVBN_PREFIX], user_inputs=inputs)["score"] < PASSWORD_MIN_SCORE:
        return [
            _(
                "This password is too common or too easy to guess. Try a few unrelated "
                "words together, or a password manager."
            )
        ]
    return []


def hash_password(password: str, method: str) -> str:
    return generate_password_hash(password, method=method)


def verify_password(password_hash: str | None, password: str) -> bool:
    if not password_hash:
        # Check against a stand-in made with the configured method anyway, so that an unknown
        # address or an account without a password takes as long as a wrong password: the
        # sign-in's timing must not tell who has an account.
        check_password_hash(_stand_in_hash(current_app.config["LMS_PASSWORD_HASH_METHOD"]),
                            password)
        return False
    return check_password_hash(password_hash, password)


@functools.cache
def _stand_in_hash(method: str) -> str:
    """Made on first use rather than at import (it costs as much as a sign-in), then kept for
    the life of the process, one for each method an app is configured with."""
    return generate_password_hash("kakehashi-timing-equaliser", method=method)


CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


#: Sent with every response, unless its view set its own.
SECURITY_HEADERS = (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "same-origin"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
)


def apply_security_headers(response: Response) -> Response:
    # The standalone app applies them to every response and Kakehashi's blueprint to its
    # own (for a host that does not): once is enough.
    if getattr(response, "lms_secured", False):
        return response
    response.lms_secured = True  # type: ignore[attr-defined]
    headers = response.headers
    present = set(headers.keys(lower=True))
    for name, value in SECURITY_HEADERS:
        if name.lower() not in present:
            headers.add(name, value)
    if not _is_public():
        # Pages and downloads hold people's own records: neither a shared computer's back
        # button or disk cache nor a proxy on the way may keep them for the next person.
        # Whatever the view said, since one forgotten download would be enough.
        headers["Cache-Control"] = "no-store"
    hsts_seconds = int(current_app.config.get("LMS_HSTS_SECONDS") or 0)
    if hsts_seconds > 0 and current_app.config.get("LMS_ENV") not in ("development", "testing"):
        # Browsers then never try plain HTTP (where a cookie or a page could be read on the way).
        headers.setdefault("Strict-Transport-Security", f"max-age={hsts_seconds}")
    return response


def cacheable(view: Callable[P, R]) -> Callable[P, R]:
    """Mark a view whose responses hold nothing private or changing per person (the issuer's
    published key), so that apply_security_headers leaves their caching alone."""
    view.lms_cacheable = True  # type: ignore[attr-defined]
    return view


def _is_public() -> bool:
    endpoint = request.endpoint or ""
    if endpoint == "static" or endpoint.endswith(".static"):  # the stylesheet and scripts
        return True
    return bool(getattr(current_app.view_functions.get(endpoint), "lms_cacheable", False))


#: Signed CSRF tokens by the session's own token they sign (and the key that signed them).
_SIGNED_CSRF_TOKENS: dict[tuple[str, str], str] = {}
#: A worker serves a few hundred sessions at a time; dropped all at once past this.
_SIGNED_CSRF_KEPT = 2048


def csrf_token() -> str:
    """Flask-WTF's ``generate_csrf`` for the page's forms, signing a session's token once.

    Flask-WTF signs the session's token afresh on every page, and the signing cost more than
    anything else in the page's frame. A signed token never expires here
    (WTF_CSRF_TIME_LIMIT is None, see extension._init_csrf), so the one made for a session's
    token stays what Flask-WTF checks it against: it is kept by that token, which only its
    session holds, and by the key that signed it. Where tokens do expire, each is made anew."""
    config = current_app.config
    if config.get("WTF_CSRF_TIME_LIMIT") is not None:
        return generate_csrf()
    field = config["WTF_CSRF_FIELD_NAME"]
    secret = str(config.get("WTF_CSRF_SECRET_KEY") or current_app.secret_key)
    made = g.get(field)  # signed earlier in this request, by this or by a form
    if made is None:
        raw = session.get(field)
        made = _SIGNED_CSRF_TOKENS.get((secret, str(raw))) if raw else None
        if made is None:
            made = generate_csrf()  # makes the session's token if it has none yet
        else:
            setattr(g, field, made)  # where Flask-WTF's own forms look for it first
    # Whoever signed it, the next page (a second later, say) shows this one, not one dated anew.
    raw = session.get(field)
    key = (secret, str(raw))
    if raw and key not in _SIGNED_CSRF_TOKENS:
        if len(_SIGNED_CSRF_TOKENS) >= _SIGNED_CSRF_KEPT:
            _SIGNED_CSRF_TOKENS.clear()
        _SIGNED_CSRF_TOKENS[key] = str(made)
    return str(made)


class KeptCookieSessions(SecureCookieSessionInterface):
    """Flask's signed cookie sessions, each cookie's signature checked once per worker.

    Checking the signature and decoding the cookie cost more than anything else a signed-in
    request does before its view. A cookie is the same bytes on every request until the
    session changes, and what its signature proved holds as long as the key that signed it:
    so what a cookie said is kept by the cookie and that key, and only its age (the session's
    lifetime) is checked again. Only sessions of plain values are kept (a session holding a
    list, which a page could change in place, is decoded each time), and each request gets
    its own copy."""

    _KEPT = 512

    def __init__(self) -> None:
        self._opened: dict[tuple[str, str], tuple[dict[str, Any], int]] = {}

    def open_session(self, app: Any, request: Request) -> SecureCookieSession | None:
        value = request.cookies.get(self.get_cookie_name(app))
        if not value or not app.secret_key:
            return super().open_session(app, request)
        key = (str(app.secret_key), value)
        max_age = int(app.permanent_session_lifetime.total_seconds())
        kept = self._opened.get(key)
        if kept is not None and 0 <= time.time() - kept[1] <= max_age:
            return self.session_class(kept[0])
        serializer = self.get_signing_serializer(app)
        if serializer is None:
            return None
        try:
            data, signed_at = serializer.loads(value, max_age=max_age, return_timestamp=True)
        except BadSignature:
            return self.session_class()
        if isinstance(data, dict) and all(isinstance(item, (str, int, float, bool))
                                          or item is None for item in data.values()):
            if len(self._opened) >= self._KEPT:
                self._opened.clear()
            self._opened[key] = (dict(data), int(signed_at.timestamp()))
        return self.session_class(data)


def template_helpers() -> dict[str, Any]:
    return {"lms_user": current_lms_user(), "Role": Role}
