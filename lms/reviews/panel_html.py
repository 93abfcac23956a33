"""The staff's review panel of one subject (lms.reviews.plain_panel), written in Python: the
same bytes as the ``reviewers_table`` and ``submitted_reviews`` macros of
lms/reviews/_staff.html write, which a domain's page puts in their place. Through the macros,
a lookup for each attribute, an escape for each value and a call for each translation cost
more than reading the panel."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from markupsafe import Markup, escape

from lms.home_words import words
from lms.i18n import current_locale
from lms.reviews.models import AssignmentStatus
from lms.reviews.plain_panel import PlainPanel
from lms.reviews.staff_pages import figure


def reviewers_table_html(panel: PlainPanel, due_link: Callable[[int], str] | None) -> Markup:
    """What ``reviewers_table(panel.assignments, panel, due_endpoint, application_id)`` writes;
    ``due_link`` gives the address of an assignment's due date page by its id (given when the
    macro's ``due_endpoint`` is)."""
    said = words()
    _, when = said.gettext, said.format_when
    if not panel.assignments:
        return Markup("\n\n  \n  <p>%s</p>\n  \n") % _(
            "Nobody has been asked to review this application yet.")
    head = _head(_)
    written = [head.reviewers]
    for row in panel.assignments:
        name = escape(row.reviewer_name)
        written.append(f'\n      <tr>\n        <th scope="row">{name}</th>\n'
                       f'        <td>{escape(when(row.assigned_at))}</td>\n        ')
        if row.status == AssignmentStatus.CONFLICT:
            declared = escape(_("declared %(when)s", when=when(row.conflict_declared_at)))
            written.append(
                f"\n        <td><strong>{head.conflict}</strong>: "
                f'{escape(row.conflict_reason)}<br><span class="hint">{declared}'
                f"</span></td>\n        <td>{head.not_counted}</td>\n"
                "        <td>—</td>\n        ")
        else:
            finished = row.submitted_at is not None
            if finished:
                review = escape(_("submitted %(when)s", when=when(row.submitted_at)))
                due = escape(said.format_day(row.due_on) or "—")
            else:
                review = escape(_("draft") if row.review_id is not None else _("not started"))
                due = panel.due(row).words
                if due_link is not None:
                    due = Markup('%s<br><a href="%s">%s<span class="visually-hidden"> (%s)'
                                 "</span></a>") % (due, due_link(row.id),
                                                   _("Change the due date"), name)
            written.append(f"\n        \n        <td>{head.asked}</td>\n"
                           f"        <td>{review}</td>\n        <td>{due}</td>\n        ")
        written.append("\n      </tr>\n    ")
    written.append("\n    </tbody>\n  </table>\n  </div>\n  \n")
    return Markup("".join(written))  # noqa: S704 - each value is escaped above


def submitted_reviews_html(panel: PlainPanel,
                           recommendation_labels: Mapping[Any, Any]) -> Markup:
    """What ``submitted_reviews(panel, recommendation_labels, figure)`` writes."""
    said = words()
    _ = said.gettext
    head = _head(_)
    written = [head.reviews]
    summary = panel.summary
    if summary and summary.count:
        written.append(Markup("\n  <p>%s</p>\n  ") % said.ngettext(
            "%(num)d review submitted; weighted average %(average)s of 5, spread %(spread)s "
            "(highest minus lowest).",
            "%(num)d reviews submitted; weighted average %(average)s of 5, spread %(spread)s "
            "(highest minus lowest).", summary.count, average=figure(summary.average),
            spread=figure(summary.spread)))
    written.append("\n  ")
    if not panel.reviews:
        written.append(head.no_reviews)
        return Markup("".join(written))  # noqa: S704 - each value is escaped above
    criteria = panel.criteria
    keys = tuple((criterion["key"], criterion["label"], criterion["weight"])
                 for criterion in criteria)
    locale = current_locale()
    heads = _KEPT_HEADS.get((keys, locale))
    if heads is None:
        if len(_KEPT_HEADS) >= 64:  # a few schemes in a few languages
            _KEPT_HEADS.clear()
        heads = _KEPT_HEADS[keys, locale] = "".join(
            Markup('<th scope="col">%s <span class="hint">(%s)</span></th>') % (
                label, _("weight %(weight)d", weight=weight)) for _key, label, weight in keys)
    written.append(f"{head.reviews_table}\n      {heads}{head.reviews_table_end}")
    labels = _labels(recommendation_labels, locale)
    scored = [key for key, _label, _weight in keys]
    for row, weighted in panel.reviews:
        scores = "".join(f"<td>{escape(row.scores.get(key, '—'))}</td>" for key in scored)
        recommendation = labels[row.recommendation] if row.recommendation else "—"
        written.append(f'\n      <tr>\n        <th scope="row">{escape(row.reviewer_name)}</th>'
                       f"\n        {scores}\n        <td>{escape(figure(weighted))}</td>\n"
                       f"        <td>{recommendation}</td>\n      </tr>\n    ")
    written.append(head.comments)
    for row, _weighted in panel.reviews:
        heading = escape(_("%(name)s, %(when)s", name=row.reviewer_name,
                           when=said.format_when(row.submitted_at)))
        written.append(f'\n  <article class="panel">\n    <h4>{heading}</h4>\n    '
                       f"{text_block_html(row.comments)}\n  </article>\n  ")
    written.append("\n  \n</section>\n")
    return Markup("".join(written))  # noqa: S704 - each value is escaped above


