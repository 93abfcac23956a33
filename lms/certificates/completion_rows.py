"""The completion screen's table rows, written in one pass: a page shows twenty-five trainees,
and the template's loop over them (a lookup for each attribute, an escape for each value, a
call for each link and translation) cost more than assessing them. Each word said in many rows
is translated and escaped once a page, each count of what is missing once a count."""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from lms.certificates.models import Outcome
from lms.curriculum.standing_lines import missing_link
from lms.i18n import current_locale, domain
from lms.programs.models import EnrollmentStatus

if TYPE_CHECKING:  # the screen writes its rows with this module
    from lms.certificates.queries import CompletionScreen


def completion_rows(screen: CompletionScreen, active: bool, grades_link: str,
                    certificate_link: str, decide_link: str) -> Markup:
    """Each trainee's row: her name leading to her grades (``grades_link``: their start, which
    her id and "/grades" follow), the outcome completing gives (or gave) and who decided it,
    how many things she lacks (leading to her grades), her certificate, and, while the cohort
    is ``active``, the link to deciding for her. The links end with the row's id."""
    translations = domain.get_translations()
    _, locale = translations.ugettext, current_locale()
    withdrawn = escape(_("withdrawn"))
    completed = Markup('<span class="status status-active">%s</span>') % _("completed")
    not_completed = Markup('<span class="status status-cancelled">%s</span>') % _(
        "not completed")
    met = escape(_("Nothing: the rule is met."))
    revoked = Markup(' <span class="status status-cancelled">%s</span>') % _("revoked")
    # The translated sentences, escaped, filled below with values escaped (escaping goes
    # character by character, so this is the escape of the sentence filled).
    decided_by = str(escape(_("Decided by %(name)s: %(reason)s")))
    decide_for = str(escape(_("Decide for %(name)s")))
    certificate_link, decide_link = escape(certificate_link), escape(decide_link)
    grades_link = escape(grades_link)
    # What is missing, by count: its words, with a mark where her link goes.
    missing_words: dict[int, tuple[str, str]] = {}
    no_decide = "\n    <td></td>" if active else ""
    written = []
    for row in screen.page.items:
        enrollment_id = row.enrollment_id
        name = escape(row.name)
        her_grades = f"{grades_link}{enrollment_id}/grades"
        outcome = row.decided
        if outcome is None:
            shown, missing = withdrawn, "—"
        else:
            shown = completed if outcome == Outcome.COMPLETED else not_completed
            count = row.missing
            if not count:
                missing = met
            else:
                words = missing_words.get(count)
                if words is None:
                    words = missing_words[count] = str(
                        missing_link(count, "\0", locale)).split("\0")
                missing = f"{words[0]}{her_grades}{words[1]}"
        if row.override is not None:
            hint = decided_by % {"name": escape(row.decided_by),
                                 "reason": escape(row.override_reason)}
            shown = f'{shown}<p class="hint">{hint}</p>'
        if row.certificate_id is None:
            held = "—"
        else:
            held = (f'<a href="{certificate_link}{row.certificate_id}">{escape(row.serial)}</a>'
                    f"{revoked if row.revoked else ''}")
        decide = no_decide
        if active and row.status == EnrollmentStatus.ACTIVE:
            decide = (f'\n    <td><a href="{decide_link}{enrollment_id}">'
                      f"{decide_for % {'name': name}}</a></td>")
        written.append(
            f'\n  \n  \n  <tr>\n    <th scope="row"><a href="{her_grades}">'
            f"{name}</a></th>\n    <td>{shown}</td>\n    <td>{missing}</td>\n"
            f"    <td>{held}</td>{decide}\n  </tr>\n  ")
    return Markup("".join(written))  # noqa: S704 - each value is escaped above
