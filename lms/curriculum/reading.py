"""Who reads a course page and what she is shown: the one question the lesson and outline
pages ask about the reader, and a lesson's or an assignment's page built on it, the course
coming from memory (curriculum.content)."""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass
from typing import Any

from flask import current_app, request, url_for
from markupsafe import Markup
from sqlalchemy import Select, and_, bindparam, select
from sqlalchemy.orm import Session

from lms.accounts.models import Role, User
from lms.clock import utcnow
from lms.curriculum.content import CourseContent, course_content, shown_body
from lms.curriculum.models import Course, Item, LessonProgress, Module
from lms.curriculum.queries import (
    Outline,
    cohort_and_enrollment,
    cohort_enrollment_columns,
    visible_cohort,
)
from lms.curriculum.standing import TraineeWork, WorkState, WorkStatus
from lms.i18n import LANGUAGES, current_locale, domain
from lms.prepared import prepared_rows
from lms.programs.models import Cohort, Enrollment, EnrollmentRole


@dataclass(frozen=True)
class Reader:
    """Who reads a course page of a cohort: the cohort (with its course) and her
    trainee enrollment in it (None for mentors and staff)."""

    cohort: Cohort
    enrollment: Enrollment | None
    #: Given a lesson's slug, whether she marked it done.
    lesson_done: bool = False


def reader_of(db_session: Session, actor: User, cohort_id: int,
              lesson_slug: str | None = None) -> Reader | None:
    """The course pages' first and only question about the reader: one query, None when she
    may not see the cohort. Its rows are made into the cohort, its course and her enrollment
    as the ORM would have loaded them (queries.cohort_and_enrollment), which cost a third of
    the lesson's page when the ORM did it; it is run as the driver takes it (lms.prepared),
    as SQLAlchemy's execution cost several times what the database took to answer."""
    staff = actor.has_role(Role.STAFF)
    rows = prepared_rows(db_session.connection(), ("course reader", staff),
                         lambda: _reader(staff), {
        "reader_id": actor.id, "reader_cohort_id": cohort_id, "reader_slug": lesson_slug,
    })
    if not rows:
        return None
    values = iter(rows[0])
    cohort, enrollment = cohort_and_enrollment(db_session, values)
    return Reader(cohort, enrollment, enrollment is not None and bool(next(values)))


@functools.cache
def _reader(staff: bool) -> Select[Any]:
    """Built once for staff and once for everyone else, with the reader, the cohort and the
    lesson as parameters: building it cost more than running it."""
    reader_id = bindparam("reader_id")
    trainee = and_(Enrollment.cohort_id == Cohort.id, Enrollment.user_id == reader_id,
                   Enrollment.role == EnrollmentRole.TRAINEE)
    # No lesson (None) matches no slug.
    lesson_done = (select(LessonProgress.id).join(Item, Item.id == LessonProgress.item_id)
                   .where(LessonProgress.enrollment_id == Enrollment.id,
                          Item.course_id == Cohort.course_id,
                          Item.slug == bindparam("reader_slug"))
                   .exists())
    return visible_cohort(
        select(*cohort_enrollment_columns(), lesson_done)
        .select_from(Cohort).outerjoin(Course, Course.id == Cohort.course_id)
        .outerjoin(Enrollment, trainee),
        bindparam("reader_cohort_id"), reader_id, staff)


@dataclass(frozen=True)
class ItemPage:
    reader: Reader
    item: Item
    module: Module
    #: A trainee reads a module from its opening day; mentors and staff may look ahead.
    locked: bool
    previous: Item | None
    following: Item | None
    #: What the page shows of it whoever reads it in the cohort (None while it is locked to
    #: her): see :func:`item_parts`.
    parts: ItemParts | None
    #: The language she reads it in: hers, or the one she chose for this page (``?lang=``).
    wanted: str
    #: The language its texts are shown in: ``wanted`` if the item is written in it, else
    #: the course's own.
    shown: str
    #: The languages it is written in, the course's own first: each but ``shown`` is a link.
    languages: tuple[str, ...]


def page_language(asked: str | None) -> str:
    """The language a course page is read in: the one asked for this page (``?lang=ja``) if
    it is one of the site's, else the reader's."""
    return asked if asked in LANGUAGES else current_locale().split("_")[0]


def item_page(db_session: Session, actor: User, cohort_id: int, slug: str,
              language: str | None = None) -> ItemPage | None:
    """A lesson's or an assignment's page, in ``language`` (see :func:`page_language`) where
    the item is written in it: one query (:func:`reader_of`), the course and the item's
    rendered text coming from memory (curriculum.content)."""
    reader = reader_of(db_session, actor, cohort_id, lesson_slug=slug)
    if reader is None or reader.cohort.course is None:
        return None
    wanted = page_language(language)
    content = course_content(reader.cohort.course, wanted)
    found = content.by_slug.get(slug)
    if found is None:
        return None
    position = content.items.index(found)
    module = next(module for module in content.modules if module.id == found.module_id)
    locked = (reader.enrollment is not None
              and reader.cohort.opening_time(module.opens_day) > utcnow())
    page = ItemPage(
        reader, found, module, locked,
        previous=content.items[position - 1] if position > 0 else None,
        following=content.items[position + 1] if position + 1 < len(content.items) else None,
        parts=None, wanted=wanted, shown=found.shown_language or reader.cohort.course.language,
        languages=content.languages_of.get(found.id, ()))
    return page if locked else dataclasses.replace(page, parts=item_parts(content, page))


