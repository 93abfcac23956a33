"""Her placements on her home page, written in Python: where, when, with whom, and how she gets
there. Every home of a placed trainee shows them, and the template's lookups, escapes and
filters for her two placements cost her home more than reading them. The same bytes as the
template's loop wrote (its template, lms/placements/home_section.html, shows what this
writes)."""

from __future__ import annotations

from markupsafe import Markup, escape

from lms.home_words import words
from lms.i18n import current_locale, lang_attr
from lms.links import link_to
from lms.names import in_language
from lms.placements.evaluations import KIND_LABELS
from lms.placements.forms import READINESS_LABELS
from lms.placements.her_placements import HerPlacement
from lms.placements.prefectures import prefecture_name


def placements_html(placements: list[HerPlacement]) -> Markup:
    """Each placement's card, in the order given."""
    said = words()
    _, day = said.gettext, said.format_day
    locale = current_locale()
    evaluation_link = link_to("lms.placements.evaluation", "evaluation_id")
    dates, address = escape(_("Dates")), escape(_("Address"))
    written = []
    for placement in placements:
        facility = placement.facility
        parts = [
            f'\n<article class="placement" aria-labelledby="placement-{placement.id}">\n'
            f'  <h3 id="placement-{placement.id}"><span{lang_attr(placement.title_language, locale)}>'  # noqa: E501
            f"{escape(placement.module_title)}</span>: "
            f"{escape(in_language(facility.name, facility.name_ja, locale))}</h3>\n"
            f'  <dl class="facts">\n'
            f"    <dt>{dates}</dt><dd>{escape(day(placement.starts_on))} – "
            f"{escape(day(placement.ends_on))}</dd>\n"
            f"    <dt>{address}</dt><dd>{escape(prefecture_name(facility.prefecture, locale))} "
            f"{escape(facility.city)}"]
        if facility.address:
            parts.append(f'<br><span lang="ja">{escape(facility.address)}</span>')
        parts.append("</dd>\n    ")
        if placement.supervisor_name:
            parts.append(f'<dt>{escape(_("On-site supervisor"))}</dt>'
                         f"<dd>{escape(placement.supervisor_name)}</dd>")
        parts.append("\n    ")
        if placement.lodging:
            parts.append(f'<dt>{escape(_("Lodging"))}</dt><dd>{escape(placement.lodging)}</dd>')
        parts.append("\n    ")
        if placement.commute:
            parts.append(f'<dt>{escape(_("Commute"))}</dt><dd>{escape(placement.commute)}</dd>')
        if placement.missing:
            checks = ", ".join(str(READINESS_LABELS[kind]) for kind in placement.missing)
            before = _("Still to do: %(checks)s", checks=checks)
        else:
            before = _("All done.")
        parts.append(f'\n    \n    <dt>{escape(_("Before the placement"))}</dt>'
                     f"<dd>{escape(before)}</dd>\n    ")
        for evaluation in placement.evaluations:
            action = (_("Read it again") if evaluation.acknowledged_at
                      else _("Read it and acknowledge it"))
            parts.append(f"\n    <dt>{escape(str(KIND_LABELS[evaluation.kind]))}</dt>"
                         f'<dd><a href="{escape(evaluation_link(evaluation.id))}">'
                         f"{escape(action)}</a></dd>\n    ")
        parts.append("\n  </dl>\n</article>\n")
        written.append("".join(parts))
    return Markup("".join(written))  # noqa: S704 - each value is escaped above
