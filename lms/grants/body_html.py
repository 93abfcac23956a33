"""What an application says, read-only, for staff and the committee, written in Python: its
facts, its eight texts and its budget, from the live application's snapshot or a kept version
(the same keys). Through a macro, the lookups, escapes and translations of some sixty values
cost a third of the staff's application page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from markupsafe import Markup, escape

from lms.grants.services import CATEGORY_LABELS
from lms.home_words import words
from lms.i18n import country_name, current_locale, format_money
from lms.reviews.panel_html import prose_html


class _Words(NamedTuple):
    """The body's fixed words in one language, escaped."""

    country: str
    organization: str
    role: str
    reach: str
    sections: tuple[tuple[str, str], ...]
    budget: str
    local_currency: str
    exchange_rate: str
    total_stated: str
    requested: str
    lines: str
    line: str
    category: str
    pays_for: str
    amount: str
    no_lines: str
    #: Each category's label as the template wrote it (a lazy label is translated anew at
    #: each use), by the category's value.
    categories: dict[str, str]


def _words_in(gettext: Callable[..., str]) -> _Words:
    _ = gettext
    sections = (
        ("problem", _("The problem the project addresses")),
        ("use_of_learning", _("Use of what was learned in Japan")),
        ("objectives", _("Objectives")),
        ("activities", _("Activities and timeline")),
        ("beneficiaries", _("Who benefits")),
        ("indicators", _("How success is measured")),
        ("risks", _("Risks and how they are handled")),
        ("co_funding", _("Other funding")))
    return _Words(
        escape(_("Country of the project")), escape(_("Organization")),
        escape(_("Applicant's role")), escape(_("People the project will reach")),
        tuple((key, escape(label)) for key, label in sections), escape(_("Budget")),
        escape(_("Local currency")), escape(_("Exchange rate")), escape(_("Total stated")),
        escape(_("Requested")), escape(_("Budget lines")), escape(_("Line")),
        escape(_("Category")), escape(_("What it pays for")), escape(_("Amount")),
        escape(_("No budget lines.")),
        {str(category): escape(label) for category, label in CATEGORY_LABELS.items()})


#: Each language's words, written once: the catalogues do not change while the app runs.
_KEPT: dict[str, _Words] = {}


def application_body(content: dict[str, Any], currency: str, level: int = 2) -> Markup:
    """``content`` as lms.grants.applying.snapshot gives it, with amounts converted to the
    round's ``currency``; its headings are of ``level``. The same bytes as the
    ``application_body`` macro wrote."""
    _ = words().gettext
    locale = current_locale()
    said = _KEPT.get(locale) or _KEPT.setdefault(locale, _words_in(_))
    h = f"h{level}"
    local = content["local_currency"]
    count = content["beneficiary_count"]
    written = [
        f'\n\n\n\n<dl class="facts">\n  <dt>{said.country}</dt><dd>'
        f'{escape(country_name(content["country"], locale) or "—")}</dd>\n'
        f'  <dt>{said.organization}</dt><dd>{escape(content["organization"] or "—")}</dd>\n'
        f'  <dt>{said.role}</dt><dd>{escape(content["applicant_role"] or "—")}</dd>\n'
        f'  <dt>{said.reach}</dt><dd>{escape(count if count is not None else "—")}</dd>\n'
        "</dl>\n"]
    for key, label in said.sections:
        written.append(f'\n<{h}>{label}</{h}>\n<div class="prose">'
                       f"{prose_html(content[key])}</div>\n")
    rate_text = content["exchange_rate"]
    rate = float(rate_text) if rate_text else None
    stated = content["stated_total"]
    rate_words = escape(_("1 %(local)s = %(rate)s %(currency)s", local=local or "",
                          rate=rate_text, currency=currency)) if rate_text else "—"
    stated_words = escape(format_money(stated, local, locale)) \
        if stated is not None and local else "—"
    written.append(
        f'\n<{h}>{said.budget}</{h}>\n\n<dl class="facts">\n'
        f"  <dt>{said.local_currency}</dt><dd>{escape(local or '—')}</dd>\n"
        f"  <dt>{said.exchange_rate}</dt><dd>{rate_words}</dd>\n"
        f"  <dt>{said.total_stated}</dt><dd>{stated_words}</dd>\n"
        f"  <dt>{said.requested}</dt><dd>"
        f'{escape(format_money(content["requested_amount"], currency, locale))}</dd>\n</dl>\n')
    lines = content["budget_lines"]
    if not lines:
        written.append(f"\n<p>{said.no_lines}</p>\n\n")
        return Markup("".join(written))  # noqa: S704 - each value is escaped above
    converted = escape(_("In %(currency)s", currency=currency))
    written.append(
        f'\n<div class="table-scroll" role="region" aria-label="{said.lines}" tabindex="0">\n'
        f'<table class="data-table">\n  <caption class="visually-hidden">{said.lines}'
        f'</caption>\n  <thead><tr>\n    <th scope="col">{said.line}</th>'
        f'<th scope="col">{said.category}</th>\n'
        f'    <th scope="col">{said.pays_for}</th>\n'
        f'    <th scope="col">{said.amount}</th>\n'
        f'    <th scope="col">{converted}</th>\n'
        "  </tr></thead>\n  <tbody>\n  ")
    for number, line in enumerate(lines, 1):
        amount = line["local_amount"]
        category = said.categories.get(line["category"])
        if category is None:
            category = escape(line["category"])
        # As the template's `round | int`: Python's rounding of the float, half to even.
        in_round = escape(format_money(int(round(amount * rate, 0)), currency, locale)) \
            if rate is not None else "—"
        written.append(
            f'\n    <tr>\n      <th scope="row">{number}</th>\n'
            f"      <td>{category}</td>\n"
            f'      <td>{escape(line["description"])}</td>\n'
            f"      <td>{escape(format_money(amount, local, locale) if local else amount)}</td>\n"
            f"      <td>{in_round}</td>\n    </tr>\n  ")
    written.append("\n  </tbody>\n</table>\n</div>\n\n")
    return Markup("".join(written))  # noqa: S704 - each value is escaped above
