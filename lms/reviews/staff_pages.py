"""What program staff do with an application a committee reviews, whatever the domain: the
gate of the staff pages, screening the application and asking committee members to review it.

A domain describes its application page with a ``StaffDesk`` and gets the screening and
reviewer routes on its staff blueprint from ``StaffDesk.add_routes``; its page and its rules
(which states may be screened, what happens then) stay its own."""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Generic, Protocol, TypeVar

from flask import Blueprint, abort, current_app, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from markupsafe import Markup, escape
from sqlalchemy.orm import Session

from lms.accounts.models import User
from lms.db import session
from lms.forms import commit_or_show_error
from lms.i18n import _, country_names, current_locale, format_day
from lms.reviews import services
from lms.reviews.due import Due
from lms.reviews.forms import DueDateForm, ReviewerForm, ScreeningForm
from lms.reviews.models import AssignmentStatus
from lms.reviews.queries import ReviewPanel, assignment_of_subject
from lms.security import login_required, require_staff, require_user


class Application(Protocol):
    id: int
    review_subject_id: int | None

    @property
    def is_with_committee(self) -> bool: ...


A = TypeVar("A", bound=Application)


def staff_user() -> User:
    actor = require_user()
    require_staff(actor)  # refuses with the reason, as a 403
    return actor


def figure(value: float | None) -> str:
    """A weighted score or an average of them, as staff pages and exports show it."""
    return "" if value is None else f"{value:.2f}"


class RowCells:
    """The cells a page of a staff list of applications writes alike in many rows, each
    written and escaped once a page: a state, a country, a tally of reviews done (a page's
    rows share a few of each, and escaping every cell cost a fifth of writing the rows)."""

    def __init__(self, state_names: Mapping[Any, str], country_names: Mapping[str, str],
                 no_country: str, reviewed: str) -> None:
        #: Each state's label in its span, by state.
        self.states = {status: f'<span class="status status-{escape(status.value)}">'
                               f"{escape(name)}</span>" for status, name in state_names.items()}
        self._country_names, self._no_country, self._reviewed = (country_names, no_country,
                                                                 reviewed)
        self._countries: dict[str | None, str] = {}
        self._tallies: dict[tuple[int, int], str] = {}

    def country(self, code: str | None) -> str:
        written = self._countries.get(code)
        if written is None:
            written = self._countries[code] = escape(
                self._country_names.get(code, code) or self._no_country)  # type: ignore[arg-type]
        return written

    def reviewed(self, done: int, asked: int) -> str:
        """``reviewed`` (a translated "%(done)d of %(asked)d") filled in; a dash for none."""
        if not (done or asked):
            return "—"
        written = self._tallies.get((done, asked))
        if written is None:
            written = self._tallies[(done, asked)] = escape(
                self._reviewed % {"done": done, "asked": asked})
        return written


#: Rows a page of a staff list of applications shows at most: each row is a wide line of
#: states, reviews and amounts, and fifty of them cost several times the rest of the page.
WIDE_LIST_ROWS = 25


def wide_list_rows() -> int:
    """How many applications a page of a staff list shows: the site's page size, up to
    ``WIDE_LIST_ROWS``."""
    return min(current_app.config["LMS_PAGE_SIZE"], WIDE_LIST_ROWS)


def list_words(status_labels: Mapping[Any, Any]) -> dict[str, Any]:
    """What the rows of a long staff list write alike, worked out once for the page: each
    state's label translated (``state_names``) and the countries' names in the reader's
    language (``country_names``). Asked again for each of fifty rows, they cost more than the
    rest of the row; both are kept per language, as the translations do not change while the
    app runs."""
    locale = current_locale()
    return {"state_names": _state_names(status_labels, locale),
            "country_names": _named_countries(locale)}


#: The label mappings given to list_words are each domain's constants, kept by their id.
_STATE_NAMES: dict[tuple[int, str], tuple[Mapping[Any, Any], Mapping[Any, str]]] = {}


def _state_names(status_labels: Mapping[Any, Any], locale: str) -> Mapping[Any, str]:
    kept = _STATE_NAMES.get((id(status_labels), locale))
    if kept is None or kept[0] is not status_labels:
        kept = _STATE_NAMES[id(status_labels), locale] = (status_labels, MappingProxyType(
            {status: str(label) for status, label in status_labels.items()}))
    return kept[1]


def named_countries() -> Mapping[str, str]:
    """Each country's name in the reader's language, by code, for a list's rows."""
    return _named_countries(current_locale())


@functools.cache
def _named_countries(locale: str) -> Mapping[str, str]:
    return MappingProxyType(dict(country_names(locale)))


def text_html(text: str | None) -> Markup:
    """A text people wrote as plain text, as the ``text_block`` macro writes it (blank lines
    part paragraphs, single newlines break lines), for pages that show a dozen of them: the
    macro's loop over every line cost more than the rest of the section."""
    paragraphs = [paragraph.strip() for paragraph in
                  (text or "").replace("\r\n", "\n").split("\n\n") if paragraph.strip()]
    if not paragraphs:
        return Markup('<p class="muted">%s</p>\n') % _("(not given)")
    return Markup("").join(Markup("<p>%s</p>\n") % Markup("<br>").join(paragraph.split("\n"))
                           for paragraph in paragraphs)


def link_prefix(endpoint: str, argument: str) -> str:
    """The address of ``endpoint`` up to its last part, the id named ``argument``, which each
    row of a list adds: url_for for every row cost more than the rest of the row."""
    return url_for(endpoint, **{argument: 0}).removesuffix("0")


