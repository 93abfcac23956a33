"""A course as its pages read it: its live modules and items in order and each item's rendered
text, kept in memory by each worker process.

Only ``flask lms courses sync`` changes a course, and every sync that changes one raises its
``content_version``. A page reads the version with the cohort it loads anyway and takes the
kept copy only while the versions agree, so a synced change shows at once, in every worker,
without a query of its own. What differs from one reader to the next (the cohort's dates,
her progress, the links into her cohort) is never kept here: pages add it. Her language is
the one thing that is: a course is kept once for each language it is read in, each text in its
variant in that language (``NN-slug.ja.md``, curriculum.variant_source) where it has one,
else in the course's own, so every page that lists a course's titles shows them in hers.

The modules and items kept are detached from any database session and shared by every request
of the process: read them, never change them or add them to a session."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from flask import current_app, url_for
from markupsafe import Markup, escape
from sqlalchemy import select
from sqlalchemy.orm import undefer
from sqlalchemy.orm.attributes import set_committed_value

from lms.curriculum.evaluation_source import VARIANT_LANGUAGES
from lms.curriculum.models import Course, Item, ItemType, Module
from lms.curriculum.source import ITEM_LINK
from lms.i18n import current_locale
from lms.markdown import Cleaned, cleaned, shown

_CACHE_KEY = "lms_course_contents"
T = TypeVar("T")

#: Where an ``item:slug`` link points in the kept HTML: a fragment no course file writes (the
#: sync refuses links it cannot resolve), swapped for the reading cohort's address when shown.
_LINK_MARK = "#lms-item:"
_MARKED_LINK = re.compile(r'href="#lms-item:([a-z0-9-]+)"')


@dataclass
class CourseContent:
    course_id: int
    version: int
    #: The language it was read for: its texts are in their variant in it where they have one
    #: (their ``shown_language`` says so), else in the course's own.
    language: str
    #: The course's title and summary in that language where course.ja.toml gives them.
    title: str
    summary: str
    #: The language of ``title`` and ``summary`` when it is a variant's, else None.
    shown_language: str | None
    #: The live modules, in order.
    modules: list[Module]
    #: The live items, in the course's order (module by module), with their texts.
    items: list[Item]
    by_slug: dict[str, Item] = field(init=False)
    #: Each module's items, in order, by module id.
    items_of: dict[int, list[Item]] = field(init=False)
    #: The ids of each module's required lessons, by module id.
    required_lessons: dict[int, set[int]] = field(init=False)
    #: The languages each item is written in, the course's own first, by item id.
    languages_of: dict[int, tuple[str, ...]] = field(default_factory=dict)
    _bodies: dict[int, Cleaned] = field(default_factory=dict, init=False)
    _kept: dict[Hashable, Any] = field(default_factory=dict, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)

    def __post_init__(self) -> None:
        self.by_slug = {item.slug: item for item in self.items}
        self.items_of = {module.id: [] for module in self.modules}
        self.required_lessons = {module.id: set() for module in self.modules}
        for item in self.items:
            self.items_of[item.module_id].append(item)
            if item.type == ItemType.LESSON and item.required:
                self.required_lessons[item.module_id].add(item.id)

    def body(self, item: Item) -> Cleaned:
        """The item's text in this content's language, rendered and sanitized once for this
        version, its item links still marked. ``item`` may be a request's row of it: the text
        is the kept copy's, which may be a variant's; an item no longer live is rendered as
        it is, and not kept."""
        kept = self.by_slug.get(item.slug)
        if kept is None or kept.id != item.id:
            return _cleaned_marked(item.body)
        found = self._bodies.get(item.id)
        if found is None:
            with self._lock:  # a thread of a threaded server renders it only once
                found = self._bodies.get(item.id)
                if found is None:
                    found = self._bodies[item.id] = _cleaned_marked(kept.body)
        return found

    def shown(self, item: Item) -> Item:
        """The kept copy of ``item`` (a request's row of it, say), its texts in this content's
        language; ``item`` itself if it is no longer live."""
        kept = self.by_slug.get(item.slug)
        return kept if kept is not None and kept.id == item.id else item


    def kept(self, key: Hashable, make: Callable[[], T]) -> T:
        """What ``make`` builds of this version of the course, built once for each ``key``
        (which names everything else the result depends on)."""
        found = self._kept.get(key)
        if found is None:
            found = self._kept[key] = make()
        return cast(T, found)


def variant_titles() -> list[Any]:
    """Columns of an item's title in each variant language (``title_ja``...: None where it has
    no variant), for a list that selects its rows' values rather than items (a grading
    queue): the title only is read of the variants, never their bodies."""
    return [Item.variants[(language, "title")].as_string().label(f"title_{language}")
            for language in VARIANT_LANGUAGES]


def title_in(row: Any, language: str) -> str | None:
    """The title of ``language`` in a row selected with :func:`variant_titles`, if any."""
    return row._mapping.get(f"title_{language}")


def _cleaned_marked(body: str) -> Cleaned:
    return cleaned(ITEM_LINK.sub(lambda match: f"]({_LINK_MARK}{match.group(1)})", body))


def shown_item(course: Course | None, item: Item) -> Item:
    """``item`` as the reader reads it: the kept copy, its texts in her language where it has
    a variant in it (for a page that loads its own row, a grading page, say)."""
    return item if course is None else course_content(course).shown(item)


def course_content(course: Course, language: str | None = None) -> CourseContent:
    """The kept content of ``course`` in ``language`` (the reader's, unless a page is asked
    in another) if it is of the course's version, else read anew."""
    language = (language or current_locale()).split("_")[0]
    contents: dict[tuple[int, str], CourseContent] = current_app.extensions.setdefault(
        _CACHE_KEY, {})
    content = contents.get((course.id, language))
    if content is None or content.version != course.content_version:
        content = contents[course.id, language] = _read(course.id, language)
    return content