@dataclass(frozen=True)
class ItemParts:
    """An item's page as every reader of a cohort is shown it in the same languages, in the
    order the page shows them, with what is hers (her deadline, her progress) put between."""

    #: The breadcrumb, the title and the links to the page in its other languages.
    head: Markup
    #: Its objectives, its text and its rubric.
    text: Markup
    #: The links to the previous and the next item.
    pager: Markup
    #: The outline's address, under which every item's page (and marking it done) is.
    course_url: str


def item_parts(content: CourseContent, page: ItemPage) -> ItemParts:
    """The parts of ``page`` (of ``content``'s version of the course): rendered once for each
    cohort, item, page language, language read in and address of the site, as the item's
    template cost more than the rest of the page. Nothing in them is the reader's own."""
    cohort, item = page.reader.cohort, page.item
    key = ("item_parts", cohort.id, item.id, current_locale(), page.wanted, request.script_root)

    def render() -> ItemParts:
        # With the helpers every template gets (lang_attr, language_name, ...), as a page's.
        helpers: dict[str, Any] = {}
        current_app.update_template_context(helpers)
        macros = current_app.jinja_env.get_template(
            "lms/curriculum/_item_parts.html").make_module(helpers)
        course_lang = cohort.course.language if cohort.course else None
        # Every item's page is under the outline's address and the item's slug (letters,
        # digits, hyphens): one address built, not one for each link.
        course_url = url_for("lms.curriculum.outline", cohort_id=cohort.id)
        return ItemParts(
            head=macros.item_head(cohort, item, page.module, page.wanted, page.shown,
                                  page.languages, course_url, course_lang),
            text=macros.item_text(item, shown_body(content, item, cohort.id), page.shown),
            pager=macros.item_pager(page.previous, page.following, course_url, course_lang),
            course_url=course_url)

    return content.kept(key, render)


def item_lines(cohort: Cohort) -> dict[int, Markup]:
    """What the outline shows of each item of the cohort's course whoever reads it (its link,
    kind, length or deadline), by item id: rendered once for each version of the course,
    cohort dates and language, as it was most of the outline's cost."""
    if cohort.course is None:
        return {}
    content = course_content(cohort.course)
    key = ("item_lines", cohort.id, cohort.starts_on, cohort.timezone, current_locale(),
           request.script_root)

    def render() -> dict[int, Markup]:
        # With the helpers every template gets (lang_attr, format_day, ...), as a page's would.
        helpers: dict[str, Any] = {}
        current_app.update_template_context(helpers)
        item_line = current_app.jinja_env.get_template(
            "lms/curriculum/_item_line.html").make_module(helpers).item_line
        language = cohort.course.language if cohort.course else None
        return {item.id: item_line(cohort, item, language) for item in content.items}

    return content.kept(key, render)


def outline_item_lists(outline: Outline, work: TraineeWork | None,
                       lines: dict[int, Markup]) -> dict[int, Markup]:
    """The outline's item lists by module id: each item's kept line (:func:`item_lines`) and
    the reader's marks on it, her lesson done and her work on an assignment. Joined here in
    one pass, as a template loop over a hundred items was most of the outline's cost."""
    translations = domain.get_translations()
    done_mark = Markup('<span class="done-mark">%s</span>') % translations.ugettext("Done")
    your_work = translations.ugettext("Your work:")
    states = work.states if work is not None else {}
    done_ids = outline.done_item_ids
    # Most assignments share a state ("handed in"): each is worded once.
    worded: dict[tuple[WorkStatus, int | None, int | None], Markup] = {}
    lists = {}
    for view in outline.modules:
        # Every piece is markup already or a fixed tag: joined as text, not escaped again.
        rows: list[str] = []
        for item in view.items:
            item_id = item.id
            rows += ("\n      <li>", lines[item_id])
            if item_id in done_ids:
                rows += (" ", done_mark)
            state = states.get(item_id)
            if state is not None:
                key = (state.status, state.points, item.points)
                if key not in worded:
                    worded[key] = Markup('<span class="work-state">%s %s</span>') % (
                        your_work, _work_state(translations, state, item))
                rows += ("\n        ", worded[key])
            rows.append("</li>")
        lists[view.module.id] = Markup("".join(rows))  # noqa: S704 - markup and tags only
    return lists


def _work_state(translations: Any, state: WorkState, item: Item) -> Markup | str:
    """The state of one of her assignments, as the outline words it."""
    if state.status is WorkStatus.NOT_STARTED:
        return translations.ugettext("not started")
    if state.status is WorkStatus.DRAFT:
        return translations.ugettext("draft")
    if state.status is WorkStatus.HANDED_IN:
        return translations.ugettext("handed in")
    if state.status is WorkStatus.RETURNED:
        return Markup("<strong>%s</strong>") % translations.ugettext("returned for revision")
    possible = item.points or 0
    return translations.ungettext("graded: %(points)d of %(num)d point",
                                  "graded: %(points)d of %(num)d points",
                                  possible) % {"points": state.points, "num": possible}