class _Head(NamedTuple):
    """The panel's fixed parts in one language, translated and escaped."""

    reviewers: str
    conflict: str
    not_counted: str
    asked: str
    reviews: str
    no_reviews: str
    reviews_table: str
    reviews_table_end: str
    comments: str


#: Each language's fixed parts, written once: the catalogues do not change while the app runs.
_KEPT: dict[str, _Head] = {}


def _head(gettext: Callable[..., str]) -> _Head:
    locale = current_locale()
    kept = _KEPT.get(locale)
    if kept is None:
        kept = _KEPT[locale] = _head_in(gettext)
    return kept


def _head_in(gettext: Callable[..., str]) -> _Head:
    def _(text: str) -> Markup:
        return escape(gettext(text))

    reviewers, committee_member, asked_on = _("Reviewers"), _("Committee member"), _("Asked on")
    status, review, due = _("Status"), _("Review"), _("Due")
    no_reviews = _("No review has been submitted yet.")
    caption, reviewer = _("Submitted reviews: scores from 0 to 5"), _("Reviewer")
    weighted, recommendation = _("Weighted score"), _("Recommendation")
    comments, reviews = _("Reviewers' comments"), _("Reviews")
    return _Head(
        reviewers='\n\n  \n  <div class="table-scroll" role="region" '
        'aria-labelledby="reviewers-caption" tabindex="0">\n  <table class="data-table">\n'
        f'    <caption id="reviewers-caption" class="visually-hidden">{reviewers}</caption>\n'
        f'    <thead><tr>\n      <th scope="col">{committee_member}</th><th scope="col">'
        f'{asked_on}</th>\n      <th scope="col">{status}</th><th scope="col">{review}</th>\n'
        f'      <th scope="col">{due}</th>\n    </tr></thead>\n    <tbody>\n    ',
        conflict=_("conflict of interest"), not_counted=_("does not count"),
        asked=_("asked to review"),
        reviews='\n\n<section aria-labelledby="reviews-heading">\n'
        f'  <h2 id="reviews-heading">{reviews}</h2>\n  ',
        no_reviews=f"\n  <p>{no_reviews}</p>\n  \n</section>\n",
        reviews_table='\n  <div class="table-scroll" role="region" '
        'aria-labelledby="reviews-caption" tabindex="0">\n  <table class="data-table">\n'
        f'    <caption id="reviews-caption" class="visually-hidden">{caption}</caption>\n'
        f'    <thead><tr>\n      <th scope="col">{reviewer}</th>',
        reviews_table_end=f'\n      <th scope="col">{weighted}</th><th scope="col">'
        f"{recommendation}</th>\n    </tr></thead>\n    <tbody>\n    ",
        comments=f"\n    </tbody>\n  </table>\n  </div>\n  <h3>{comments}</h3>\n  ")


#: The criteria's headings of each scheme, by its criteria and language.
_KEPT_HEADS: dict[tuple[tuple[tuple[str, str, int], ...], str], str] = {}

#: Labels as the template writes them (escape, as ``{{ }}`` does), by the labels' mapping
#: (each domain's constant) and language: a lazy label is translated anew at each use.
_KEPT_LABELS: dict[tuple[int, str], tuple[Mapping[Any, Any], dict[Any, Markup]]] = {}


def _labels(labels: Mapping[Any, Any], locale: str) -> dict[Any, Markup]:
    key = (id(labels), locale)
    kept = _KEPT_LABELS.get(key)
    if kept is None or kept[0] is not labels:
        kept = _KEPT_LABELS[key] = (labels, {value: escape(label)
                                             for value, label in labels.items()})
    return kept[1]


def text_block_html(text: str | None) -> Markup:
    """What the ``text_block`` macro (lms/macros/widgets.html) writes: blank lines part
    paragraphs, single newlines break lines."""
    paragraphs = _paragraphs(text)
    if not paragraphs:
        return Markup('\n\n\n<p class="muted">%s</p>\n\n') % words().gettext("(not given)")
    written = "".join(f"\n<p>{paragraph}</p>\n" for paragraph in paragraphs)
    return Markup(f"\n\n{written}\n")  # noqa: S704 - escaped by _paragraphs


def prose_html(text: str | None) -> Markup:
    """What lms.reviews.staff_pages.text_html writes, for a page of many texts: the same
    paragraphs, escaped once as a whole rather than line by line."""
    paragraphs = _paragraphs(text)
    if not paragraphs:
        return Markup('<p class="muted">%s</p>\n') % words().gettext("(not given)")
    written = "".join(f"<p>{paragraph}</p>\n" for paragraph in paragraphs)
    return Markup(written)  # noqa: S704 - escaped by _paragraphs


def _paragraphs(text: str | None) -> list[str]:
    """The text's paragraphs (parted by blank lines), escaped, each line break a ``<br>``.
    Escaping first changes nothing else: it leaves every newline and space where it was, and
    what it writes neither starts nor ends with a space."""
    escaped = str(escape((text or "").replace("\r\n", "\n")))
    return [paragraph.strip().replace("\n", "<br>") for paragraph in escaped.split("\n\n")
            if paragraph.strip()]