def _read(course_id: int, language: str) -> CourseContent:
    """Read in a session of its own, closed at once: the rows kept must belong to no request's
    session (whose identity map and commits would reach them)."""
    with current_app.extensions["lms"].sessionmaker() as db_session:
        # The version first: content read after it is at least as new, so a sync committed in
        # between is at worst read again, never kept under a version it does not have.
        course = db_session.execute(
            select(Course.content_version, Course.title, Course.summary, Course.language,
                   Course.variants).where(Course.id == course_id)).one()
        modules = list(db_session.scalars(
            select(Module).where(Module.course_id == course_id, Module.archived_at.is_(None))
            .order_by(Module.position, Module.id)))
        items = list(db_session.scalars(
            select(Item).options(undefer(Item.variants)).join(Module, Item.module_id == Module.id)
            .where(Item.course_id == course_id, Item.archived_at.is_(None),
                   Module.archived_at.is_(None))
            .order_by(Module.position, Item.position, Item.id)))
    languages = {item.id: (course.language, *sorted(item.variants)) for item in items}
    for row in (*modules, *items):
        _put_variant(row, language)
    course_texts = (course.variants or {}).get(language, {})
    content = CourseContent(
        course_id, course.content_version or 0, language,
        course_texts.get("title", course.title), course_texts.get("summary", course.summary),
        language if course_texts else None, modules, items)
    content.languages_of = languages
    return content


def _put_variant(row: Module | Item, language: str) -> None:
    """Put the texts of ``row``'s variant in ``language`` in place of its own, if it has one;
    only on a copy kept here, detached from every session, so that none is ever written."""
    texts = (row.variants or {}).get(language)
    for name, value in (texts or {}).items():
        set_committed_value(row, name, value)
    if texts:
        row.shown_language = language
    # Its other variants are not read from this copy: not kept in memory with it.
    set_committed_value(row, "variants", {})


def shown_body(content: CourseContent, item: Item, cohort_id: int) -> Markup:
    """The item's text for a reader in ``cohort_id``: its item links lead to that cohort's
    pages, its tables are named in the reader's language."""
    def link(match: re.Match[str]) -> str:
        address = url_for("lms.curriculum.item", cohort_id=cohort_id, slug=match.group(1))
        return f'href="{escape(address)}"'

    return shown(Cleaned(_MARKED_LINK.sub(link, content.body(item).html)))
