"""The lines of a trainee's standing ("Not handed in: …", "Lesson not done: …") in the words of
the completion screen, as the items of the lists in the macros of
lms/curriculum/_standing.html.

A page of fifty trainees shows thousands of them, most alike (the same assignment is missing
for many), and a macro translating and marking up each one cost most of the page. So each
distinct line is made once, from the values it shows, and a list's items are joined here:
even a template's loop over them cost more than the rest of the row."""

from __future__ import annotations

import functools
from typing import Any

from flask import g
from flask_babel import force_locale
from markupsafe import Markup

from lms.curriculum.models import Item
from lms.curriculum.standing import Assessment, MissingAssignment, Shortfall
from lms.i18n import current_locale, domain, lang_text

_REQUEST_KEY = "lms_standing_lines"


@functools.lru_cache(maxsize=16384)
def _line(locale: str, language: str | None, shortfall: Shortfall | None, title: str,
          points: int | None, possible: int | None) -> Markup:
    """The list item for a lesson not done (no ``shortfall``) or an assignment that falls
    short, on a page in ``locale``. It depends on these values alone, so it is kept for the
    next page that shows the same: a changed title is another line."""
    if locale == current_locale():
        translations = domain.get_translations()
    else:
        with force_locale(locale):
            translations = domain.get_translations()
    if shortfall is None:
        text = translations.ugettext("Lesson not done: %(title)s")
    elif shortfall == Shortfall.NOT_HANDED_IN:
        text = translations.ugettext("Not handed in: %(title)s")
    elif shortfall == Shortfall.WAITING_FOR_GRADE:
        text = translations.ugettext("Waiting for a grade: %(title)s")
    elif shortfall == Shortfall.RETURNED:
        text = translations.ugettext("Returned for revision: %(title)s")
    else:
        text = translations.ungettext(
            "Below the pass mark: %(title)s (%(points)d of %(num)d point)",
            "Below the pass mark: %(title)s (%(points)d of %(num)d points)", possible)
    # As the templates' gettext fills a string: a title marked with its language stays markup,
    # everything else is escaped.
    variables: dict[str, Any] = {"title": lang_text(title, language, locale)}
    if shortfall == Shortfall.BELOW_PASS_MARK:
        variables.update(points=points, num=possible)
    return Markup("<li>%s</li>") % (Markup.escape(text) % variables)


class _Lines:
    """The lines of one request in one language, by the lesson or the shortfall itself (an
    item is one object all through a request): a page asks for each line many times."""

    def __init__(self, locale: str) -> None:
        self.locale = locale
        self.made: dict[tuple[Any, str | None], Markup] = {}

    def lesson(self, lesson: Item, language: str | None) -> Markup:
        line = self.made.get((lesson, language))
        if line is None:
            line = self.made[lesson, language] = _line(self.locale, language, None,
                                                       lesson.title, None, None)
        return line

    def assignment(self, missing: MissingAssignment, language: str | None) -> Markup:
        line = self.made.get((missing, language))
        if line is None:
            line = self.made[missing, language] = _line(
                self.locale, language, missing.shortfall, missing.item.title, missing.points,
                missing.item.points)
        return line


def _lines(locale: str) -> _Lines:
    """This request's lines in ``locale``, the language being rendered (mail in another
    language may be rendered in the same request)."""
    by_locale: dict[str, _Lines] = g.setdefault(_REQUEST_KEY, {})
    lines = by_locale.get(locale)
    if lines is None:
        lines = by_locale[locale] = _Lines(locale)
    return lines


def shortfall_lines(missing: list[MissingAssignment], language: str | None,
                    locale: str | None = None) -> Markup:
    """A list item for each assignment that falls short, in ``language``'s titles (the
    course's), on a page in ``locale`` (the template's ``current_locale``; else looked up)."""
    lines = _lines(locale or current_locale())
    return _joined([lines.assignment(each, language) for each in missing])


def missing_lines(assessment: Assessment, locale: str | None = None) -> Markup:
    """A list item for everything the rule still asks of her: the lessons not done, then the
    assignments, on a page in ``locale`` (as for :func:`shortfall_lines`)."""
    lines = _lines(locale or current_locale())
    language = assessment.language
    return _joined([lines.lesson(lesson, language) for lesson in assessment.missing_lessons]
                   + [lines.assignment(each, language)
                      for each in assessment.missing_assignments])


def _joined(items: list[Markup]) -> Markup:
    # Joined as text: Markup.join would escape each item again, for nothing.
    return Markup("".join(items))  # noqa: S704 - every item is markup made by _line
