"""The body of a grant round's staff page written in Python (as lms.home.page_html writes the
home's): its facts, budget, links, the filter by state and the list's table around its rows
(lms.grants.round_table). The template's forty calls of translations, url_for, money and the
progress macro, each looked up through Jinja's context, cost a sixth of the page; here the
page's fixed words are translated and escaped once a language, the reader's language looked up
once a page, and the links built once an app (lms.links.link_to).

It writes what lms/grants/templates/lms/grants/staff_round.html wrote, to the byte."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import NamedTuple

from markupsafe import Markup, escape

from lms.grants.models import ApplicationStatus, GrantRound
from lms.grants.queries import RoundFigures
from lms.home_words import words
from lms.i18n import current_locale, format_money, pgettext
from lms.links import link_to
from lms.navigation import fixed_url
from lms.pagination import Page

S = ApplicationStatus

#: The round's links, in the order the page lists them, with their words (_Words.actions).
_ACTIONS = ("lms.grants_staff.decisions", "lms.grants_staff.statistics",
            "lms.grants_staff.export_applications", "lms.grants_staff.export_reviews",
            "lms.grants_staff.edit_round")


class _Words(NamedTuple):
    """The page's fixed words in one language, escaped."""

    breadcrumb: str
    rounds: str
    fiscal_year: str
    applications_open: str
    open_now: str
    largest_award: str
    progress_due: str
    final_due: str
    being_written: str
    #: The words of each of _ACTIONS, in its order.
    actions: tuple[str, ...]
    applications: str
    all: str
    by_state: str
    none_in_state: str
    none_sent: str
    #: The list's table up to its rows.
    table_head: str


def _words_in(gettext: Callable[..., str]) -> _Words:
    _ = gettext
    applications = str(escape(pgettext("grants", "Applications")))
    heads = (_("Application"), pgettext("grants", "Applicant"), _("Country"), _("Requested"),
             _("State"), _("Reviews"), _("Weighted average (0–5)"), _("Spread"), _("Awarded"))
    cells = [f'<th scope="col">{escape(head)}</th>' for head in heads]
    table_head = (
        '<div class="table-scroll" role="region" aria-labelledby="applications-caption" '
        'tabindex="0">\n<table class="data-table">\n'
        f'  <caption id="applications-caption" class="visually-hidden">{applications}'
        "</caption>\n  <thead><tr>\n"
        f"    {cells[0]}{cells[1]}\n    {cells[2]}{cells[3]}\n    {cells[4]}{cells[5]}\n"
        f"    {cells[6]}{cells[7]}\n    {cells[8]}\n  </tr></thead>\n  <tbody>\n")
    return _Words(
        *(str(escape(text)) for text in (
            _("Breadcrumb"), _("Grant rounds"), _("Fiscal year"),
            pgettext("grants", "Applications open"), _("open now"), _("Largest award"),
            _("Progress report due"), _("Final report due"), _("Being written"))),
        actions=tuple(str(escape(text)) for text in (
            _("Record a committee meeting's decisions"), _("Statistics"),
            _("Download the applications (CSV)"), _("Download the reviews (CSV)"),
            _("Change the round"))),
        applications=applications, all=str(escape(_("All"))),
        by_state=str(escape(_("Show applications by state"))),
        none_in_state=str(escape(_("No application is in this state."))),
        none_sent=str(escape(_("No application has been sent to this round yet."))),
        table_head=table_head)


#: Each language's words, written once: the catalogues do not change while the app runs.
_KEPT: dict[str, _Words] = {}


