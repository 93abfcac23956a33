"""Form pieces every domain uses."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import wtforms
from flask import flash
from flask_wtf import FlaskForm
from markupsafe import escape
from wtforms import Form, widgets
from wtforms.fields.choices import Choice, SelectChoice
from wtforms.validators import ValidationError

from lms.clock import local_to_utc
from lms.db import session
from lms.errors import ApplicationProblems, NotAllowed, PolicyError, ServiceError
from lms.i18n import _l, country_names, program_countries

T = TypeVar("T")


class EmptyForm(FlaskForm):
    """Only a CSRF token, for buttons that change state (sign out, deactivate, approve)."""


#: Every date a person types falls in these years. Wide enough for an applicant's date of birth
#: and the program's records back to its first cohort; narrow enough that a slip of the keyboard
#: (year 1, year 20260) is caught as a form error, and that converting any of these dates between
#: time zones or storing it stays far from the limits of Python's datetime and the database.
EARLIEST_DAY = dt.date(1900, 1, 1)
LATEST_DAY = dt.date(2100, 12, 31)


class _SensibleDay:
    """Refuses a date outside EARLIEST_DAY..LATEST_DAY, and tells the browser the same range.
    Mixed into the date fields below, which every form uses instead of WTForms' own."""

    data: dt.date | dt.datetime | None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        render_kw = dict(kwargs.pop("render_kw", None) or {})
        if isinstance(self, wtforms.DateTimeLocalField):
            render_kw.setdefault("min", f"{EARLIEST_DAY.isoformat()}T00:00")
            render_kw.setdefault("max", f"{LATEST_DAY.isoformat()}T23:59")
        else:
            render_kw.setdefault("min", EARLIEST_DAY.isoformat())
            render_kw.setdefault("max", LATEST_DAY.isoformat())
        super().__init__(*args, render_kw=render_kw, **kwargs)

    def pre_validate(self, form: Form) -> None:
        day = self.data.date() if isinstance(self.data, dt.datetime) else self.data
        if day is not None and not EARLIEST_DAY <= day <= LATEST_DAY:
            raise ValidationError(str(_l("Give a date between %(first)s and %(last)s.",
                                         first=EARLIEST_DAY.isoformat(),
                                         last=LATEST_DAY.isoformat())))


class DateField(_SensibleDay, wtforms.DateField):
    """A date in the sensible range."""


class DateTimeLocalField(_SensibleDay, wtforms.DateTimeLocalField):
    """A local date and time in the sensible range; turn it into UTC with
    lms.clock.local_to_utc, which refuses times the zone skips."""


def note_if_repeated(local: dt.datetime, zone: zoneinfo.ZoneInfo) -> None:
    """After saving a typed local time: if the clocks went back over it, say which of its two
    moments was taken (lms.clock.local_to_utc takes the first)."""
    if local_to_utc(local, zone).repeated:
        taken = local.replace(tzinfo=zone, fold=0)
        flash(_l("%(time)s happens twice in %(zone)s, as the clocks go back; the first of the "
                 "two (%(offset)s) was taken.", time=local.strftime("%Y-%m-%d %H:%M"),
                 zone=zone.key, offset=taken.strftime("UTC%z")), "info")


class QuickSelect(widgets.Select):
    """WTForms' select, writing each plain option itself: a country list has some 250, and
    WTForms' general attribute writer made drawing them cost more than the rest of a page.
    The markup is WTForms' own, attribute for attribute."""

    @classmethod
    def render_option(cls, choice: Choice, **kwargs: Any) -> str:
        value = choice.value
        if kwargs or choice.render_kw or not isinstance(value, str | int) or \
                isinstance(value, bool):
            return super().render_option(choice, **kwargs)
        selected = "selected " if choice.selected else ""
        # Escaped here; WTForms joins the options into one Markup.
        return f'<option {selected}value="{escape(value)}">{escape(choice.label or value)}</option>'


def choices(pairs: Iterable[tuple[str, Any]]) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


def country_choices(locale: str, empty_label: Any = None) -> list[SelectChoice]:
    """Every country select: ``empty_label`` first (if given), then the program's countries
    (LMS_PROGRAM_COUNTRIES), then the rest, each group sorted by name in ``locale``. Nearly
    everyone picks from the first group; the long list is for partners and staff abroad."""
    ours, names = program_countries(), country_names(locale)
    first, rest = _l("Countries of the program"), _l("Other countries")
    return [*([SelectChoice("", empty_label)] if empty_label is not None else []),
            *(SelectChoice(code, name, optgroup=first) for code, name in names if code in ours),
            *(SelectChoice(code, name, optgroup=rest) for code, name in names if code not in ours)]


def show_service_error(form: Form, error: ServiceError) -> None:
    """Put a refused action's message beside its field, or above the form if it has none."""
    if isinstance(error, ApplicationProblems):
        # Several problems, each naming its own field (or none).
        for name, message in error.problems:
            problem_field = form._fields.get(name) if name else None
            if problem_field is not None:
                problem_field.errors = [*problem_field.errors, str(message)]
            else:
                form.form_errors.append(str(message))
        return
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
    #: What refused the action, for a page that does more with it than show it.
    refusal: ServiceError | None = None


def commit_or_show_error(form: Form | None, action: Callable[[], T], *,
                         done: str | None = None,
                         on_refusal: Callable[[ServiceError], object] | None = None
                         ) -> Outcome[T]:
    """The one way a view commits: run a service call, commit the request's work if it
    succeeds (and flash ``done`` when given); if a rule refuses it, roll back and show the
    reason beside its field, above the form, or, for a bare button without a form, as a
    flashed message. A page that shows refusals its own way (beside fields outside the form, on
    a page of its own) passes ``on_refusal``, called with the refusal after the rollback
    instead. The outcome names the refusal, for a page that does more with it than show it."""
    try:
        result = action()
    except ServiceError as error:
        session.rollback()
        refusal = error
    else:
        session.commit()
        if done is not None:
            flash(done, "success")
        return Outcome(done=True, result=result)
    if on_refusal is not None:
        on_refusal(refusal)
    elif form is None:
        flash(str(refusal.message), "error")
    else:
        show_service_error(form, refusal)
    return Outcome(done=False, refusal=refusal)


def not_allowed_is_a_page(refusal: ServiceError) -> None:
    """``on_refusal`` for a button whose NotAllowed deserves the 403 page that says who may
    (see lms.errors); any other refusal is flashed, as for any bare button."""
    if isinstance(refusal, NotAllowed):
        raise refusal
    flash(str(refusal.message), "error")


class SectionForm(FlaskForm):
    """One of several forms on the staff application page, each under its own prefix so
    their fields never share an id. The page's token is the plain ``csrf_token`` field, which
    the extension checks on every POST before any view runs (a prefixed form would look for
    ``<prefix>-csrf_token`` instead)."""

    class Meta:
        csrf = False


def uploaded_text(upload: Any, pasted: str | None, limit: int,
                  too_large: Any) -> tuple[str, str | None]:
    """The text of a CSV file chosen in a form, else the text pasted beside it, or why the
    file cannot be read: larger than ``limit`` bytes (``too_large`` says so, in the words of
    what it holds; a larger file is refused whole, never cut, which could also split a
    character), or not UTF-8 (a spreadsheet's byte-order mark is dropped)."""
    if upload and getattr(upload, "filename", ""):
        data = upload.read(limit + 1)
        if len(data) > limit:
            return "", str(too_large)
        try:
            return data.decode("utf-8-sig"), None
        except UnicodeDecodeError:
            return "", str(_l("The file must be CSV saved as UTF-8."))
    return pasted or "", None
