"""``create_app(config)``: a minimal host with Kakehashi mounted, for wsgi.py and the tests."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

DEVELOPMENT_SECRET_KEY = "kakehashi-development-only-not-secret"  # noqa: S105 - refused in production


class InsecureConfiguration(RuntimeError):
    pass


class StandaloneApp(Flask):
    """Flask, with its check of each hook and view for ``async def`` made once a function.

    Flask asks it of every context processor, before- and after-request function, teardown
    and view at every request (through inspect, unwrapping each); a page runs about a dozen,
    and the asking was 3% of a lesson page's calls. The answer for a function never changes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._synchronous: dict[Callable[..., Any], Callable[..., Any]] = {}

    def ensure_sync(self, func: Callable[..., Any]) -> Callable[..., Any]:
        try:
            return self._synchronous[func]
        except KeyError:
            made = self._synchronous[func] = super().ensure_sync(func)
            return made
        except TypeError:  # an unhashable callable: asked each time, as Flask does
            return super().ensure_sync(func)


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    from lms import errors, security
    from lms.extension import LMS, outside_kakehashi

    app = StandaloneApp("lms", static_folder=None)
    app.session_interface = security.KeptCookieSessions()
    settings = dict(config or {})
    environment = settings.get("LMS_ENV", "production")
    development = environment in {"development", "testing"}

    app.config.update(
        SECRET_KEY=DEVELOPMENT_SECRET_KEY if development else None,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=not development,
        SESSION_COOKIE_NAME="kakehashi_session",
        PERMANENT_SESSION_LIFETIME=60 * 60 * 12,
        TESTING=environment == "testing",
    )
    app.config.update(settings)
    app.config["LMS_ENV"] = environment
    # Each file is checked against LMS_MAX_UPLOAD_MB as it is stored; the whole request may
    # carry a few such files with the form around them.
    max_upload_mb = int(app.config.get("LMS_MAX_UPLOAD_MB", 10))
    if app.config.get("MAX_CONTENT_LENGTH") is None:  # Flask's default is no limit at all
        app.config["MAX_CONTENT_LENGTH"] = (max_upload_mb * 4 + 1) * 1024 * 1024
    _refuse_insecure_secret(app, development)

    if proxies := int(app.config.get("LMS_TRUSTED_PROXIES", 0) or 0):
        # Behind N proxies the client address is the Nth from the right in X-Forwarded-For;
        # sign-in throttling and the audit trail need the real one.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)  # type: ignore[method-assign]

    LMS(app)

    # The standalone app is all Kakehashi: its error pages and headers apply everywhere,
    # including to addresses no blueprint matched.
    errors.register(app)
    app.after_request(security.apply_security_headers)
    app.context_processor(outside_kakehashi)

    @app.get("/healthz")
    def healthz() -> tuple[str, int, dict[str, str]]:
        """For load balancers, and the bare baseline `make bench` compares pages against."""
        return "ok", 200, {"Content-Type": "text/plain"}

    return app


def _refuse_insecure_secret(app: Flask, development: bool) -> None:
    secret = app.config.get("SECRET_KEY")
    if development:
        return
    if not secret or secret == DEVELOPMENT_SECRET_KEY or len(str(secret)) < 32:
        raise InsecureConfiguration(
            "Set LMS_SECRET_KEY to a long random value (at least 32 characters, for example "
            "from `python -c 'import secrets; print(secrets.token_urlsafe(48))'`) before "
            "running in production, or set LMS_ENV=development for a local trial."
        )
