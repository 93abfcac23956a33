"""A trainee's cohort on her home page, written in Python: what to do next, where she stands,
then what is due. Every home of a trainee shows it, and the template's macros, lookups and
escapes for a handful of lines cost her home more than judging her work. The same bytes as
the template (lms/curriculum/home_section.html) it replaces wrote."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from flask import current_app, request, url_for
from markupsafe import Markup, escape

from lms.curriculum.standing_lines import standing_html
from lms.home_words import words
from lms.i18n import current_locale, lang_attr, lang_text

if TYPE_CHECKING:  # the dashboard is written with this module
    from lms.curriculum.dashboard import TraineeDashboard


#: Stand for the cohort's id and an item's slug while a link is built; no real one comes near.
_COHORT_MARK, _SLUG_MARK = "987654321987654321", "zz-slug-mark-zz"
#: What a slug may hold to go into a link as it is (the characters a URL never quotes).
_PLAIN_SLUG = re.compile(r"[A-Za-z0-9_.~-]+")
_LINKS_KEY = "lms_dashboard_links"


def _link(endpoint: str, cohort_id: int, slug: str | None = None) -> str:
    """``url_for(endpoint, cohort_id=..., slug=...)``, built once an app (for where it is
    mounted) with marks where the values go: building each of her links from the URL map
    cost more than writing the rest of the section."""
    if slug is not None and not _PLAIN_SLUG.fullmatch(slug):
        return url_for(endpoint, cohort_id=cohort_id, slug=slug)
    kept: dict[Any, str] = current_app.extensions.setdefault(_LINKS_KEY, {})
    key = (request.script_root, endpoint)
    pattern = kept.get(key)
    if pattern is None:
        values = {"cohort_id": _COHORT_MARK} if slug is None else {
            "cohort_id": _COHORT_MARK, "slug": _SLUG_MARK}
        pattern = kept[key] = url_for(endpoint, **values)
    link = pattern.replace(_COHORT_MARK, str(cohort_id))
    return link if slug is None else link.replace(_SLUG_MARK, slug)


def dashboard_html(dashboard: TraineeDashboard) -> Markup:
    """The section's body for one of her cohorts."""
    said = words()
    _ = said.gettext
    locale = current_locale()
    outline = dashboard.outline
    course = outline.course
    course_lang = course.language
    cohort_id = dashboard.enrollment.cohort_id
    required, done = outline.required_lessons, outline.done_lessons
    share = done / required if required else 0.0
    percent = int(round(share * 100, 0))
    label = escape(said.ngettext(
        "Course progress: %(done)d of %(num)d required lesson done",
        "Course progress: %(done)d of %(num)d required lessons done", required, done=done))
    continue_with = dashboard.continue_with
    course_link = escape(_link("lms.curriculum.outline", cohort_id))
    parts = [
        f'\n\n\n\n\n\n\n\n<div class="progress">\n  <label for="progress-{cohort_id}">{label}'
        f'</label>\n  <progress id="progress-{cohort_id}" max="100" value="{percent}">'
        f'{percent}%</progress>\n  <span class="progress-figure">{percent}%</span>\n</div>\n'
        '\n<p class="button-row">\n  ']
    if continue_with is not None:
        link = escape(_link("lms.curriculum.item", cohort_id, continue_with.slug))
        title = lang_text(continue_with.title, continue_with.shown_language or course_lang,
                          locale)
        said_continue = escape(_("Continue: %(title)s", title=title))
        parts.append(f'<a class="button" href="{link}">{said_continue}</a>')
    parts.append("\n  <a")
    if continue_with is None:
        parts.append(' class="button"')
    go_to_course, your_grades = escape(_("Go to the course")), escape(_("Your grades"))
    parts.append(
        f' href="{course_link}">{go_to_course}</a>\n'
        f'  <a href="{escape(_link("lms.assignments.my_grades", cohort_id))}">'
        f'{your_grades}</a></p>\n')
    if continue_with is None:
        all_done = escape(_("Every required lesson open so far is done."))
        parts.append(f'<p class="muted">{all_done}</p>')
    parts.append("\n")
    asked = course.required_japanese_level
    if dashboard.japanese_levels or asked:
        heading = escape(_("Your Japanese levels"))
        parts.append(f'\n<div class="japanese-levels">\n  <h3 id="japanese-{cohort_id}">'
                     f'{heading}</h3>\n  ')
        if asked:
            rule = escape(_("Completing the program asks %(level)s or higher.",
                            level=asked.value))
            parts.append(f"<p>{rule}</p>")
        parts.append("\n  ")
        if dashboard.japanese_levels:
            parts.append("\n  <ul>\n    ")
            parts.extend(f"<li>{escape(said.format_day(record.assessed_on))}: "
                         f"<strong>{escape(record.level.value)}</strong></li>"
                         for record in dashboard.japanese_levels)
            parts.append("\n  </ul>\n  ")
        else:
            none_yet = escape(_("Your teacher has not recorded a Japanese level yet."))
            parts.append(f'<p class="muted">{none_yet}</p>')
        parts.append("\n</div>\n")
    parts.append("\n")
    if dashboard.work:
        heading = escape(_("Your standing"))
        parts.append(f'\n<div class="standing">\n  <h3>{heading}</h3>\n  '
                     f"{standing_html(dashboard.work.standing, False, locale)}\n</div>\n")
    returned = [
        f'<a href="{escape(_link("lms.assignments.work", cohort_id, item.slug))}"'
        f'{lang_attr(item.shown_language or course_lang, locale)}>{escape(item.title)}</a>'
        for item in dashboard.returned]
    due = [
        f'<a href="{escape(_link("lms.curriculum.item", cohort_id, deadline.item.slug))}"'
        f'{lang_attr(deadline.item.shown_language or course_lang, locale)}>'
        f"{escape(deadline.item.title)}</a>\n        <span class=\"muted\">"
        f"{escape(said.format_when(deadline.due_at))}</span>"
        for deadline in dashboard.due_soon]
    cohort = dashboard.enrollment.cohort
    opening = []
    for view in dashboard.opening_soon:
        module = view.module
        day = said.format_day(cohort.date_of_day(module.opens_day))
        when = _("opened %(day)s", day=day) if view.is_open else _("opens %(day)s", day=day)
        opening.append(f'<a href="{course_link}#module-{escape(module.slug)}"'
                       f'{lang_attr(module.shown_language or course_lang, locale)}>'
                       f"{escape(module.title)}</a>\n        \n"
                       f'        <span class="muted">{escape(when)}</span>')
    parts.append('\n<div class="two-columns">\n  ')
    parts.append("\n  ".join((
        _column(_("Returned for revision (%(count)d)", count=len(returned)), returned,
                _("Nothing has been returned to you for revision.")),
        _column(_("Due in the next 7 days (%(count)d)", count=len(due)), due,
                _("Nothing is due in the next 7 days that you have not handed in.")),
        _column(_("Opening this week (%(count)d)", count=len(opening)), opening,
                _("Nothing new opens this week.")))))
    parts.append("\n</div>")
    return Markup("".join(parts))  # noqa: S704 - each value is escaped above


def _column(heading: str, entries: list[str], nothing: str) -> str:
    """One of the three columns under her standing: its heading with its count, then its
    entries (each written, escaped) as a list, or what it says when there are none."""
    listed = ("\n    <ul>\n      "
              + "".join(f"\n      <li>{entry}</li>\n      " for entry in entries)
              + "\n    </ul>\n    ") if entries else f'<p class="muted">{escape(nothing)}</p>'
    return f"<div>\n    <h3>{escape(heading)}</h3>\n    {listed}\n  </div>"
