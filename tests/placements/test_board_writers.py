"""The placement board writes its rows and its pager in Python (lms.placements.board_html):
the same bytes as the template's loop and the pagination macro they replace, in both
languages, for every kind of cell; and the board still pages, counts and guards as before."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import pytest
from flask import render_template_string, url_for
from sqlalchemy import select

from lms.pager_html import pager_html
from lms.pagination import Page
from lms.placements import board_html, services
from lms.placements.board_cells import BoardEvaluation, BoardPlacement, placements_of_trainees
from lms.placements.models import Evaluation, EvaluationKind, Placement
from lms.placements.queries import (
    BoardCell,
    BoardRow,
    BoardTrainee,
    PlacementBoard,
    Practicum,
    placement_board,
)
from tests import factories
from tests.conftest import PAGE_QUERIES, login
from tests.placements.conftest import PRACTICUM_OPENS, place_more_trainees, placement_details

#: board.html's loop over the rows as it was before board_html wrote them.
OLD_ROWS = (Path(__file__).parent / "board_rows_before.html").read_text(encoding="utf-8")

PAGER = """{% from "lms/macros/pagination.html" import pager %}{{ pager(page,
'lms.placements.board', cohort_id=cohort_id) }}"""

COHORT_ID = 7
DAY = dt.date(2026, 7, 6)


def _module(number, slug, title):
    return SimpleNamespace(id=number, slug=slug, title=title)


def _placement(enrollment_id, module_id, *, facility="Sakura no Sato", supervisor="",
               missing=0, evaluations=(), days="6 Jul 2026 – 11 Sep 2026"):
    return BoardPlacement(enrollment_id, module_id, DAY, DAY + dt.timedelta(days=60), days,
                          facility, supervisor, missing, list(evaluations))


def _board():
    """Three practicums and rows of every kind of cell: not placed, placed with and without
    a supervisor, checks to do (one, several, none), evaluations read and not, overlaps of
    one and two modules, and names and words to escape everywhere."""
    modules = [_module(1, "first", "Facility practicum I"),
               _module(2, "second&<x>", "Practicum \"II\" <b>"),
               _module(3, "third", "Care & 'community'")]
    practicums = [Practicum(module, DAY, DAY + dt.timedelta(days=60)) for module in modules]
    unread = BoardEvaluation(11, EvaluationKind.MID_PLACEMENT, None)
    read = BoardEvaluation(12, EvaluationKind.FINAL, dt.datetime(2026, 9, 1, tzinfo=dt.UTC))
    trainees = [BoardTrainee(35, "Amihan Reyes"), BoardTrainee(36, "O'Brien <Siobhán> & Co"),
                BoardTrainee(37, "山田 花子"), BoardTrainee(38, "")]
    cells = [
        [BoardCell(practicums[0], _placement(35, 1, supervisor="Mori Yuki", missing=1,
                                             evaluations=[unread, read]), [modules[1]]),
         BoardCell(practicums[1], None, []),
         BoardCell(practicums[2], _placement(35, 3, facility="Hikari's <home> & \"co\"",
                                             missing=5), modules[:2], ahead=True)],
        [BoardCell(practicums[0], None, []),
         BoardCell(practicums[1], _placement(36, 2, supervisor="<Ishii> & 'Noriko'",
                                             evaluations=[read], days="1 – 2 <Jan>"), []),
         BoardCell(practicums[2], None, [])],
        [BoardCell(practicum, _placement(37, practicum.module.id, facility="さくらの里",
                                         evaluations=[unread]), [])
         for practicum in practicums],
        [BoardCell(practicum, None, []) for practicum in practicums]]
    rows = [BoardRow(trainee, row) for trainee, row in zip(trainees, cells, strict=True)]
    return PlacementBoard(None, practicums, Page(rows, 1, 25, len(rows)))  # type: ignore[arg-type]


def _written(board, prefix=""):
    return "  " + str(board_html.rows_html(
        board, prefix + url_for("lms.placements.board", cohort_id=COHORT_ID),
        prefix + url_for("lms.placements.evaluation", evaluation_id=0).removesuffix("0")))


def test_the_rows_are_written_as_the_template_wrote_them_in_each_language(app):
    """In English, Japanese and English again: the words kept for a language are its own."""
    board = _board()
    for language in ("en", "ja", "en", "ja"):
        with app.test_request_context("/", headers={"Accept-Language": language}):
            template = render_template_string(OLD_ROWS, board=board, cohort_id=COHORT_ID)
            written = _written(board)
        assert written == template
        assert "O&#39;Brien &lt;Siobhán&gt; &amp; Co" in written
        assert "/cohorts/7/placements/36/second&amp;&lt;x&gt;/readiness" in written
        assert ("実習先未定" in written) == (language == "ja")
    # Addresses with characters to escape (an app under a path with them) are escaped once.
    with app.test_request_context("/"):
        prefixed, plain = _written(board, "/a&b"), _written(board)
    assert prefixed.count("/a&amp;b/cohorts/7/placements/") == 18
    assert prefixed.count("/a&amp;b/placements/evaluations/1") == 6
    assert prefixed.replace("/a&amp;b/", "/") == plain
    empty = PlacementBoard(None, board.practicums, Page([], 1, 25, 0))  # type: ignore[arg-type]
    with app.test_request_context("/"):
        assert _written(empty) == render_template_string(OLD_ROWS, board=empty,
                                                         cohort_id=COHORT_ID)


@pytest.mark.parametrize("language", ["en", "ja"])
@pytest.mark.parametrize(("number", "total", "more"), [
    (1, 0, False), (1, 25, False), (1, 26, False), (2, 26, False), (1, 80, False),
    (2, 80, False), (4, 80, False), (3, 80, True)])
def test_the_pager_is_written_as_the_macro_wrote_it(app, language, number, total, more):
    page = Page([], number, 25, total, more)
    with app.test_request_context("/", headers={"Accept-Language": language}):
        macro = render_template_string(PAGER, page=page, cohort_id=COHORT_ID)
        board_url = url_for("lms.placements.board", cohort_id=COHORT_ID)
        written = str(pager_html(page, lambda number: f"{board_url}?page={number}"))
    assert written == macro


def _as(client, email):
    client.delete_cookie("kakehashi_session")
    assert login(client, email).status_code == 302, email


def test_a_page_past_the_last_shows_the_last_and_the_count_is_the_cohorts(
        client, db, year, count_queries):
    """30 trainees more (32 in all, the mentor and another cohort's trainee not counted): two
    pages; a page past them shows the second, at two queries more than a page that exists
    (its empty page, then the count and the last page, as before)."""
    place_more_trainees(db, year, 30)
    _as(client, "staff@example.org")
    board = f"/cohorts/{year['cohort'].id}/placements"
    assert client.get(board).status_code == 200  # what a first visit reads once
    pages = {}
    for asked in ("", "?page=2", "?page=9", "?page=nine"):
        with count_queries() as counter:
            response = client.get(board + asked)
        assert response.status_code == 200
        pages[asked] = (response.get_data(as_text=True), counter.count)
    assert "Page 1 of 2 (32 in all)" in pages[""][0]
    assert "Page 2 of 2 (32 in all)" in pages["?page=2"][0]
    assert pages["?page=9"][0].split("<tbody>")[1] == pages["?page=2"][0].split("<tbody>")[1]
    assert pages["?page=nine"][0].split("<tbody>")[1] == pages[""][0].split("<tbody>")[1]
    assert pages["?page=2"][1] == pages[""][1] <= PAGE_QUERIES
    assert pages["?page=9"][1] == pages[""][1] + 2 <= PAGE_QUERIES
    assert "Other" not in pages[""][0] + pages["?page=2"][0]
    assert "Tanaka Hiroko" not in pages[""][0] + pages["?page=2"][0]


def test_a_cohort_without_trainees_says_so(client, db, year):
    _as(client, "staff@example.org")
    cohort = factories.cohort(db, year["cohort"].course, number=38)
    db.commit()
    page = client.get(f"/cohorts/{cohort.id}/placements").get_data(as_text=True)
    assert "This cohort has no trainees." in page
    assert 'class="pager"' not in page


@pytest.mark.parametrize("email", ["amihan@example.org", "mentor@example.org"])
def test_only_staff_see_the_board(client, db, year, email):
    _as(client, email)
    for asked in ("", "?page=2"):
        assert client.get(f"/cohorts/{year['cohort'].id}/placements{asked}").status_code == 403
    client.delete_cookie("kakehashi_session")
    response = client.get(f"/cohorts/{year['cohort'].id}/placements")
    assert response.status_code in {302, 303}


def test_a_placements_submitted_evaluations_come_in_the_order_they_were_written(
        app, db, year):
    """Three placements with evaluations written in turns (their rows unordered by SQL): each
    has its own submitted ones in order of id, a draft left out; and its checks to do."""
    for enrollment in ("trainee", "classmate"):
        services.place(db, year["staff"], year[enrollment], year["practicum"],
                       placement_details(year), None)
    placements = list(db.scalars(select(Placement).order_by(Placement.id)))
    submitted = dt.datetime(2019, 10, 1, tzinfo=dt.UTC)
    written = []
    for kind in (EvaluationKind.FINAL, EvaluationKind.MID_PLACEMENT):
        for placement in placements:
            evaluation = Evaluation(placement_id=placement.id, kind=kind, form_slug="x",
                                    submitted_at=None if placement is placements[1]
                                    and kind is EvaluationKind.FINAL else submitted)
            db.add(evaluation)
            db.flush()
            written.append(evaluation)
    db.commit()
    with app.test_request_context("/"):
        found = placements_of_trainees(db, [year["trainee"].id, year["classmate"].id])
    first = found[year["trainee"].id, year["practicum"].id]
    second = found[year["classmate"].id, year["practicum"].id]
    assert [evaluation.id for evaluation in first.evaluations] == [
        evaluation.id for evaluation in written if evaluation.placement_id == placements[0].id]
    assert [evaluation.kind for evaluation in first.evaluations] == [
        EvaluationKind.FINAL, EvaluationKind.MID_PLACEMENT]
    assert [evaluation.kind for evaluation in second.evaluations] == [
        EvaluationKind.MID_PLACEMENT]
    assert first.facility_name == "Sakura no Sato"
    assert first.checks_missing == len(placements[0].missing)


def test_the_warnings_counted_on_a_page_are_its_cells(app, db, year):
    """Placed early (reaching into another module, checks to do ahead), placed late (its
    checks done or not once it ended), not placed: the count is the cells' warnings."""
    early = services.place(db, year["staff"], year["trainee"], year["practicum"],
                           placement_details(year, starts_on=PRACTICUM_OPENS
                                             - dt.timedelta(days=3)), None)
    db.commit()
    cohort = year["cohort"]
    for today in (PRACTICUM_OPENS - dt.timedelta(days=10), PRACTICUM_OPENS + dt.timedelta(
            days=400)):
        for done in (False, True):
            for item in early.readiness:
                item.done_on = today if done else None
            db.commit()
            with app.test_request_context("/"), \
                    pytest.MonkeyPatch.context() as patch:
                patch.setattr("lms.placements.queries.utcnow", lambda today=today: dt.datetime(
                    today.year, today.month, today.day, 12, tzinfo=dt.UTC))
                board = placement_board(db, cohort, 1)
            cells = [cell for row in board.page.items for cell in row.cells]
            assert board.warnings_on_page == sum(len(cell.warnings) for cell in cells)
            assert board.warnings_on_page >= 2
