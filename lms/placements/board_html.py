"""The rows of a cohort's placement board, written in Python: fifty cells of links, days,
checks and evaluations, whose template loops, lookups and escapes cost more than reading the
board. It writes what board.html's loop over the rows wrote, to the byte (tests keep the loop
to compare)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from markupsafe import Markup, escape

from lms.home_words import words
from lms.i18n import current_locale
from lms.placements.evaluations import KIND_LABELS

if TYPE_CHECKING:
    from lms.placements.queries import PlacementBoard


class _Words(NamedTuple):
    """The cells' fixed words in one language: escaped when a cell writes them as they are,
    raw when a value goes in first (the template escaped the filled line)."""

    all_done: str
    not_placed: str
    not_read: str
    supervisor_line: str
    overlaps_line: str
    place_line: str
    #: Each evaluation kind's label, escaped, by kind.
    kinds: dict[str, str]


def _words_in(gettext: Callable[..., str]) -> _Words:
    _ = gettext
    return _Words(escape(_("Before it: all done")), escape(_("Not placed")),
                  escape(_("(not yet read by her)")), _("Supervisor: %(name)s"),
                  _("Overlaps: %(modules)s"), _("Place %(name)s"),
                  {kind: escape(str(label)) for kind, label in KIND_LABELS.items()})


#: Each language's words, written once: the catalogues do not change while the app runs.
_KEPT: dict[str, _Words] = {}


def rows_html(board: PlacementBoard, board_url: str, evaluations_url: str) -> Markup:
    """The board's rows (its ``<tbody>``'s content), a cell linking to the placement at
    ``board_url``/her enrollment's id/the practicum's slug and to an evaluation at
    ``evaluations_url`` followed by its id."""
    said = words()
    kept = _kept(said.gettext)
    ngettext = said.ngettext
    # The parts of the addresses escaped once (escaping text escapes each of its characters:
    # the parts escaped are the whole escaped), kept as plain text (Markup would escape again
    # what is added to it); and the facilities' names and the days once a page: most cells
    # repeat them.
    board_url, evaluations_url = str(escape(board_url)), str(escape(evaluations_url))
    slugs = [str(escape(practicum.module.slug)) for practicum in board.practicums]
    escaped: dict[str, str] = {}
    out = ["\n  \n  \n  \n  \n  \n  "]
    for row in board.page.items:
        trainee = row.trainee
        trainee_url = f"{board_url}/{trainee.enrollment_id}/"
        out.append(f'\n    <tr><th scope="row">{escape(trainee.display_name)}</th>\n    ')
        for cell, slug in zip(row.cells, slugs, strict=True):
            place_url = trainee_url + slug
            placement = cell.placement
            if placement is None:
                out.append(
                    f'\n      <td>\n      \n        <p class="status status-cancelled">'
                    f"{kept.not_placed}</p>\n        <a href=\"{place_url}\">"
                    f"{escape(kept.place_line % {'name': trainee.display_name})}</a>\n      "
                    "\n      </td>\n    ")
                continue
            facility, days = placement.facility_name, placement.days
            facility = escaped.get(facility) or escaped.setdefault(facility, str(escape(facility)))
            days = escaped.get(days) or escaped.setdefault(days, str(escape(days)))
            supervisor = (f'<br><span class="muted">'
                          f"{escape(kept.supervisor_line % {'name': placement.supervisor_name})}"
                          "</span>" if placement.supervisor_name else "")
            missing = placement.checks_missing
            checks = escape(ngettext("Before it: %(num)d check to do",
                                     "Before it: %(num)d checks to do", missing)
                            ) if missing else kept.all_done
            out.append(f'\n      <td>\n      \n        <a href="{place_url}">{facility}</a>\n'
                       f"        <br>{days}\n        {supervisor}\n"
                       f'        \n        <br><a href="{place_url}/readiness">{checks}</a>'
                       "\n        ")
            for evaluation in placement.evaluations:
                unread = ("" if evaluation.acknowledged_at
                          else f' <span class="muted">{kept.not_read}</span>')
                out.append(f'\n        <br><a href="{evaluations_url}{evaluation.id}">'
                           f"{kept.kinds[evaluation.kind]}</a>{unread}\n        ")
            overlaps = (f'<p class="status status-cancelled">'
                        f"""{escape(kept.overlaps_line % {'modules': ', '.join(
                            module.title for module in cell.overlaps)})}</p>"""
                        if cell.overlaps else "")
            out.append(f"\n        {overlaps}\n      \n      </td>\n    ")
        out.append("\n    </tr>\n  ")
    return Markup("".join(out))  # noqa: S704 - each value is escaped above


def _kept(gettext: Callable[..., str]) -> _Words:
    locale = current_locale()
    kept = _KEPT.get(locale)
    if kept is None:
        kept = _KEPT[locale] = _words_in(gettext)
    return kept
