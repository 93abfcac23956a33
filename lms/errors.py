"""Errors: the exceptions services raise, and the pages people see when something goes wrong.

Error pages say what happened in plain words and nothing else: no stack trace, no SQL, no
hint whether a thing exists that the person may not see.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, current_app, render_template
from flask_limiter.errors import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import BadRequest, HTTPException, InternalServerError

from lms.db import close_session
from lms.i18n import _l


class ServiceError(Exception):
    """A rule refused an action. ``field`` names the form field the message belongs beside."""

    def __init__(self, message: Any, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class PolicyError(ServiceError):
    """Input broke a policy (for example the password policy); several messages at once."""

    def __init__(self, messages: list[Any], field: str | None = None) -> None:
        super().__init__(messages[0] if messages else "", field)
        self.messages = messages


class ApplicationProblems(PolicyError):
    """Everything that stops an application being sent, each message with the field it belongs
    beside (or None), for the form's fields and the list of problems above it."""

    def __init__(self, problems: list[tuple[str | None, Any]]) -> None:
        super().__init__([message for _field, message in problems])
        self.problems = problems


class NotAllowed(ServiceError):
    """The actor may not do this to an object they can see. Views turn it into a 403."""


class UnstorableText(BadRequest):
    """The request holds characters no database can store (see lms.inputs)."""

    explanation = _l("What you sent contains a character that cannot be stored: a null "
                     "character, usually carried along when text is copied out of another "
                     "program. Go back, remove it or type the text again, and send it again.")


TITLES = {
    400: _l("The request could not be understood"),
    401: _l("Please sign in"),
    403: _l("You do not have access to this page"),
    404: _l("Page not found"),
    405: _l("That action is not possible here"),
    413: _l("The upload is too large"),
    429: _l("Too many attempts"),
    500: _l("Something went wrong on our side"),
}

EXPLANATIONS = {
    400: _l("The form may have expired or been sent twice. Go back, reload the page and try "
            "again."),
    401: _l("Sign in to see this page."),
    403: _l("Your account does not have the rights this page needs. If you think it should, "
            "ask the program staff."),
    404: _l("There is no page at this address, or it is not available to you. Check the link, "
            "or start again from the home page."),
    405: _l("This address cannot be used this way. Start again from the home page."),
    413: _l("The file or form you sent is larger than allowed. Send a smaller one."),
    429: _l("For your account's safety we have paused sign-in attempts for a while. Wait 15 "
            "minutes and try again, or reset your password."),
    500: _l("The error has been recorded. Nothing you entered has been saved in a half-finished "
            "state. Try again in a few minutes; if it keeps happening, tell the program staff."),
}


def render_error(error: HTTPException) -> tuple[str, int]:
    code = error.code or 500
    if isinstance(error, CSRFError):
        code = 400
    if isinstance(error, RateLimitExceeded):
        code = 429
    return (
        render_template(
            "lms/error.html",
            code=code,
            title=TITLES.get(code, TITLES[500]),
            explanation=getattr(error, "explanation", None)
            or EXPLANATIONS.get(code, EXPLANATIONS[500]),
        ),
        code,
    )


def render_not_allowed(error: NotAllowed) -> tuple[str, int]:
    """A 403 that says why, in the service's words (such as whom a page is open to)."""
    return render_template("lms/error.html", code=403, title=TITLES[403],
                           explanation=error.message), 403


def render_internal_error(error: Exception) -> tuple[str, int]:
    """Kakehashi's own page for every 500. Flask has already logged the exception with its
    traceback; the person sees none of it.

    The page shows who is signed in, which takes the database; if the error left the request's
    transaction broken (a connection cut by a database restart), a fresh session is used. If
    the page still cannot be made that way (the user loader itself fails, the database is
    down), it is made for nobody signed in (Flask-Login's anonymous user for the rest of the
    request), which needs nothing from the database: a failing error handler would otherwise
    leave the person Werkzeug's bare page."""
    close_session()
    try:
        return render_error(InternalServerError())
    except Exception:
        current_app.logger.exception("The error page could not show who is signed in")
    current_app.login_manager._update_request_context_with_user()  # type: ignore[attr-defined]
    return render_error(InternalServerError())


def register(target: Blueprint | Flask) -> None:
    for code in TITLES:
        if code != 500:
            target.register_error_handler(code, render_error)
    target.register_error_handler(500, render_internal_error)
    target.register_error_handler(NotAllowed, render_not_allowed)
