"""A grant round in figures, for staff and for the council's yearly report: applications by
state, what was asked for and awarded, and where the money went, country by country.

Everything comes from one GROUP BY over the round's applications, so the page costs the same
for five applications or five hundred. The figures count exactly what the applications CSV
lists: an application holds money only in an awarded state, as the budget check counts it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import Session

from lms.grants.models import AWARDED_STATES, ApplicationStatus, GrantRound
from lms.grants.tallies import GrantRoundTally
from lms.i18n import _, format_money, ngettext

S = ApplicationStatus

#: The applications that count as asking for money: a draft was never sent, a withdrawn one
#: was taken back.
SUBMITTED_OR_LATER = tuple(status for status in ApplicationStatus
                           if status not in (S.DRAFT, S.WITHDRAWN))


@dataclass
class CountryFigures:
    country: str | None
    applications: int = 0  # submitted or later
    requested: int = 0
    approved: int = 0
    awarded: int = 0


@dataclass
class RoundStatistics:
    grant_round: GrantRound
    by_state: dict[ApplicationStatus, int] = field(default_factory=dict)
    countries: list[CountryFigures] = field(default_factory=list)

    @property
    def submitted_count(self) -> int:
        return sum(self.by_state.get(status, 0) for status in SUBMITTED_OR_LATER)

    @property
    def approved_count(self) -> int:
        return sum(figures.approved for figures in self.countries)

    @property
    def requested_total(self) -> int:
        return sum(figures.requested for figures in self.countries)

    @property
    def awarded_total(self) -> int:
        return sum(figures.awarded for figures in self.countries)

    @property
    def funded_countries(self) -> list[CountryFigures]:
        """Countries with at least one approved program, most money first."""
        return sorted((figures for figures in self.countries if figures.approved),
                      key=lambda figures: (-figures.awarded, figures.country or ""))

    @property
    def budget_left(self) -> int:
        return self.grant_round.budget - self.awarded_total


def round_statistics(db_session: Session, grant_round: GrantRound) -> RoundStatistics:
    rows = db_session.execute(_figures_statement(), {"round_id": grant_round.id}).all()
    # The tallies name no country as "", the applications as None.
    stats = RoundStatistics(grant_round)
    countries: dict[str | None, CountryFigures] = {}
    for country, status, count, requested, awarded in rows:
        stats.by_state[status] = stats.by_state.get(status, 0) + count
        if status not in SUBMITTED_OR_LATER:
            continue
        figures = countries.setdefault(country or None, CountryFigures(country or None))
        figures.applications += count
        figures.requested += int(requested)
        if status in AWARDED_STATES:
            figures.approved += count
            figures.awarded += int(awarded)
    stats.countries = sorted(countries.values(), key=lambda figures: figures.country or "~")
    return stats


@functools.cache
def _figures_statement() -> Select[Any]:
    # Built once, the round a parameter; read from the round's stored tallies
    # (lms.grants.tallies), kept with every write: what staff count is the applications sent,
    # and the drafts (as a number only).
    tally = GrantRoundTally
    return (select(tally.country, tally.status, func.sum(tally.count), func.sum(tally.requested),
                   func.sum(tally.awarded))
            .where(tally.round_id == bindparam("round_id"),
                   tally.sent | (tally.status == ApplicationStatus.DRAFT))
            .group_by(tally.country, tally.status)
            .having(func.sum(tally.count) > 0))


def summary_sentence(stats: RoundStatistics) -> str:
    """"8 programs in 4 countries, ¥7,450,000 awarded of ¥8,000,000 budget"."""
    currency = stats.grant_round.currency
    budget = format_money(stats.grant_round.budget, currency)
    if not stats.approved_count:
        return _("No program approved yet, of a budget of %(budget)s.", budget=budget)
    programs = ngettext("%(num)d program", "%(num)d programs", stats.approved_count)
    countries = ngettext("%(num)d country", "%(num)d countries", len(stats.funded_countries))
    return _("%(programs)s in %(countries)s, %(awarded)s awarded of %(budget)s budget",
             programs=programs, countries=countries,
             awarded=format_money(stats.awarded_total, currency), budget=budget)


# The chart --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    figures: CountryFigures
    top: int
    length: float


@dataclass(frozen=True)
class BarChart:
    """Horizontal bars, one per country: names on the left, bars in the middle, amounts after
    each bar. Sizes are in the SVG's own units; the browser scales the whole drawing."""

    bars: list[Bar]
    width: int = 640
    label_width: int = 190
    bar_area: int = 300
    bar_height: int = 26
    gap: int = 12
    padding: int = 8

    @property
    def height(self) -> int:
        return self.padding * 2 + len(self.bars) * (self.bar_height + self.gap) - self.gap

    @property
    def bar_x(self) -> int:
        return self.label_width + 10

    def text_y(self, bar: Bar) -> float:
        return bar.top + self.bar_height / 2


def awarded_chart(stats: RoundStatistics) -> BarChart:
    chart = BarChart(bars=[])
    funded = stats.funded_countries
    largest = max((figures.awarded for figures in funded), default=0)
    for index, figures in enumerate(funded):
        # A small award still shows as a sliver rather than vanishing.
        length = max(2.0, chart.bar_area * figures.awarded / largest) if largest else 0.0
        chart.bars.append(Bar(figures=figures,
                              top=chart.padding + index * (chart.bar_height + chart.gap),
                              length=round(length, 1)))
    return chart
