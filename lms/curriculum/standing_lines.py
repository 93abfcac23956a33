"""A trainee's standing in the words of the completion screen: its lines ("Not handed in: …",
"Lesson not done: …", "No final evaluation from the supervisor yet: …", "Japanese level N5
recorded; N4 is needed") and the whole of it
as the macros of lms/curriculum/_standing.html show it.

A page of trainees shows thousands of lines, most alike (the same assignment is missing for
many), and a macro translating and marking up each one cost most of the page. So each distinct
line is made once, from the values it shows, as is each of the standing's fixed words, and a
trainee's standing is joined here: even a macro call a row cost more than the rest of it."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from flask import g
from flask_babel import force_locale
from markupsafe import Markup, escape

from lms.curriculum.models import Item, Module
from lms.curriculum.standing import (
    Assessment,
    Glance,
    Level,
    MissingAssignment,
    Shortfall,
    Standing,
)
from lms.i18n import current_locale, domain, lang_text
from lms.language.models import JapaneseLevel

_REQUEST_KEY = "lms_standing_lines"


def _translations(locale: str) -> Any:
    if locale == current_locale():
        return domain.get_translations()
    with force_locale(locale):
        return domain.get_translations()


@functools.lru_cache(maxsize=1024)
def _evaluation_line(locale: str, language: str | None, title: str) -> Markup:
    """The list item for a practicum whose final evaluation the rule asks and her supervisor
    has not yet submitted."""
    text = _translations(locale).ugettext("No final evaluation from the supervisor yet: %(title)s")
    return Markup("<li>%s</li>") % (Markup.escape(text) % {
        "title": lang_text(title, language, locale)})


@functools.lru_cache(maxsize=64)
def _japanese_line(locale: str, level: JapaneseLevel | None, needed: JapaneseLevel) -> Markup:
    """The list item for a latest recorded Japanese level below the one the course asks."""
    translations = _translations(locale)
    if level is None:
        text = translations.ugettext("No Japanese level recorded; %(needed)s is needed")
    else:
        text = translations.ugettext("Japanese level %(level)s recorded; %(needed)s is needed")
    return Markup("<li>%s</li>") % (Markup.escape(text) % {
        "level": level.value if level else "", "needed": needed.value})


@functools.lru_cache(maxsize=16384)
def _line(locale: str, language: str | None, shortfall: Shortfall | None, title: str,
          points: int | None, possible: int | None) -> Markup:
    """The list item for a lesson not done (no ``shortfall``) or an assignment that falls
    short, on a page in ``locale``. It depends on these values alone, so it is kept for the
    next page that shows the same: a changed title is another line."""
    translations = _translations(locale)
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


_LEVEL_CLASSES = {Level.AT_RISK: "status-cancelled", Level.NOT_MEETING: "status-cancelled",
                  Level.ON_TRACK: "status-active"}


@functools.lru_cache(maxsize=64)
def _level_label(locale: str, level: Level) -> Markup:
    translations = _translations(locale)
    if level == Level.AT_RISK:
        label = translations.ugettext("At risk")
    elif level == Level.NOT_MEETING:
        label = translations.ugettext("Not yet meeting the completion rule")
    else:
        label = translations.ugettext("On track")
    return Markup('<p><strong class="status %s">%s</strong></p>') % (_LEVEL_CLASSES[level],
                                                                      label)


@functools.lru_cache(maxsize=64)
def _fixed(locale: str) -> tuple[Markup, Markup]:
    """The paragraphs that open the reasons and say the rule is met."""
    translations = _translations(locale)
    return (Markup("<p>%s</p>") % translations.ugettext("Why:"),
            Markup("<p>%s</p>") % translations.ugettext("Nothing: the rule is met."))


@functools.lru_cache(maxsize=1024)
def _more_reasons(locale: str, more: int) -> Markup:
    text = _translations(locale).ungettext("and %(num)d more reason",
                                           "and %(num)d more reasons", more)
    return Markup("<details><summary>%s</summary>") % (text % {"num": more})


@functools.lru_cache(maxsize=1024)
def _missing_count(locale: str, count: int) -> str:
    return _translations(locale).ungettext("What is missing: %(num)d thing",
                                           "What is missing: %(num)d things", count) % {
        "num": count}


@functools.lru_cache(maxsize=1024)
def _missing_summary(locale: str, count: int, open_missing: bool) -> Markup:
    return Markup("<details%s><summary>%s</summary>") % (
        Markup(" open") if open_missing else "", _missing_count(locale, count))


def missing_link(count: int, link: str, locale: str | None = None) -> Markup:
    """How many things the rule still asks of her, leading to the page that lists them (a
    page of many trainees would otherwise list dozens for each)."""
    return Markup('<a href="%s">%s</a>') % (link, _missing_count(
        locale or current_locale(), count))


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


    def missing(self, assessment: Assessment) -> str:
        language = assessment.language
        return "".join([self.lesson(lesson, language) for lesson in assessment.missing_lessons]
                       + [self.assignment(each, language)
                          for each in assessment.missing_assignments]
                       + [self.evaluation(module, language)
                          for module in assessment.missing_evaluations]
                       + ([_japanese_line(self.locale, assessment.japanese_level,
                                          assessment.japanese_needed)]
                          if assessment.lacks_japanese_level and assessment.japanese_needed
                          else []))

    def evaluation(self, module: Module, language: str | None) -> Markup:
        return _evaluation_line(self.locale, language, module.title)

    def shortfalls(self, missing: Sequence[MissingAssignment], language: str | None) -> str:
        return "".join([self.assignment(each, language) for each in missing])

    def risks(self, risks: Sequence[MissingAssignment], language: str | None,
              shown: int) -> str:
        """The first ``shown`` reasons, the rest folded (a year can hold a dozen)."""
        listed = f'<ul class="plain-list">{self.shortfalls(risks[:shown], language)}</ul>'
        if len(risks) <= shown:
            return listed
        return (f"{listed}{_more_reasons(self.locale, len(risks) - shown)}"
                f'<ul class="plain-list">{self.shortfalls(risks[shown:], language)}</ul>'
                "</details>")

    def standing(self, standing: Standing, open_missing: bool, link: str | None) -> str:
        """The level, why she is at risk, and all the rule still asks (folded), or how many
        things it asks, leading to ``link``."""
        assessment = standing.assessment
        why, rule_met = _fixed(self.locale)
        parts = [_level_label(self.locale, standing.level)]
        if standing.risks:
            parts += [why, self.risks(standing.risks, assessment.language, RISKS_SHOWN)]
        if assessment.meets_rule:
            parts.append(rule_met)
        elif link is not None:
            parts.append(f"<p>{missing_link(missing_count(assessment), link, self.locale)}</p>")
        else:
            parts += [_missing_summary(self.locale, missing_count(assessment), open_missing),
                      f'<ul class="plain-list">{self.missing(assessment)}</ul></details>']
        return "".join(parts)


def missing_count(assessment: Assessment) -> int:
    return (len(assessment.missing_lessons) + len(assessment.missing_assignments)
            + len(assessment.missing_evaluations) + int(assessment.lacks_japanese_level))


#: Reasons for being at risk shown before the rest are folded.
RISKS_SHOWN = 3


def _lines(locale: str) -> _Lines:
    """This request's lines in ``locale``, the language being rendered (mail in another
    language may be rendered in the same request)."""
    by_locale: dict[str, _Lines] = g.setdefault(_REQUEST_KEY, {})
    lines = by_locale.get(locale)
    if lines is None:
        lines = by_locale[locale] = _Lines(locale)
    return lines


def missing_lines(assessment: Assessment, locale: str | None = None) -> Markup:
    """A list item for everything the rule still asks of her: the lessons not done, the
    assignments, the final evaluations, then the Japanese level, on a page in ``locale`` (as for
    :func:`shortfall_lines`)."""
    return _joined(_lines(locale or current_locale()).missing(assessment))


def risks_html(risks: list[MissingAssignment], language: str | None, locale: str | None = None,
              shown: int = RISKS_SHOWN) -> Markup:
    """Why she is at risk: a list of the first ``shown`` reasons, the rest folded."""
    return _joined(_lines(locale or current_locale()).risks(risks, language, shown))


def standing_html(standing: Standing, open_missing: bool = False,
                    locale: str | None = None, missing_at: str | None = None) -> Markup:
    """Her level, why she is at risk and what the rule still asks (folded unless
    ``open_missing``), on a page in ``locale``; only how many things it asks, leading to
    ``missing_at``, if given."""
    return _joined(_lines(locale or current_locale()).standing(standing, open_missing,
                                                                missing_at))


def _joined(text: str) -> Markup:
    # Joined as text: Markup.join would escape each item again, for nothing.
    return Markup(text)  # noqa: S704 - made of markup made here, every value escaped


def glance_html(glance: Glance, language: str | None, locale: str, missing_at: str) -> Markup:
    """:func:`standing_html` with ``missing_at`` of the standing ``glance`` tells of (its
    items' titles in the course's ``language``), on a page in ``locale``."""
    words = _glance_words(glance, locale, language)
    if not glance.missing:
        return _joined(words)
    # missing_link's words
    return _joined(f'{words}<p><a href="{escape(missing_at)}">'
                   f"{escape(_missing_count(locale, glance.missing))}</a></p>")


#: The words of each glance shown lately (:func:`_glance_words`), by its identity, with it.
_GLANCE_WORDS: dict[tuple[int, str, str | None], tuple[Glance, str]] = {}
#: How many are kept: forgotten all at once when full.
GLANCE_WORDS_KEPT = 4096


def _glance_words(glance: Glance, locale: str, language: str | None) -> str:
    """The words of a standing (as :meth:`_Lines.standing` writes them) up to what the rule
    still asks: her level, why she is at risk, whether the rule is met. Kept with the glance
    itself, which the judging domain keeps until her work changes (so a page seen again
    finds the same): finding them by the glance's value (its reasons') cost more than
    writing them. Of values alone: the items' titles are the kept course's."""
    key = (id(glance), locale, language)
    found = _GLANCE_WORDS.get(key)
    if found is not None and found[0] is glance:  # the same, not another at its address
        return found[1]
    why, met = _fixed(locale)
    parts = [_level_label(locale, glance.level)]
    if glance.risks:
        parts += [why, _Lines(locale).risks(glance.risks, language, RISKS_SHOWN)]
    if not glance.missing:
        parts.append(met)
    words = "".join(parts)
    if len(_GLANCE_WORDS) >= GLANCE_WORDS_KEPT:
        _GLANCE_WORDS.clear()
    _GLANCE_WORDS[key] = (glance, words)
    return words
