"""A committee member's list of reviews writes its rows in Python (lms.reviews.list_html): the
same bytes as the template's loop it replaced, kept here, in both languages and every state a
row can be in; and a member's lists and counts are her own."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import render_template_string
from sqlalchemy import select

from lms.grants import queries as grant_queries
from lms.grants import services
from lms.pagination import Page
from lms.programs.models import Cohort
from lms.reviews import list_html, member_lists
from lms.reviews import services as reviews
from lms.reviews.due import Due
from lms.reviews.member_lists import AssignmentRow
from lms.reviews.models import Recommendation
from lms.reviews.staff_pages import named_countries
from tests.grants.conftest import alumnus, in_review
from tests.grants.test_review_views import SCORES, as_user, text

DESK = "lms.grants_review"
ENDPOINT = "lms.grants_review.review"

#: The loop of ``my_reviews`` in lms/reviews/_lists.html before it was written in Python.
LOOP = """{% set review_link = url_for(review_endpoint, assignment_id=0).removesuffix("0") %}
  {% for row in page.items %}
    <tr>
      <th scope="row"><a href="{{ review_link }}{{ row.assignment_id }}">{{ row.title or untitled }}</a></th>
      <td>{{ row.group_title }}</td>
      <td>{{ country_names.get(row.country, row.country) or "—" }}</td>
      <td>{{ format_when(row.assigned_at) }}</td>
      <td>{% if row.review_submitted %}{{ format_day(row.due.day) or "—" }}{% else %}{{ row.due.words }}{% endif %}</td>
      <td>{% if row.review_submitted %}<span class="status status-active">{{ _("submitted") }}</span>{% elif row.review_started %}{{ _("draft") }}{% else %}<strong>{{ _("not started") }}</strong>{% endif %}</td>
    </tr>
  {% endfor %}"""  # noqa: E501

CALL = """{{ assignment_rows_html(page.items, review_endpoint, country_names, untitled) }}"""

AWKWARD = ["Water <pumps> & \"wells\" for O'Brien's village", "", "  ", "日本語の題 & <b>",
           "{{ 7 * 7 }} %(x)s"]


def _both(items: list[AssignmentRow], untitled: str) -> tuple[str, str]:
    context = {"page": Page(items=items, number=1, per_page=50, total=len(items)),
               "review_endpoint": ENDPOINT, "country_names": named_countries(),
               "untitled": untitled}
    return (render_template_string("  " + LOOP, **context),
            render_template_string("  \n  " + CALL, **context))


@pytest.mark.parametrize("language", ["en", "ja"])
def test_rows_are_written_as_the_loop_wrote_them(app, language):
    """Every state of a row: submitted with and without a due day, a draft, not started and
    overdue, due today, due later or never; titles and rounds to escape or untitled;
    countries known, unknown and none; one shared Due among rows."""
    today = dt.date(2026, 12, 5)
    shared = Due(dt.date(2026, 12, 9), today)
    dues = [Due(None, today), Due(today, today), Due(dt.date(2026, 11, 30), today), shared,
            shared]
    countries = ["PH", "ID", None, "", "QQ"]
    moment = dt.datetime(2026, 3, 1, 23, 30, tzinfo=dt.UTC)
    items = [AssignmentRow(100 + number, title, countries[number % 5],
                           ["Fiscal <2026> & co", "第2回"][number % 2],
                           number % 3 != 0, number % 4 == 1,
                           moment + dt.timedelta(hours=7 * number), dues[number % 5])
             for number, title in enumerate(AWKWARD * 4)]
    with app.test_request_context("/", headers={"Accept-Language": language}):
        loop, written = _both(items, "(untitled) <none>")
        assert _both([], "(untitled)") == ("  \n  ", "  \n  ")
    assert written == loop
    assert "Water &lt;pumps&gt; &amp; &#34;wells&#34; for O&#39;Brien&#39;s" in written
    assert "(untitled) &lt;none&gt;" in written and "Fiscal &lt;2026&gt;" in written
    assert written.count("<tr>") == 20 and 'href="/grants/reviews/119"' in written
    assert ("フィリピン" in written) == (language == "ja")
    if language == "en":
        for said in ("overdue: was due", "due today", "no due date", "submitted", "draft",
                     "not started", "Philippines", "QQ", "—"):
            assert said in written, said


PAGER = ('{% from "lms/macros/pagination.html" import pager %}'
         "{{ pager(page, endpoint, show=show) }}")


@pytest.mark.parametrize("language", ["en", "ja"])
def test_the_pager_is_written_as_the_macro_writes_it(app, language):
    """One page, the first, one between, the last, a capped count, either list."""
    cases = [(1, 50, False), (1, 51, False), (3, 437, False), (9, 437, False), (2, 120, True)]
    with app.test_request_context("/", headers={"Accept-Language": language}):
        for number, total, more in cases:
            for show in (None, "history"):
                page = Page(items=[], number=number, per_page=50, total=total, more=more)
                macro = render_template_string(PAGER, page=page, endpoint=DESK + ".assignments",
                                               show=show)
                written = str(list_html.pager_html(page, DESK + ".assignments", show))
                assert written == macro, (number, total, more, show)
                if number == 3:
                    assert ('href="/grants/reviews/?page=4%s"' % (
                        "&amp;show=history" if show else "")) in written


def _application(db, world, number: int, title: str, member):
    cohort = db.scalar(select(Cohort).where(Cohort.number == 36))
    person = alumnus(db, cohort, f"r{number}@example.org", f"Alum {number}", "PH")
    application = in_review(db, world["staff"], person, world["round"],
                            title=title if title.strip() else "Untitled for now",
                            country="PH", currency="PHP", rate="2.5", lines=(100_000,))
    assignment = services.assign_reviewer(db, world["staff"], application, member)
    if not title.strip():  # none is submitted untitled, but the list says it if ever
        application.title = title
    return assignment


@pytest.mark.parametrize("language", ["en", "ja"])
def test_a_member_s_rows_read_from_the_database_are_written_as_the_loop_wrote_them(
        app, db, world, language):
    member = world["member"]
    assigned = [_application(db, world, number, title, member)
                for number, title in enumerate(AWKWARD[:3])]
    reviews.save_review(db, member, assigned[1], reviews.ReviewInput(
        {"need": 2}, None, "draft"), submit=False)
    reviews.save_review(db, member, assigned[2], reviews.ReviewInput(
        SCORES, Recommendation.YES, ""), submit=True)
    db.commit()
    pages = {}
    for history in (False, True):
        with app.test_request_context("/", headers={"Accept-Language": language}):
            counts = member_lists.my_assignment_counts(
                db, member, grant_queries.reviewed_applications, DESK)
            page = member_lists.my_assignments(db, member, grant_queries.reviewed_applications,
                                               DESK, 1, counts, history=history)
            loop, written = _both(page.items, "(untitled)")
        assert written == loop
        pages[history] = written
        assert len(page.items) == (1 if history else 2)
        assert [row.review_submitted for row in page.items] == ([True] if history
                                                               else [False, False])
    assert "O&#39;Brien" in pages[False] and "(untitled)" in pages[False]
    assert f'<a href="/grants/reviews/{assigned[2].id}">  </a>' in pages[True]


def test_a_member_sees_and_counts_only_her_own_assignments(client, db, world):
    mine = [_application(db, world, number, f"Mine {number}", world["member"])
            for number in range(3)]
    theirs = [_application(db, world, number, f"Theirs {number}", world["member2"])
              for number in range(3, 8)]
    reviews.save_review(db, world["member"], mine[0], reviews.ReviewInput(
        SCORES, Recommendation.YES, ""), submit=True)
    reviews.declare_conflict(db, world["member2"], theirs[0], "My cousin's project")
    db.commit()

    as_user(client, world["member"].email)
    page = text(client.get("/grants/reviews/"))
    history = text(client.get("/grants/reviews/?show=history"))
    assert "To do (2)" in page and "Done or closed (1)" in page
    assert "Conflicts of interest you declared" not in page
    for assignment in mine[1:]:
        assert f'href="/grants/reviews/{assignment.id}"' in page
    assert f'href="/grants/reviews/{mine[0].id}"' in history
    assert "Theirs" not in page + history

    as_user(client, world["member2"].email)
    page = text(client.get("/grants/reviews/"))
    assert "To do (4)" in page and "Done or closed (0)" in page
    assert "Mine" not in page and page.count("Theirs ") == 5  # four to do, one declined
    assert "My cousin&#39;s project" in page
