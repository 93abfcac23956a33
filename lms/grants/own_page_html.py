"""The applicant's page of her grant application, written in Python: the same bytes as the
content block of lms/grants/templates/lms/grants/application.html wrote. For a closed grant
(a decision, two reports, payments, the body), the template's tests, lookups of each
attribute, escapes and calls of the request's translations for some hundred values cost more
than half of the page (1.3 of 2.6 ms in-process)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from lms.grants.models import ApplicationStatus, ReportKind
from lms.grants.own_body_html import own_body_html, paragraphs_html, words_in
from lms.grants.projects import REPORT_KIND_LABELS, REPORT_STATUS_LABELS
from lms.grants.services import EDITABLE_STATES, STATUS_LABELS
from lms.home_words import words
from lms.i18n import current_locale, format_money, format_when, pgettext
from lms.links import link_to
from lms.navigation import fixed_url
from lms.security import csrf_token

if TYPE_CHECKING:
    from lms.grants.models import GrantApplication, GrantRound
    from lms.grants.queries import ApplicationRecord

S = ApplicationStatus
_DECIDED = (S.MORE_INFORMATION, S.APPROVED, S.REJECTED, S.IN_PROGRESS, S.CLOSED)
_AWARDED = (S.APPROVED, S.IN_PROGRESS, S.CLOSED)
_PROJECT = (S.IN_PROGRESS, S.CLOSED)


def _words_in(gettext: Callable[..., str]) -> dict[str, str]:
    """The page's fixed words in one language, escaped; each state's, report's and report
    state's label under ``status:``, ``kind:`` and ``report:`` (lazy labels are translated
    anew at each use)."""
    _ = gettext
    said = {
        "breadcrumb": _("Breadcrumb"), "grants": _("Grants"), "untitled": _("Untitled application"),
        "round": _("Round"), "state": _("State"), "submitted": _("Last submitted"),
        "closes": _("Round closes"), "awarded": _("Awarded"),
        "ineligible": pgettext("grants", "Why the application is not eligible"),
        "more_information": _("The committee asks for more information"),
        "decision": _("The committee's decision"),
        "not_funded": _("The committee decided not to fund this application."),
        "edit_again": _("Edit and submit again"), "edit": _("Edit the application"),
        "withdraw": _("Withdraw the application"),
        "withdraw_why": _("A withdrawn application goes no further and cannot be submitted "
                          "again. While the round is open you may start a new one."),
        "withdraw_button": _("Withdraw this application"),
        "terms": _("The grant terms"), "your_organization": _("your organization"),
        "reports_by_staff": _("You send a progress report and a final report by the dates "
                              "program staff give you, each with what was spent on every "
                              "budget line."),
        "receipts": _("You keep the receipts and records of all spending for five years after "
                      "the final report, and show them to the council when asked."),
        "project_only": _("The grant is used only for the project described in this "
                          "application and for the costs in its budget."),
        "changes": _("You tell program staff at once of any change to the project, its "
                     "timeline, its budget or the organization, and agree changes to the "
                     "budget with them before making them."),
        "returned": _("Money not spent on the project is returned to the council."),
        "accept": _("Accept the grant terms"),
        "reports": _("Reports"), "reports_caption": _("Your reports on the project"),
        "report": _("Report"), "due": _("Due"), "not_started": _("not started"),
        "payments": _("Payments received"),
        "payments_caption": _("Payments of the grant, oldest first"),
        "paid_on": _("Paid on"), "amount": _("Amount"), "reference": _("Reference"),
        "paid_so_far": _("Paid so far"),
        "no_payment": _("No payment has been made yet. Program staff record each payment here "
                        "when they send it."),
        "versions": _("Submitted versions"),
        "versions_hint": _("Each submission is kept as it was sent, so what the committee read "
                           "can always be seen.")}
    said.update((f"status:{status.value}", label) for status, label in STATUS_LABELS.items())
    said.update((f"kind:{kind.value}", label) for kind, label in REPORT_KIND_LABELS.items())
    said.update((f"report:{status.value}", label)
                for status, label in REPORT_STATUS_LABELS.items())
    return {key: str(escape(text)) for key, text in said.items()}


#: Each language's words, written once: the catalogues do not change while the app runs.
_KEPT: dict[str, dict[str, str]] = {}


def _post_button(action: str, label: str, class_: str) -> str:
    """The ``post_button`` macro of lms/macros/forms.html (``label`` escaped)."""
    return (f'\n<form class="inline-form" method="post" action="{escape(action)}">\n'
            f'  <input type="hidden" name="csrf_token" value="{escape(csrf_token())}">\n'
            f'  <button type="submit" class="{class_}">{label}</button>\n</form>\n')


def own_page_html(application: GrantApplication, grant_round: GrantRound,
                  record: ApplicationRecord, lines_total: int) -> Markup:
    """The content of ``application``'s page for its applicant: what is decided and paid,
    what it says (its budget lines adding up to ``lines_total``) and its versions."""
    locale = current_locale()
    helpers = words()
    said = _KEPT.get(locale)
    if said is None:
        said = _KEPT[locale] = _words_in(helpers.gettext)
    _, when = helpers.gettext, helpers.format_when
    status = application.status
    currency = grant_round.currency
    round_title = escape(grant_round.title)
    title = escape(application.title) if application.title else said["untitled"]
    facts = [f'<dt>{said["submitted"]}</dt><dd>{escape(when(application.submitted_at))}</dd>'
             if application.submitted_at else ""]
    if status == S.DRAFT:
        closes = grant_round.closes_at
        your_time = escape(_("Your time: %(when)s", when=when(closes)))
        facts.append(f'<dt>{said["closes"]}</dt><dd>'
                     f"{escape(format_when(closes, zone=grant_round.timezone))}<br>"
                     f'<span class="muted">{your_time}</span></dd>')
    else:
        facts.append("")
    awarded = format_money(application.awarded_amount, currency, locale)
    facts.append(f'<dt>{said["awarded"]}</dt><dd>{escape(awarded)}</dd>'
                 if application.awarded_amount and status in _AWARDED else "")
    written = [
        f'\n<nav aria-label="{said["breadcrumb"]}" class="breadcrumb">\n'
        f'  <a href="{escape(fixed_url("lms.grants.rounds"))}">{said["grants"]}</a> › '
        f"{round_title}\n</nav>\n<h1>{title}</h1>\n"
        f'<dl class="facts">\n  <dt>{said["round"]}</dt><dd>{round_title}</dd>\n'
        f'  <dt>{said["state"]}</dt><dd><span class="status">{said[f"status:{status.value}"]}'
        f'</span></dd>\n  {facts[0]}\n  {facts[1]}\n  {facts[2]}\n</dl>\n\n']
    if status == S.INELIGIBLE and application.screening_reason:
        written.append(
            '\n<section class="panel" aria-labelledby="screening-heading">\n'
            f'  <h2 id="screening-heading">{said["ineligible"]}</h2>\n'
            f"  {_paragraphs(application.screening_reason, locale)}\n</section>\n")
    written.append("\n\n")
    if application.decided_at and status in _DECIDED:
        if status == S.REJECTED:
            outcome = said["not_funded"]
        elif application.awarded_amount and status != S.MORE_INFORMATION:
            outcome = escape(_("The committee awarded %(amount)s.", amount=awarded))
        else:
            outcome = ""
        message = (_paragraphs(application.decision_message, locale)
                   if application.decision_message else "")
        heading = said["more_information" if status == S.MORE_INFORMATION else "decision"]
        decided = escape(_("Decided %(when)s.", when=when(application.decided_at)))
        written.append(
            '\n<section class="panel" aria-labelledby="decision-heading">\n'
            f'  <h2 id="decision-heading">{heading}</h2>\n'
            f"  <p>{decided}\n"
            f"    {outcome}</p>\n  {message}\n</section>\n")
    written.append("\n\n")
    if status in EDITABLE_STATES:
        edit = link_to("lms.grants.edit", "application_id")(application.id)
        label = said["edit_again" if status == S.MORE_INFORMATION else "edit"]
        written.append(f'\n<p><a class="button" href="{escape(edit)}">{label}</a></p>\n')
    written.append("\n")
    if status in (S.DRAFT, S.SUBMITTED):
        withdraw = link_to("lms.grants.withdraw", "application_id")(application.id)
        written.append(
            f'\n<details class="panel">\n  <summary>{said["withdraw"]}</summary>\n'
            f'  <p>{said["withdraw_why"]}</p>\n'
            f'  {_post_button(withdraw, said["withdraw_button"], "button-danger")}\n'
            "</details>\n")
    written.append("\n\n")
    if status == S.APPROVED:
        written.append(_terms_html(application, grant_round, said, awarded))
    written.append("\n\n")
    if status in _PROJECT:
        written.append(_project_html(application, grant_round, record, said, locale))
    written.append(f"\n\n{own_body_html(application, grant_round, lines_total, locale)}\n\n")
    if record.versions:
        written.append(
            '\n<section aria-labelledby="versions-heading">\n'
            f'  <h2 id="versions-heading">{said["versions"]}</h2>\n'
            f'  <p class="hint">{said["versions_hint"]}</p>\n  <ul class="plain-list">\n    ')
        for number, submitted_at in record.versions:
            version = _("Version %(number)d, submitted %(when)s", number=number,
                        when=when(submitted_at))
            written.append(f"\n    <li>{escape(version)}</li>\n    ")
        written.append("\n  </ul>\n</section>\n")
    written.append("\n")
    return Markup("".join(written))  # noqa: S704 - each value is escaped above


def _paragraphs(text: str | None, locale: str) -> str:
    return paragraphs_html(text, words_in(locale)["not_written"])


def _terms_html(application: GrantApplication, grant_round: GrantRound,
                said: dict[str, str], awarded: str) -> str:
    """The grant terms the applicant of an approved application accepts."""
    _, day = words().gettext, words().format_day
    offer = escape(_("The grant of %(amount)s is paid once you accept these terms on behalf of "
                     "yourself and %(organization)s:", amount=awarded,
                     organization=application.organization or _("your organization")))
    progress, final = grant_round.progress_report_due_on, grant_round.final_report_due_on
    reports = escape(_(
        "You send a progress report by %(progress)s and a final report by %(final)s, each "
        "with what was spent on every budget line.", progress=day(progress, "long"),
        final=day(final, "long"))) if progress and final else said["reports_by_staff"]
    accept = link_to("lms.grants.accept_terms", "application_id")(application.id)
    return ('\n<section class="panel" aria-labelledby="terms-heading">\n'
            f'  <h2 id="terms-heading">{said["terms"]}</h2>\n  <p>{offer}</p>\n  <ol>\n'
            f'    <li>{said["project_only"]}</li>\n    <li>{reports}</li>\n'
            f'    <li>{said["receipts"]}</li>\n    <li>{said["changes"]}</li>\n'
            f'    <li>{said["returned"]}</li>\n  </ol>\n'
            f'  {_post_button(accept, said["accept"], "button")}\n</section>\n')


def _project_html(application: GrantApplication, grant_round: GrantRound,
                  record: ApplicationRecord, said: dict[str, str], locale: str) -> str:
    """The reports and payments of a project under way or closed."""
    _, day = words().gettext, words().format_day
    written = [
        '\n<section aria-labelledby="reports-heading">\n'
        f'  <h2 id="reports-heading">{said["reports"]}</h2>\n'
        '  <div class="table-scroll" role="region" aria-labelledby="reports-caption" '
        'tabindex="0">\n  <table class="data-table">\n'
        f'    <caption id="reports-caption" class="visually-hidden">{said["reports_caption"]}'
        "</caption>\n    <thead>\n      <tr>\n"
        f'        <th scope="col">{said["report"]}</th>\n'
        f'        <th scope="col">{said["due"]}</th>\n'
        f'        <th scope="col">{said["state"]}</th>\n      </tr>\n    </thead>\n'
        "    <tbody>\n      "]
    for kind, due in ((ReportKind.PROGRESS, grant_round.progress_report_due_on),
                      (ReportKind.FINAL, grant_round.final_report_due_on)):
        report = record.reports.get(kind)
        label = said[f"kind:{kind.value}"]
        if report or application.status == S.IN_PROGRESS:
            link = link_to("lms.grants.report", "application_id", kind=kind.value)
            label = f'<a href="{escape(link(application.id))}">{label}</a>'
        state = (f'<span class="status">{said[f"report:{report.status.value}"]}</span>'
                 if report else said["not_started"])
        written.append(
            f'\n      \n      <tr>\n        <th scope="row">{label}</th>\n'
            f'        <td>{escape(day(due)) if due else "—"}</td>\n'
            f"        <td>{state}</td>\n      </tr>\n      ")
    written.append(
        "\n    </tbody>\n  </table>\n  </div>\n</section>\n\n"
        '<section aria-labelledby="payments-heading">\n'
        f'  <h2 id="payments-heading">{said["payments"]}</h2>\n  ')
    if not record.payments:
        written.append(f'\n  <p>{said["no_payment"]}</p>\n  \n</section>\n')
        return "".join(written)
    currency = grant_round.currency
    written.append(
        '\n  <div class="table-scroll" role="region" aria-labelledby="payments-caption" '
        'tabindex="0">\n  <table class="data-table">\n'
        f'    <caption id="payments-caption" class="visually-hidden">'
        f'{said["payments_caption"]}</caption>\n    <thead>\n      <tr>\n'
        f'        <th scope="col">{said["paid_on"]}</th>\n'
        f'        <th scope="col">{said["amount"]}</th>\n'
        f'        <th scope="col">{said["reference"]}</th>\n      </tr>\n    </thead>\n'
        "    <tbody>\n      ")
    for payment in record.payments:
        written.append(
            f"\n      <tr>\n        <td>{escape(day(payment.paid_on))}</td>\n"
            f"        <td>{escape(format_money(payment.amount, currency, locale))}</td>\n"
            f"        <td>{escape(payment.reference)}</td>\n      </tr>\n      ")
    paid = format_money(sum(payment.amount for payment in record.payments), currency, locale)
    of_awarded = _("of %(amount)s awarded",
                   amount=format_money(application.awarded_amount, currency, locale))
    written.append(
        "\n    </tbody>\n    <tfoot>\n      <tr>\n"
        f'        <th scope="row">{said["paid_so_far"]}</th>\n'
        f"        <td>{escape(paid)}</td>\n        <td>{escape(of_awarded)}</td>\n"
        "      </tr>\n    </tfoot>\n  </table>\n  </div>\n  \n</section>\n")
    return "".join(written)
