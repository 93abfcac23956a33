"""A committee member's review page and conflict-of-interest page, whatever is reviewed. The
domain's view finds the member's assignment and its own subject (404 otherwise) and hands over
its template, its URLs and its words; the rules stay in ``lms.reviews.services``."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import Select
from sqlalchemy.orm import Session

from lms import homepage, personal_data
from lms.accounts.models import User
from lms.db import session
from lms.forms import commit_or_show_error
from lms.i18n import _
from lms.pagination import requested_page_number
from lms.reviews import home_sections, list_html, member_lists, queries, services
from lms.reviews.forms import (
    ConflictForm,
    Criterion,
    RecommendationLabels,
    ReviewFormBase,
    review_form,
)
from lms.reviews.models import Review, ReviewAssignment
from lms.reviews.personal_data import parts as personal_data_parts
from lms.reviews.staff_pages import named_countries
from lms.security import login_required, require_user

#: No pages of its own: it makes lms/reviews/templates (the shared macros) a template folder.
bp = Blueprint("reviews", __name__, template_folder="templates")
bp.add_app_template_global(list_html.assignment_rows_html, "assignment_rows_html")
bp.add_app_template_global(list_html.pager_html, "assignments_pager_html")
homepage.register(bp, home_sections.sections)
personal_data.register(bp, personal_data_parts)


@dataclass(frozen=True)
class ReviewPage:
    """What a review page's template gets as ``review_page``, for the macros in
    lms/reviews/_review.html."""

    assignment: ReviewAssignment
    form: ReviewFormBase
    own: Review | None
    #: The other members' submitted reviews: none until the member's own is submitted.
    others: list[Review]
    recommendation_labels: RecommendationLabels

    @property
    def criteria(self) -> list[Criterion]:
        return self.assignment.subject.scheme.criteria

    @property
    def submitted(self) -> bool:
        return self.own is not None and self.own.is_submitted

    def weighted(self, scores: dict[str, int]) -> float:
        return services.weighted_score(self.assignment.subject.scheme, scores)


def review_page(actor: User, assignment: ReviewAssignment, *, template: str, redirect_to: str,
                recommendation_labels: RecommendationLabels,
                context: Mapping[str, Any] | None = None) -> ResponseReturnValue:
    """Show, save or submit the member's review, then send them to ``redirect_to`` (the page
    itself, usually). ``template`` gets ``review_page`` and ``assignment``, plus ``context``."""
    own = assignment.review
    form = review_form(assignment.subject.scheme.criteria, recommendation_labels)
    if request.method == "GET" and own is not None:
        form.fill_from(own)
    elif form.validate_on_submit():
        action = request.form.get("action")
        if action not in ("save", "submit"):
            abort(400)
        given = form.review_input()
        saved = commit_or_show_error(form, lambda: services.save_review(
            session, actor, assignment, given, submit=action == "submit"))
        if saved.done:
            flash(_("Your review is submitted. The other members' reviews are below.")
                  if action == "submit" else
                  _("Your draft is saved. Only you see it until you submit it."), "success")
            return redirect(redirect_to)
    others = ([review for review in queries.reviews_visible_to(session, actor, assignment.subject)
               if review.assignment_id != assignment.id]
              if own is not None and own.is_submitted else [])
    page = ReviewPage(assignment=assignment, form=form, own=own, others=others,
                      recommendation_labels=recommendation_labels)
    return render_template(template, **{**(context or {}), "assignment": assignment,
                                        "review_page": page})


def conflict_page(actor: User, assignment: ReviewAssignment, *, subject_title: str,
                  template: str, redirect_to: str,
                  context: Mapping[str, Any] | None = None) -> ResponseReturnValue:
    """Let the member declare a conflict of interest, then send them to ``redirect_to`` (their
    list: the subject is no longer theirs to open). ``template`` gets ``form`` and
    ``assignment``, plus ``context``."""
    form = ConflictForm()
    if form.validate_on_submit():
        declared = commit_or_show_error(form, lambda: services.declare_conflict(
            session, actor, assignment, form.reason.data or ""))
        if declared.done:
            flash(_("Your conflict of interest is recorded. You will not review “%(title)s”, "
                    "and staff have your reason.", title=subject_title), "success")
            return redirect(redirect_to)
    return render_template(template, **{**(context or {}), "assignment": assignment,
                                        "form": form})


def _conflicts_page_number() -> int:
    try:
        return max(1, int(request.args.get("conflicts_page", 1)))
    except ValueError:
        return 1


def my_reviews_page(actor: User, subjects: member_lists.Subjects, desk: str, *,
                    template: str) -> ResponseReturnValue:
    """The member's own lists, over the domain's ``subjects`` (see ``member_lists.Subjects``):
    the reviews to do, or with ``?show=history`` the others, which years of rounds and calls
    would otherwise bury today's work under; the template renders them with ``_lists.html``."""
    history = request.args.get("show") == "history"
    counts = member_lists.my_assignment_counts(session, actor, subjects, desk)
    return render_template(
        template,
        page=member_lists.my_assignments(session, actor, subjects, desk, requested_page_number(),
                                    counts, history=history),
        lists=ListChoice(history, counts.to_do, counts.history),
        conflicts=member_lists.my_conflicts(session, actor, subjects, desk,
                                       _conflicts_page_number(), counts),
        country_names=named_countries())