def round_body(grant_round: GrantRound, figures: RoundFigures, page: Page[object],
               status: ApplicationStatus | None, rows: Markup, pager: Markup,
               now: dt.datetime, state_names: Mapping[ApplicationStatus, str]) -> Markup:
    """The page's content: ``rows`` and ``pager`` are the list's, written by
    lms.grants.round_table; ``state_names`` each state's label in the reader's words."""
    said = words()
    when, day = said.format_when, said.format_day
    locale = current_locale()
    kept = _KEPT.get(locale)
    if kept is None:
        kept = _KEPT[locale] = _words_in(said.gettext)
    currency = grant_round.currency

    def money(amount: int) -> str:
        return format_money(amount, currency, locale)

    round_id = grant_round.id
    out = [f'\n<nav aria-label="{kept.breadcrumb}" class="breadcrumb">\n'
           f'  <a href="{escape(fixed_url("lms.grants_staff.rounds"))}">{kept.rounds}</a>\n'
           f"</nav>\n<h1>{escape(grant_round.title)}</h1>\n"
           f'<dl class="facts">\n'
           f"  <dt>{kept.fiscal_year}</dt><dd>{grant_round.fiscal_year}</dd>\n"
           f"  <dt>{kept.applications_open}</dt>"
           f"<dd>{escape(when(grant_round.opens_at))} – {escape(when(grant_round.closes_at))}"]
    if grant_round.is_open_at(now):
        out.append(f" ({kept.open_now})")
    out.append(f"</dd>\n  <dt>{kept.largest_award}</dt>"
               f"<dd>{escape(money(grant_round.largest_award))}</dd>\n  ")
    if grant_round.progress_report_due_on:
        out.append(f"<dt>{kept.progress_due}</dt>"
                   f"<dd>{escape(day(grant_round.progress_report_due_on))}</dd>")
    out.append("\n  ")
    if grant_round.final_report_due_on:
        out.append(f"<dt>{kept.final_due}</dt>"
                   f"<dd>{escape(day(grant_round.final_report_due_on))}</dd>")
    out.append("\n  ")
    drafts = figures.counts.get(S.DRAFT)
    if drafts:
        written = said.ngettext("%(num)d draft not yet sent (only its author sees it)",
                                "%(num)d drafts not yet sent (only their authors see them)",
                                drafts)
        out.append(f"<dt>{kept.being_written}</dt><dd>{escape(written)}</dd>")
    awarded = figures.awarded
    out.append("\n</dl>\n")
    out.append(_progress_bar(
        awarded / grant_round.budget if grant_round.budget else 0,
        said.gettext("%(awarded)s awarded of %(budget)s budget, %(left)s left",
                     awarded=money(awarded), budget=money(grant_round.budget),
                     left=money(grant_round.budget - awarded)),
        "budget-used"))
    out.append('\n<ul class="action-list">\n')
    for endpoint, label in zip(_ACTIONS, kept.actions, strict=True):
        out.append(f'  <li><a href="{escape(link_to(endpoint, "round_id")(round_id))}">'
                   f"{label}</a></li>\n")
    heading = f": {escape(state_names[status])}" if status else ""
    out.append(f'</ul>\n\n<section aria-labelledby="applications-heading">\n'
               f'<h2 id="applications-heading">{kept.applications}{heading}</h2>\n'
               f'<nav aria-label="{kept.by_state}">\n'
               f'  <ul class="action-list">\n    <li>')
    if status:
        out.append(f'<a href="{escape(link_to("lms.grants_staff.round", "round_id")(round_id))}">'
                   f"{kept.all}</a>")
    else:
        out.append(f'<strong aria-current="page">{kept.all}</strong>')
    out.append("</li>\n    ")
    for each in S:
        count = figures.counts.get(each)
        if each == S.DRAFT or not count:
            continue
        name = f"{escape(state_names[each])} ({count})"
        if each == status:
            out.append(f'\n    <li><strong aria-current="page">{name}</strong></li>\n    ')
        else:
            link = link_to("lms.grants_staff.round", "round_id", status=each.value)(round_id)
            out.append(f'\n    <li><a href="{escape(link)}">{name}</a></li>\n    ')
    out.append("\n  </ul>\n</nav>\n\n")
    if page.items:
        out.append(f"{kept.table_head}  {rows}\n  </tbody>\n</table>\n</div>\n{pager}\n")
    elif status:
        out.append(f"<p>{kept.none_in_state}</p>\n")
    else:
        out.append(f"<p>{kept.none_sent}</p>\n")
    out.append("\n</section>\n")
    return Markup("".join(out))  # noqa: S704 - each value is escaped above


def _progress_bar(share: float, label: str, id_: str) -> str:
    """What lms/macros/progress.html's ``progress_bar`` wrote (its ``round`` filter rounds as
    Python's round does)."""
    percent = round(share * 100)
    return (f'\n\n<div class="progress">\n  <label for="{escape(id_)}">{escape(label)}</label>\n'
            f'  <progress id="{escape(id_)}" max="100" value="{percent}">{percent}%</progress>\n'
            f'  <span class="progress-figure">{percent}%</span>\n</div>\n')
