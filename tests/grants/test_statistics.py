from __future__ import annotations

import pytest
from sqlalchemy import select

from lms.grants import applying, decisions, services, statistics
from lms.grants.decisions import DecisionInput
from lms.grants.models import ApplicationStatus
from lms.grants.services import DecisionOutcome
from lms.programs.models import Cohort
from tests.grants.conftest import alumnus, complete_input, in_review, submitted

S = ApplicationStatus


@pytest.fixture
def request_context(app):
    """format_money and the plural forms read the request's language."""
    with app.test_request_context("/"):
        yield


def _approve(db, world, application, amount: int) -> None:
    decisions.decide(db, world["staff"], application,
                     DecisionInput(DecisionOutcome.APPROVED, amount=amount))


def _people(db, count: int, country: str):
    cohort = db.scalar(select(Cohort).where(Cohort.number == 36))
    return [alumnus(db, cohort, f"{country.lower()}{number}@example.org",
                    f"{country} {number}", country) for number in range(count)]


def _in_review(db, world, person, country: str):
    return in_review(db, world["staff"], person, world["round"], country=country,
                     currency="PHP", rate="2.5", lines=(100_000,))


def test_figures_count_what_reached_staff_and_money_only_when_awarded(db, world):
    grant_round = world["round"]
    _approve(db, world, in_review(db, world["staff"], world["alumna"], grant_round), 900_000)
    thai = [_in_review(db, world, person, "TH") for person in _people(db, 3, "TH")]
    _approve(db, world, thai[0], 200_000)
    _approve(db, world, thai[1], 150_000)
    decisions.decide(db, world["staff"], thai[2],
                     DecisionInput(DecisionOutcome.REJECTED, message="Not this year."))
    korean = submitted(db, world["alumnus"], grant_round, country="KR", currency="KRW",
                       rate="0.11", lines=(5_000_000,))
    applying.withdraw(db, world["alumnus"], korean)
    draft = applying.start_application(db, _people(db, 1, "VN")[0], grant_round)
    applying.save_draft(db, draft.applicant, draft, complete_input(country="VN",
                                                                   currency="VND"))
    unsent = applying.start_application(db, _people(db, 1, "LK")[0], grant_round)
    applying.withdraw(db, unsent.applicant, unsent)  # never sent: not counted at all
    db.commit()

    stats = statistics.round_statistics(db, grant_round)
    assert stats.by_state == {S.APPROVED: 3, S.REJECTED: 1, S.WITHDRAWN: 1, S.DRAFT: 1}
    assert stats.submitted_count == 4
    assert stats.approved_count == 3
    assert stats.awarded_total == 1_250_000 == services.awarded_total(db, grant_round)
    # The requested total counts what reached staff: neither the withdrawn nor the draft.
    assert stats.requested_total == 930_000 + 3 * 250_000
    assert [(f.country, f.approved, f.awarded) for f in stats.funded_countries] == [
        ("ID", 1, 900_000), ("TH", 2, 350_000)]
    thailand = next(f for f in stats.countries if f.country == "TH")
    assert (thailand.applications, thailand.requested) == (3, 750_000)
    assert stats.budget_left == grant_round.budget - 1_250_000


def test_the_sentence_counts_programs_and_countries(db, world, request_context):
    stats = statistics.round_statistics(db, world["round"])
    assert statistics.summary_sentence(stats) == \
        "No program approved yet, of a budget of ¥10,000,000."
    _approve(db, world, in_review(db, world["staff"], world["alumna"], world["round"]),
             900_000)
    stats = statistics.round_statistics(db, world["round"])
    assert statistics.summary_sentence(stats) == \
        "1 program in 1 country, ¥900,000 awarded of ¥10,000,000 budget"
    for person in _people(db, 7, "PH"):
        _approve(db, world, _in_review(db, world, person, "PH"), 250_000)
    stats = statistics.round_statistics(db, world["round"])
    assert statistics.summary_sentence(stats) == \
        "8 programs in 2 countries, ¥2,650,000 awarded of ¥10,000,000 budget"


def test_the_chart_draws_the_largest_award_full_length_and_keeps_small_ones_visible(
        db, world):
    _approve(db, world, in_review(db, world["staff"], world["alumna"], world["round"]),
             900_000)
    [thai] = [_in_review(db, world, person, "TH") for person in _people(db, 1, "TH")]
    _approve(db, world, thai, 1)
    [filipino] = [_in_review(db, world, person, "PH") for person in _people(db, 1, "PH")]
    _approve(db, world, filipino, 225_000)
    chart = statistics.awarded_chart(statistics.round_statistics(db, world["round"]))
    assert [bar.figures.country for bar in chart.bars] == ["ID", "PH", "TH"]
    assert [bar.length for bar in chart.bars] == [chart.bar_area, chart.bar_area / 4, 2.0]
    tops = [bar.top for bar in chart.bars]
    assert tops == sorted(tops) and len(set(tops)) == 3
    last = chart.bars[-1]
    assert last.top + chart.bar_height + chart.padding == chart.height
    # The amounts written after the bars stay inside the drawing.
    assert chart.bar_x + chart.bar_area + 8 < chart.width - 100


def test_no_award_no_bars(db, world):
    in_review(db, world["staff"], world["alumna"], world["round"])
    chart = statistics.awarded_chart(statistics.round_statistics(db, world["round"]))
    assert chart.bars == []
