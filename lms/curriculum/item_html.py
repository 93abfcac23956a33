"""A lesson's or an assignment's page between its kept parts (curriculum.reading.item_parts):
her deadline, the way to her answer or her progress, written in Python. Every trainee reads
these pages all year, and the template's calls for these few lines (translations, the address,
the token) cost more than the page's kept parts; the same bytes as the template wrote."""

from __future__ import annotations

import datetime as dt

from flask import url_for
from markupsafe import Markup, escape

from lms.curriculum.reading import ItemPage
from lms.home_words import words
from lms.security import csrf_token


def item_content(page: ItemPage, due_at: dt.datetime | None) -> Markup:
    """The page's content: its kept head, text and pager (``page.parts``, never None on a page
    open to her) with what is hers between them."""
    said = words()
    _ = said.gettext
    parts, item, reader = page.parts, page.item, page.reader
    if parts is None:
        raise ValueError("a locked item's page shows none of it (lms/curriculum/locked.html)")
    out = [f"\n\n{parts.head}\n  "]
    if due_at:
        due = _("Due %(when)s", when=said.format_when(due_at))
        out.append(f'\n  <p class="due">{escape(due)}')
        if item.points:
            points = said.ngettext("%(num)d point", "%(num)d points", item.points)
            out.append(f" · {escape(points)}")
        out.append("</p>\n  ")
    out.append(f"\n{parts.text}\n\n")
    if reader.enrollment is not None and not item.is_lesson:
        address = url_for("lms.assignments.work", cohort_id=reader.cohort.id, slug=item.slug)
        answer = _("Write and hand in your answer")
        out.append(f'\n<p><a class="button" href="{escape(address)}">{escape(answer)}</a></p>\n')
    out.append("\n")
    if reader.enrollment is not None and item.is_lesson:
        out.append(_progress(parts.course_url, item.slug, reader.lesson_done))
    out.append(f"\n\n{parts.pager}\n")
    return Markup("".join(out))  # noqa: S704 - each value is escaped above or is markup


def _progress(course_url: str, slug: str, done: bool) -> str:
    _ = words().gettext
    action = f"{escape(course_url)}/{escape(slug)}"
    token = escape(csrf_token())
    heading = escape(_("Your progress"))
    if done:
        said = escape(_("You have marked this lesson as done."))
        undo = escape(_("Mark as not done"))
        form = (f"\n  <p>{said}</p>\n"
                f'  <form method="post" action="{action}/undo">\n'
                f'    <input type="hidden" name="csrf_token" value="{token}">\n'
                f'    <button type="submit" class="button-secondary">{undo}</button>\n'
                f"  </form>\n  ")
    else:
        mark = escape(_("Mark as done"))
        form = (f'\n  <form method="post" action="{action}/done">\n'
                f'    <input type="hidden" name="csrf_token" value="{token}">\n'
                f'    <button type="submit" class="button">{mark}</button>\n'
                f"  </form>\n  ")
    return (f'\n<section id="progress" class="panel" aria-labelledby="progress-heading">\n'
            f'  <h2 id="progress-heading">{heading}</h2>\n  {form}\n</section>\n')