@dataclass(frozen=True)
class ListChoice:
    """Which of the member's lists is shown, and how many each holds."""

    history: bool
    to_do_count: int
    history_count: int

    @property
    def show(self) -> str | None:
        """The ``show`` argument of this list's links (None for the reviews to do)."""
        return "history" if self.history else None


Subject = TypeVar("Subject")


@dataclass(frozen=True)
class CommitteeDesk(Generic[Subject]):
    """A domain's pages for committee members, on its blueprint: their list (endpoint
    ``assignments``), the review page (``review``) and the conflict page (``conflict``)."""

    #: The blueprint's endpoint prefix, such as "lms.grants_review".
    endpoints: str
    #: The member's active assignment and the domain's subject (None: 404).
    load: Callable[[Session, User, int], tuple[ReviewAssignment, Subject] | None]
    #: The domain's catalogue of reviewed things (see ``member_lists.Subjects``).
    subjects: Callable[[], Select[Any]]
    #: The domain's template folder, with review_assignments.html, review_form.html and
    #: review_conflict.html.
    templates: str
    recommendation_labels: RecommendationLabels
    title_of: Callable[[Subject], str]
    #: What the review page shows of the subject, besides ``application``.
    review_context: Callable[[Subject], Mapping[str, Any]]
    #: The heading of this kind of review on the committee member's home.
    home_heading: Any = ""

    def open(self, assignment_id: int) -> tuple[User, ReviewAssignment, Subject]:
        # Someone else's assignment, or one the actor stepped aside from, finds nothing.
        actor = require_user()
        found = self.load(session, actor, assignment_id)
        if found is None:
            abort(404)
        return actor, *found

    def add_routes(self, bp: Blueprint) -> None:
        home_sections.register_desk(bp, self)
        bp.add_url_rule("/", "assignments", login_required(self.assignments_page))
        bp.add_url_rule("/<int:assignment_id>", "review", login_required(self.review_page),
                        methods=["GET", "POST"])
        bp.add_url_rule("/<int:assignment_id>/conflict", "conflict",
                        login_required(self.conflict_page), methods=["GET", "POST"])

    def assignments_page(self) -> ResponseReturnValue:
        return my_reviews_page(require_user(), self.subjects, self.endpoints,
                               template=f"{self.templates}/review_assignments.html")

    def review_page(self, assignment_id: int) -> ResponseReturnValue:
        actor, assignment, subject = self.open(assignment_id)
        return review_page(
            actor, assignment, template=f"{self.templates}/review_form.html",
            redirect_to=url_for(f"{self.endpoints}.review", assignment_id=assignment.id),
            recommendation_labels=self.recommendation_labels,
            context={"application": subject, **self.review_context(subject)})

    def conflict_page(self, assignment_id: int) -> ResponseReturnValue:
        actor, assignment, subject = self.open(assignment_id)
        return conflict_page(
            actor, assignment, subject_title=self.title_of(subject),
            template=f"{self.templates}/review_conflict.html",
            redirect_to=url_for(f"{self.endpoints}.assignments"),
            context={"application": subject})
