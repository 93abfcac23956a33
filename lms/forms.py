"""Form pieces every domain uses."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from flask_wtf import FlaskForm
from wtforms import Form
from wtforms.fields.choices import SelectChoice

from lms.db import session
from lms.errors import PolicyError, ServiceError

T = TypeVar("T")


class EmptyForm(FlaskForm):
    """Only a CSRF token, for buttons that change state (sign out, deactivate, approve)."""


def choices(pairs: Iterable[tuple[str, Any]]) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


def show_service_error(form: Form, error: ServiceError) -> None:
    """Put a refused action's message beside its field, or above the form if it has none."""
    messages = error.messages if isinstance(error, PolicyError) else [error.message]
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, *map(str, messages)]
    else:
        form.form_errors.extend(str(message) for message in messages)


@dataclass(frozen=True)
class Outcome(Generic[T]):
    done: bool
    result: T | None = None


def commit_or_show_error(form: Form, action: Callable[[], T]) -> Outcome[T]:
    """Run a service call for a submitted form: commit the request's work if it succeeds;
    if a rule refuses it, roll back and show the reason beside its field."""
    try:
        result = action()
    except ServiceError as error:
        session.rollback()
        show_service_error(form, error)
        return Outcome(done=False)
    session.commit()
    return Outcome(done=True, result=result)


class SectionForm(FlaskForm):
    """One of several forms on the staff application page, each under its own prefix so
    their fields never share an id. The page's token is the plain ``csrf_token`` field, which
    the extension checks on every POST before any view runs (a prefixed form would look for
    ``<prefix>-csrf_token`` instead)."""

    class Meta:
        csrf = False
