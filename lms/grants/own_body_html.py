"""What an application says, as its applicant reads it on her application's page, written in
Python: the same bytes as the ``application_body``, ``budget_table`` and ``paragraphs`` macros
of lms/grants/templates/lms/grants/_application_body.html wrote. Through the macros, the
call of a macro per text, and the lookup, escape and translation of each of some sixty
values, cost a fifth of the page (0.5 of 2.6 ms in-process for the bench's alumna)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING

from babel.numbers import format_decimal
from markupsafe import escape

from lms.grants.services import CATEGORY_LABELS
from lms.home_words import words
from lms.i18n import country_name, format_money

if TYPE_CHECKING:
    from lms.grants.models import GrantApplication, GrantRound

#: The texts of the project, each the application's attribute and its heading's key in the words.
_PROJECT_TEXTS = ("problem", "use_of_learning", "objectives", "activities", "beneficiaries")
_RISK_TEXTS = ("indicators", "risks")


def _words_in(gettext: Callable[..., str]) -> dict[str, str]:
    """The body's fixed words in one language, escaped; each category's label by its value
    under ``category:`` (a lazy label is translated anew at each use)."""
    _ = gettext
    said = {
        "not_written": _("Not written yet."),
        "about": _("The applicant and the organization"),
        "country": _("Country where the project takes place"),
        "organization": _("Organization"), "role": _("Applicant's role"),
        "project": _("The project"),
        "problem": _("The problem the project addresses"),
        "use_of_learning": _("How the project uses what was learned in Japan"),
        "objectives": _("Objectives"), "activities": _("Activities and timeline"),
        "beneficiaries": _("Who benefits"),
        "reach": _("Number of people the project will reach"),
        "indicators": _("How success will be measured"),
        "risks": _("Risks and how they will be handled"),
        "budget": _("Budget"), "currency": _("Currency of the budget"),
        "exchange_rate": _("Exchange rate"), "co_funding": _("Other funding and contributions"),
        "line": _("Line"), "category": _("Category"),
        "pays_for": _("What it pays for"), "amount": _("Amount"),
        "no_lines": _("No budget lines yet."), "lines_total": _("Total of the lines"),
        "stated": _("Total stated by the applicant"),
        "give_rate": _("— give the exchange rate —")}
    said.update((f"category:{category}", label) for category, label in CATEGORY_LABELS.items())
    return {key: str(escape(text)) for key, text in said.items()}


#: Each language's words, written once: the catalogues do not change while the app runs.
_KEPT: dict[str, dict[str, str]] = {}


def words_in(locale: str) -> dict[str, str]:
    said = _KEPT.get(locale)
    if said is None:
        said = _KEPT[locale] = _words_in(words().gettext)
    return said


def paragraphs_html(text: str | None, not_written: str) -> str:
    """The ``paragraphs`` macro: the text's paragraphs (parted by blank lines), each line break
    a ``<br>``; ``not_written`` (escaped) if there are none. Escaping first changes nothing
    else: it leaves every newline and space where it was."""
    escaped = str(escape(text or ""))
    written = "".join("<p>" + paragraph.strip().replace("\n", "<br>") + "</p>"
                      for paragraph in escaped.split("\n\n") if paragraph.strip())
    return f"\n{written}\n" if written else f'\n<p class="muted">{not_written}</p>\n'


@functools.lru_cache(maxsize=4096)
def _number(amount: int, locale: str) -> str:
    # Kept for the few thousand amounts a process writes: babel parsed the language and the
    # pattern again for each, a third of the cost of the body's budget (0.1 ms of 0.3).
    return format_decimal(amount, locale=locale)


def own_body_html(application: GrantApplication, grant_round: GrantRound, lines_total: int,
                  locale: str) -> str:
    """The ``application_body`` macro's bytes for ``application`` of ``grant_round`` (its
    lines adding up to ``lines_total``), in ``locale``: escaped markup."""
    said = words_in(locale)
    _ = words().gettext
    not_written = said["not_written"]
    local = application.local_currency
    count = application.beneficiary_count
    written = [
        f'\n<section aria-labelledby="about-heading">\n'
        f'  <h2 id="about-heading">{said["about"]}</h2>\n  <dl class="facts">\n'
        f'    <dt>{said["country"]}</dt><dd>'
        f'{escape(country_name(application.country, locale) or "—")}</dd>\n'
        f'    <dt>{said["organization"]}</dt><dd>{escape(application.organization or "—")}</dd>\n'
        f'    <dt>{said["role"]}</dt><dd>{escape(application.applicant_role or "—")}</dd>\n'
        '  </dl>\n</section>\n<section aria-labelledby="project-heading">\n'
        f'  <h2 id="project-heading">{said["project"]}</h2>\n']
    for text in _PROJECT_TEXTS:
        written.append(f"  <h3>{said[text]}</h3>\n"
                       f"  {paragraphs_html(getattr(application, text), not_written)}\n")
    written.append(f'  <dl class="facts">\n    <dt>{said["reach"]}</dt><dd>'
                   f'{count if count is not None else "—"}</dd>\n  </dl>\n')
    for text in _RISK_TEXTS:
        written.append(f"  <h3>{said[text]}</h3>\n"
                       f"  {paragraphs_html(getattr(application, text), not_written)}\n")
    rate = application.exchange_rate
    rate_words = escape(_("1 %(local)s = %(rate)s %(currency)s", local=local or "?",
                          rate=format(rate, "f"), currency=grant_round.currency)) \
        if rate else "—"
    written.append(
        '</section>\n<section aria-labelledby="money-heading">\n'
        f'  <h2 id="money-heading">{said["budget"]}</h2>\n  <dl class="facts">\n'
        f'    <dt>{said["currency"]}</dt><dd>{escape(local or "—")}</dd>\n'
        f'    <dt>{said["exchange_rate"]}</dt><dd>{rate_words}</dd>\n  </dl>\n'
        f"  {_budget_table(application, grant_round, lines_total, locale, said)}\n"
        f'  <h3>{said["co_funding"]}</h3>\n'
        f"  {paragraphs_html(application.co_funding, not_written)}\n</section>\n")
    return "".join(written)


def _budget_table(application: GrantApplication, grant_round: GrantRound, lines_total: int,
                  locale: str, said: dict[str, str]) -> str:
    """The ``budget_table`` macro's bytes."""
    _ = words().gettext
    local = application.local_currency

    def local_money(amount: int | None) -> str:
        # As lms.grants.views.local_money: a number and the code the applicant typed.
        if amount is None:
            return ""
        number = _number(amount, locale)
        return f"{number} {local}" if local else number

    caption = escape(_("Budget, in %(currency)s", currency=local or _("your currency")))
    written = [
        '\n<div class="table-scroll" role="region" aria-labelledby="budget-caption" '
        'tabindex="0">\n<table class="data-table">\n'
        f'  <caption id="budget-caption">{caption}</caption>\n  <thead>\n    <tr>\n'
        f'      <th scope="col">{said["line"]}</th>\n'
        f'      <th scope="col">{said["category"]}</th>\n'
        f'      <th scope="col">{said["pays_for"]}</th>\n'
        f'      <th scope="col">{said["amount"]}</th>\n    </tr>\n  </thead>\n  <tbody>\n    ']
    for number, line in enumerate(application.budget_lines, 1):
        written.append(
            f'\n    <tr>\n      <th scope="row">{number}</th>\n'
            f'      <td>{said.get(f"category:{line.category}", "")}</td>\n'
            f"      <td>{escape(line.description)}</td>\n"
            f"      <td>{escape(local_money(line.local_amount))}</td>\n    </tr>\n    ")
    if not application.budget_lines:
        written.append(f'\n    <tr><td colspan="4">{said["no_lines"]}</td></tr>\n    ')
    stated = application.stated_total
    requested = (escape(format_money(application.requested_amount, grant_round.currency,
                                     locale))
                 if application.exchange_rate else said["give_rate"])
    requested_in = escape(_("Requested, in %(currency)s", currency=grant_round.currency))
    written.append(
        "\n  </tbody>\n  <tfoot>\n    <tr>\n"
        f'      <th scope="row" colspan="3">{said["lines_total"]}</th>\n'
        f"      <td>{escape(local_money(lines_total))}</td>\n    </tr>\n    <tr>\n"
        f'      <th scope="row" colspan="3">{said["stated"]}</th>\n'
        f'      <td>{escape(local_money(stated)) if stated is not None else "—"}</td>\n'
        "    </tr>\n    <tr>\n"
        f'      <th scope="row" colspan="3">{requested_in}</th>\n'
        f"      <td>{requested}</td>\n    </tr>\n  </tfoot>\n</table>\n</div>\n")
    return "".join(written)