def reviewer_form(panel: ReviewPanel, posted: ReviewerForm | None = None, *,
                  shown: bool = True) -> ReviewerForm | None:
    """The form that asks a member to review, offering those the panel says may be asked;
    none if nothing was posted and the page shows no form (not ``shown``, or nobody left to
    ask): building it cost a good part of the page."""
    if posted is None and not (shown and panel.assignable):
        return None
    form = posted or ReviewerForm(prefix="reviewer", data={"due_on": services.default_due_on()})
    form.reviewer.choices = [(reviewer.id, reviewer.display_name)
                             for reviewer in panel.assignable]
    return form


@dataclass(frozen=True)
class StaffDesk(Generic[A]):
    """A domain's staff application page, as the shared screening and reviewer routes need
    it."""

    #: The endpoint of the staff application page, which the routes send staff back to.
    endpoint: str
    #: Finds the application for the staff member (None: 404).
    load: Callable[[Session, User, int], A | None]
    #: Renders the page, given the posted ``screening=`` or ``assigning=`` form to show again.
    page: Callable[..., ResponseReturnValue]
    #: The domain's services: ``screen(session, actor, application, eligible, reason)`` and
    #: ``assign(session, actor, application, reviewer, due_on=day or None)``.
    screen: Callable[[Session, User, A, bool, str], object]
    assign: Callable[..., object]
    #: The time zone of the application's round or call, where its reviews' due days are.
    zone_of: Callable[[A], zoneinfo.ZoneInfo]
    #: The domain's screening form, which names its committee.
    screening_form: type[ScreeningForm]
    #: What staff are told once an application is found eligible.
    eligible_done: Any

    def open(self, application_id: int) -> tuple[User, A]:
        """The signed-in staff member and the application (403 for others, 404 if none)."""
        actor = staff_user()
        application = self.load(session, actor, application_id)
        if application is None:
            abort(404)
        return actor, application

    def back_to(self, application_id: int, anchor: str) -> ResponseReturnValue:
        return redirect(url_for(self.endpoint, application_id=application_id, _anchor=anchor))

    def add_routes(self, bp: Blueprint) -> None:
        bp.add_url_rule("/applications/<int:application_id>/screening", "screen",
                        login_required(self.screen_page), methods=["POST"])
        bp.add_url_rule("/applications/<int:application_id>/reviewers", "assign_reviewer",
                        login_required(self.assign_page), methods=["POST"])
        bp.add_url_rule("/applications/<int:application_id>/reviewers/<int:assignment_id>/due",
                        "review_due", login_required(self.due_page), methods=["GET", "POST"])

    def screen_page(self, application_id: int) -> ResponseReturnValue:
        actor, found = self.open(application_id)
        form = self.screening_form(prefix="screening")
        if form.validate_on_submit():
            eligible = form.eligible.data == "yes"
            screened = commit_or_show_error(form, lambda: self.screen(
                session, actor, found, eligible, form.reason.data or ""), done=str(
                self.eligible_done if eligible else
                _("The application is marked not eligible; the applicant has been told by "
                  "mail, with your reason.")))
            if screened.done:
                return self.back_to(found.id,
                                    "reviewers-heading" if eligible else "screening-heading")
        return self.page(actor, found, screening=form)

    def assign_page(self, application_id: int) -> ResponseReturnValue:
        actor, found = self.open(application_id)
        form = ReviewerForm(prefix="reviewer")
        if form.validate_on_submit():
            reviewer = session.get(User, form.reviewer.data)
            if reviewer is None:
                form.reviewer.errors = [_("Choose a committee member from the list.")]
            else:
                assigned = commit_or_show_error(form, lambda: self.assign(
                    session, actor, found, reviewer, due_on=form.due_on.data), done=_(
                    "%(name)s is asked to review this application.",
                    name=reviewer.display_name))
                if assigned.done:
                    return self.back_to(found.id, "reviewers-heading")
        return self.page(actor, found, assigning=form)

    def due_page(self, application_id: int, assignment_id: int) -> ResponseReturnValue:
        """Staff change the day a reviewer's review is due, on a page of its own."""
        actor, found = self.open(application_id)
        # Another application's reviewer, or a finished or stepped-aside one, finds nothing.
        assignment = assignment_of_subject(session, found.review_subject_id, assignment_id)
        if assignment is None or assignment.status != AssignmentStatus.ACTIVE or (
                assignment.review is not None and assignment.review.is_submitted):
            abort(404)
        if not found.is_with_committee:  # decided, withdrawn: its reviews are over
            abort(404)
        form = DueDateForm(data={"due_on": assignment.due_on})
        if form.validate_on_submit():
            due_on: dt.date = form.due_on.data
            changed = commit_or_show_error(form, lambda: services.change_due_on(
                session, actor, assignment, due_on, zone=self.zone_of(found)), done=_(
                "%(name)s's review is now due on %(day)s.",
                name=assignment.reviewer.display_name, day=format_day(due_on)))
            if changed.done:
                return self.back_to(found.id, "reviewers-heading")
        zone = self.zone_of(found)
        return render_template("lms/reviews/due_date.html", form=form, assignment=assignment,
                               due=Due(day=assignment.due_on, today=services.today_in(zone)),
                               back=url_for(self.endpoint, application_id=found.id,
                                            _anchor="reviewers-heading"), zone=zone)
