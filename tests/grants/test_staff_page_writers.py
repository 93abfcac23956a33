"""The staff's application page writes its review panel and what the application says in
Python (lms.reviews.panel_html, lms.grants.body_html): the same bytes as the macros they
replace, which other pages still use, in every state a reviewer can be in."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import render_template_string

from lms.accounts.models import Role
from lms.accounts.services import create_user
from lms.grants import body_html, services
from lms.grants.staff_forms import RECOMMENDATION_LABELS
from lms.links import link_to
from lms.reviews import panel_html
from lms.reviews import queries as review_queries
from lms.reviews import services as reviews
from lms.reviews.models import Recommendation
from lms.reviews.plain_panel import plain_panel
from lms.reviews.services import today_in
from lms.reviews.staff_pages import text_html
from tests.conftest import PASSWORD
from tests.grants.conftest import in_review

SCORES = {"need": 4, "learning": 3, "feasibility": 4, "budget": 3, "sustainability": 2}
TEXTS = ["", "  \n\n \r\n ", "One line.", "First <b>&amp;</b> 'quoted'\nsecond line\r\n\r\n"
         "\n\n  Third paragraph  \n  indented\n\n\n\n", "\u00a0nbsp\u00a0\n\nend\t"]

MACROS = """{% from "lms/reviews/_staff.html" import reviewers_table, submitted_reviews
with context %}{{ reviewers_table(panel.assignments, panel, due_endpoint, application_id) }}
--{{ submitted_reviews(panel, recommendation_labels, figure) }}"""


@pytest.mark.parametrize("language", ["en", "ja"])
def test_the_review_panel_is_written_as_the_macros_write_it(app, db, world, language):
    """Two submitted reviews (one with awkward comments, one with none), a draft overdue,
    one not started due today, and a declared conflict, each name to escape."""
    application = in_review(db, world["staff"], world["alumna"], world["round"])
    others = [create_user(db, f"m{n}@example.org", f"Member <{n}> & Co", PASSWORD,
                          [Role.COMMITTEE_MEMBER]) for n in range(3)]
    members = [world["member"], world["member2"], *others]
    assigned = [services.assign_reviewer(db, world["staff"], application, member)
                for member in members[:4]]
    zone = world["round"].zone
    reviews.save_review(db, members[0], assigned[0], reviews.ReviewInput(
        SCORES, Recommendation.YES, TEXTS[3]), submit=True)
    reviews.save_review(db, members[1], assigned[1], reviews.ReviewInput(
        {**SCORES, "need": 0}, Recommendation.NO, ""), submit=True)
    reviews.save_review(db, members[2], assigned[2], reviews.ReviewInput(
        {"need": 2}, None, "draft"), submit=False)
    assigned[2].due_on = today_in(zone) - dt.timedelta(days=3)  # overdue
    assigned[3].due_on = today_in(zone)
    reviews.declare_conflict(db, members[4], services.assign_reviewer(
        db, world["staff"], application, members[4]), "My <cousin> & friend.")
    db.commit()
    headers = {"Accept-Language": language}
    for may_assign in (True, False):
        with app.test_request_context("/", headers=headers):
            due_endpoint = "lms.grants_staff.review_due" if may_assign else None
            macros = render_template_string(
                MACROS, panel=review_queries.review_panel(
                    db, world["staff"], world["round"].review_scheme,
                    application.review_subject, with_committee=True, zone=zone),
                due_endpoint=due_endpoint, application_id=application.id,
                recommendation_labels=RECOMMENDATION_LABELS,
                figure=lambda value: "" if value is None else f"{value:.2f}")
            plain = plain_panel(db.connection(), world["round"].review_scheme.criteria,
                                application.review_subject_id,
                                application.review_subject.owner_id, with_committee=True,
                                zone=zone)
            written = (str(panel_html.reviewers_table_html(plain, link_to(
                due_endpoint, "assignment_id", application_id=application.id)
                if due_endpoint else None)) + "\n--"
                + str(panel_html.submitted_reviews_html(plain, RECOMMENDATION_LABELS)))
        assert written == macros
        assert "Member &lt;0&gt; &amp; Co" in written and "My &lt;cousin&gt;" in written
        assert ("審査" in written) == (language == "ja")
        assert ("/due\"" in written) == may_assign
    if language == "en":
        assert "overdue: was due" in written and "due today" in written
        assert "draft" in written and "not started" in written


def test_an_empty_panel_is_written_as_the_macros_write_it(app, db, world):
    application = in_review(db, world["staff"], world["alumna"], world["round"])
    db.commit()
    with app.test_request_context("/"):
        macros = render_template_string(
            MACROS, panel=review_queries.review_panel(
                db, world["staff"], world["round"].review_scheme, application.review_subject,
                with_committee=True), due_endpoint=None, application_id=application.id,
            recommendation_labels=RECOMMENDATION_LABELS, figure=str)
        plain = plain_panel(db.connection(), world["round"].review_scheme.criteria,
                            application.review_subject_id, world["alumna"].id,
                            with_committee=True)
        written = (str(panel_html.reviewers_table_html(plain, None)) + "\n--"
                   + str(panel_html.submitted_reviews_html(plain, RECOMMENDATION_LABELS)))
    assert written == macros
    assert [row.display_name for row in plain.assignable] == ["Member One", "Member Two"]


@pytest.mark.parametrize("text", [*TEXTS, None])
def test_texts_are_written_as_text_html_and_the_text_block_macro_write_them(app, text):
    with app.test_request_context("/"):
        assert panel_html.prose_html(text) == text_html(text)
        block = render_template_string(
            '{% from "lms/macros/widgets.html" import text_block with context %}'
            "{{ text_block(text) }}", text=text)
        assert panel_html.text_block_html(text) == block


def test_the_body_escapes_and_converts_as_the_page_says(app):
    content = {**{key: "" for key in ("problem", "use_of_learning", "objectives",
                                       "activities", "beneficiaries", "indicators", "risks",
                                       "co_funding")},
               "problem": "<script>alert(1)</script>", "country": "PH",
               "organization": "A & B", "applicant_role": "", "beneficiary_count": 0,
               "local_currency": "PHP", "exchange_rate": "2.5", "stated_total": None,
               "requested_amount": 5, "budget_lines": [
                   {"category": "training", "description": "<i>x</i>", "local_amount": 1},
                   {"category": "unknown", "description": "y", "local_amount": 3}]}
    with app.test_request_context("/"):
        written = body_html.application_body(content, "JPY", 3)
        bare = body_html.application_body({**content, "exchange_rate": None,
                                           "local_currency": None, "budget_lines": []},
                                          "JPY", 2)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in written and "<script>" not in written
    assert "<dd>A &amp; B</dd>" in written and "<dd>0</dd>" in written
    assert "<h3>Objectives</h3>\n<div class=\"prose\"><p class=\"muted\">" in written
    assert "<td>Training and workshops</td>" in written and "<td>unknown</td>" in written
    # 1 × 2.5 and 3 × 2.5 rounded as the template rounded them: half to even.
    assert "<td>¥2</td>" in written and "<td>¥8</td>" in written
    assert "<td>&lt;i&gt;x&lt;/i&gt;</td>" in written
    assert "<p>No budget lines.</p>" in bare and "<dt>Exchange rate</dt><dd>—</dd>" in bare
    assert "<h2>Budget</h2>" in bare
