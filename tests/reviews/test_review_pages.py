"""The shared review form and the macros every domain's review page is built from."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from flask import render_template_string
from werkzeug.datastructures import MultiDict

from lms.accounts.models import User
from lms.reviews.forms import SCORE_LABELS, ConflictForm, review_form, score_field_name
from lms.reviews.models import (
    Recommendation,
    Review,
    ReviewAssignment,
    ReviewScheme,
    ReviewSubject,
)
from lms.reviews.pages import ReviewPage
from lms.reviews.services import ReviewInput

CRITERIA = [
    {"key": "motivation", "label": "Motivation", "weight": 3},
    {"key": "fit", "label": "Fit with the programme", "weight": 1},
]
SELECTION_LABELS = {
    Recommendation.YES: "Yes: select",
    Recommendation.MAYBE: "Maybe: put on the waiting list",
    Recommendation.NO: "No: do not select",
}
NO_CSRF = {"meta": {"csrf": False}}


@pytest.fixture
def request_context(app):
    with app.test_request_context("/"):
        yield


def posted(**values: str) -> MultiDict:
    return MultiDict(values)


def test_one_score_question_per_criterion_and_the_domain_s_recommendations(request_context):
    form = review_form(CRITERIA, SELECTION_LABELS, **NO_CSRF)
    motivation = form[score_field_name("motivation")]
    assert motivation.name == "score-motivation"
    assert str(motivation.label.text) == "Motivation (weight 3)"
    assert [(value, str(label)) for value, label, *_ in motivation.iter_choices()] == \
        [(score, str(SCORE_LABELS[score])) for score in range(6)]
    assert str(form.score_field("fit").label.text) == "Fit with the programme (weight 1)"
    assert [(value, str(label)) for value, label, *_ in form.recommendation.iter_choices()] == [
        ("yes", "Yes: select"), ("maybe", "Maybe: put on the waiting list"),
        ("no", "No: do not select")]
    assert sorted(name for name in form.data if name.startswith("score-")) == \
        ["score-fit", "score-motivation"]


def test_each_scheme_s_form_keeps_its_own_questions(request_context):
    grants = review_form([{"key": "budget", "label": "Budget", "weight": 2}],
                         {Recommendation.YES: "Yes: fund it"}, **NO_CSRF)
    admissions = review_form(CRITERIA, SELECTION_LABELS, **NO_CSRF)
    assert "score-budget" in grants.data and "score-budget" not in admissions.data
    assert "score-motivation" not in grants.data
    assert [value for value, *_ in grants.recommendation.iter_choices()] == ["yes"]
    assert len(admissions.recommendation.choices) == 3
    assert grants.review_input().scores == {"budget": None}
    assert admissions.review_input().scores == {"motivation": None, "fit": None}


def test_what_the_member_gave_becomes_the_service_s_input(request_context):
    form = review_form(CRITERIA, SELECTION_LABELS, formdata=posted(
        **{"score-motivation": "4", "recommendation": "maybe", "comments": "Keen."}),
        **NO_CSRF)
    assert form.validate()
    assert form.review_input() == ReviewInput(
        scores={"motivation": 4, "fit": None}, recommendation=Recommendation.MAYBE,
        comments="Keen.")


def test_an_unanswered_draft_gives_no_recommendation_and_empty_comments(request_context):
    form = review_form(CRITERIA, SELECTION_LABELS, formdata=posted(recommendation=""),
                       **NO_CSRF)
    assert form.validate()
    assert form.review_input() == ReviewInput(
        scores={"motivation": None, "fit": None}, recommendation=None, comments="")


@pytest.mark.parametrize("field, value", [
    ("score-motivation", "6"), ("score-fit", "-1"), ("recommendation", "perhaps")])
def test_a_choice_off_the_form_is_refused(request_context, field, value):
    form = review_form(CRITERIA, SELECTION_LABELS, formdata=posted(**{field: value}),
                       **NO_CSRF)
    assert not form.validate()
    assert list(form.errors) == [field]


def test_a_saved_draft_fills_the_form_and_comes_back_unchanged(request_context):
    draft = Review(scores={"fit": 2}, recommendation=Recommendation.NO, comments="Unsure.")
    form = review_form(CRITERIA, SELECTION_LABELS, **NO_CSRF)
    form.fill_from(draft)
    assert form.score_field("fit").data == 2
    assert form.score_field("motivation").data is None
    assert form.recommendation.data == "no"
    assert form.comments.data == "Unsure."
    assert form.review_input() == ReviewInput(
        scores={"motivation": None, "fit": 2}, recommendation=Recommendation.NO,
        comments="Unsure.")
    form.fill_from(Review(scores={}, recommendation=None, comments=""))
    assert form.recommendation.data is None and form.score_field("fit").data is None


def test_a_conflict_reason_has_a_length_limit(request_context):
    assert ConflictForm(formdata=posted(reason="Former student."), **NO_CSRF).validate()
    too_long = ConflictForm(formdata=posted(reason="x" * 5001), **NO_CSRF)
    assert not too_long.validate() and list(too_long.errors) == ["reason"]


MACROS = ('{% from "lms/reviews/_review.html" import your_review, other_reviews '
          'with context %}{{ your_review(review_page) }}{{ other_reviews(review_page) }}')


def _page(own: Review | None, others: list[Review]) -> ReviewPage:
    scheme = ReviewScheme(title="Admissions 2027", criteria=CRITERIA)
    assignment = ReviewAssignment(id=7, subject=ReviewSubject(scheme=scheme, title="Ana"))
    return ReviewPage(assignment=assignment, form=review_form(CRITERIA, SELECTION_LABELS),
                      own=own, others=others, recommendation_labels=SELECTION_LABELS)


def test_the_shared_macros_show_the_form_until_the_review_is_submitted(request_context):
    html = render_template_string(MACROS, review_page=_page(None, []))
    assert len(re.findall(r'type="radio"', html)) == 2 * 6 + 3
    assert 'name="score-motivation"' in html and 'name="comments"' in html
    assert "Yes: select" in html
    assert 'name="action" value="save"' in html and 'name="action" value="submit"' in html
    assert "The other members' reviews" not in html


def test_the_shared_macros_show_a_submitted_review_and_the_others(request_context):
    when = dt.datetime(2027, 1, 5, tzinfo=dt.UTC)
    own = Review(scores={"motivation": 5, "fit": 1}, recommendation=Recommendation.YES,
                 comments="Strong.", saved_at=when, submitted_at=when)
    other = Review(scores={"motivation": 2, "fit": 2}, recommendation=Recommendation.NO,
                   comments="Weak fit.", saved_at=when, submitted_at=when,
                   assignment=ReviewAssignment(reviewer=User(email="two@example.org",
                                                             display_name="Member Two")))
    html = render_template_string(MACROS, review_page=_page(own, [other]))
    assert 'type="radio"' not in html
    # (5×3 + 1×1) / 4 and (2×3 + 2×1) / 4.
    assert "4.00" in html and "2.00" in html
    assert "Yes: select" in html and "No: do not select" in html
    assert "Member Two" in html and "Weak fit." in html and "Strong." in html

