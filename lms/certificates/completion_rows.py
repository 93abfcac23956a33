"""The completion screen's table rows, written in one pass: a page shows twenty-five trainees,
and the template's loop over them (a lookup for each attribute, an escape for each value, a
call for each link and translation) cost more than assessing them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from lms.certificates.models import Outcome
from lms.curriculum.standing_lines import missing_count, missing_link
from lms.i18n import template_helpers
from lms.programs.models import EnrollmentStatus

if TYPE_CHECKING:  # the screen writes its rows with this module
    from lms.certificates.queries import CompletionScreen


def completion_rows(screen: CompletionScreen, active: bool, grades_link: str,
                    certificate_link: str, decide_link: str) -> Markup:
    """Each trainee's row: her name leading to her grades (``grades_link``: their start, which
    her id and "/grades" follow), the outcome completing gives (or gave) and who decided it,
    how many things she lacks (leading to her grades), her certificate, and, while the cohort
    is ``active``, the link to deciding for her. The links end with the row's id."""
    helpers = template_helpers()
    _, locale = helpers["_"], helpers["current_locale"]
    withdrawn = escape(_("withdrawn"))
    completed = Markup('<span class="status status-active">%s</span>') % _("completed")
    not_completed = Markup('<span class="status status-cancelled">%s</span>') % _(
        "not completed")
    met = escape(_("Nothing: the rule is met."))
    revoked = Markup(' <span class="status status-cancelled">%s</span>') % _("revoked")
    certificate_link, decide_link = escape(certificate_link), escape(decide_link)
    written = []
    for row in screen.page.items:
        enrollment = row.enrollment
        name = enrollment.user.display_name
        her_grades = f"{grades_link}{enrollment.id}/grades"
        outcome = row.decided
        if outcome is None:
            shown, missing = withdrawn, "—"
        else:
            shown = completed if outcome == Outcome.COMPLETED else not_completed
            missing = met if row.assessment.meets_rule else missing_link(
                missing_count(row.assessment), her_grades, locale)
        if row.override is not None:
            shown = Markup('%s<p class="hint">%s</p>') % (shown, _(
                "Decided by %(name)s: %(reason)s", name=row.override.decided_by.display_name,
                reason=row.override.reason))
        certificate = row.certificate
        if certificate is None:
            held = "—"
        else:
            held = (Markup('<a href="%s%s">%s</a>') % (certificate_link, certificate.id,
                                                      certificate.serial)
                    + (revoked if certificate.is_revoked else ""))
        decide = ""
        if active:
            decide = "\n    <td></td>"
            if enrollment.status == EnrollmentStatus.ACTIVE:
                decide = Markup('\n    <td><a href="%s%s">%s</a></td>') % (
                    decide_link, enrollment.id, _("Decide for %(name)s", name=name))
        written.append(
            f'\n  \n  \n  <tr>\n    <th scope="row"><a href="{escape(her_grades)}">'
            f"{escape(name)}</a></th>\n    <td>{shown}</td>\n    <td>{missing}</td>\n"
            f"    <td>{held}</td>{decide}\n  </tr>\n  ")
    return Markup("".join(written))  # noqa: S704 - each value is escaped above
