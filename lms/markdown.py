"""The one Markdown renderer. Everything it returns has passed the nh3 allow-list, whoever
wrote the text: a trainee, a mentor, staff or a course file."""

from __future__ import annotations

import functools
import xml.etree.ElementTree as etree
from dataclasses import dataclass

import markdown as markdown_lib
import nh3
from flask_babel import get_locale, gettext
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup, escape

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em",
    "h2", "h3", "h4", "h5", "h6", "hr", "img", "li", "ol", "p", "pre", "span", "strong",
    "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
    # Furigana over hard kanji in lessons for trainees: <ruby>介護<rt>かいご</rt></ruby>.
    "ruby", "rt", "rp",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"align"},
    "th": {"align", "scope"},
    "span": {"lang"},
    "div": {"lang"},
    "p": {"lang"},
}
ALLOWED_SCHEMES = {"http", "https", "mailto"}
EXTENSIONS = ["tables", "sane_lists", "fenced_code", "abbr", "def_list"]
HEADING_TAGS = {f"h{level}": level for level in range(1, 7)}


class _ShiftHeadings(Treeprocessor):
    def __init__(self, md: markdown_lib.Markdown, by: int) -> None:
        super().__init__(md)
        self.by = by

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            level = HEADING_TAGS.get(element.tag)
            if level is not None:
                element.tag = f"h{min(6, level + self.by)}"


class _HeadingsFrom(Extension):
    def __init__(self, top_heading: int) -> None:
        super().__init__()
        self.top_heading = top_heading

    def extendMarkdown(self, md: markdown_lib.Markdown) -> None:
        md.treeprocessors.register(_ShiftHeadings(md, self.top_heading - 1), "shift_headings", 1)


class _HeaderScopes(Treeprocessor):
    """A table's header cells say what they head (WCAG 1.3.1): the cells of its thead a
    column each, and a body row's first cell, when it is a th, its row."""

    def run(self, root: etree.Element) -> None:
        for table in root.iter("table"):
            for head in table.iter("thead"):
                for cell in head.iter("th"):
                    cell.set("scope", "col")
            for body in table.iter("tbody"):
                for row in body.iter("tr"):
                    if len(row) and row[0].tag == "th":
                        row[0].set("scope", "row")


class _TableHeaders(Extension):
    def extendMarkdown(self, md: markdown_lib.Markdown) -> None:
        md.treeprocessors.register(_HeaderScopes(md), "header_scopes", 1)


def render(text: str | None, top_heading: int = 1) -> Markup:
    """Markdown to safe HTML. Raw HTML in the source is escaped or stripped, never trusted.

    ``top_heading`` is the level a top-level heading (``#``) takes, the others following it
    (capped at h6), for text shown below the page's own headings: with 3, ``#`` is h3 and
    ``##`` h4. The page's h1 is its own: a ``#`` heading left at h1 keeps only its text."""
    return shown(cleaned(text, top_heading))


@dataclass(frozen=True)
class Cleaned:
    """HTML that has passed the allow-list, before the renderer's own additions, which depend
    on the reader's language: what a caller may keep (a course's lessons, rendered once for
    all their readers) and show with :func:`shown`. Only :func:`cleaned` makes one."""

    html: str


def cleaned(text: str | None, top_heading: int = 1) -> Cleaned:
    """The first half of :func:`render`, the costly one: Markdown, then the allow-list."""
    if not 1 <= top_heading <= 6:
        raise ValueError("top_heading is a heading level, 1 to 6")
    if not text:
        return Cleaned("")
    extensions: list[str | Extension] = [*EXTENSIONS, _TableHeaders()]
    if top_heading != 1:
        extensions.append(_HeadingsFrom(top_heading))
    html = markdown_lib.markdown(text, extensions=extensions, output_format="html")
    return Cleaned(nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    ))


def shown(text: Cleaned) -> Markup:
    """The second half of :func:`render`: ``text`` as the reader is shown it."""
    return Markup(_scrolling_tables(text.html))  # noqa: S704 - sanitised by nh3 in cleaned()


def _scrolling_tables(html: str) -> str:
    """Each table in a region of its own that scrolls sideways, so a wide one never widens a
    phone's page; keyboards reach the region (tabindex) and screen readers hear its name. Added
    after nh3, which lets no author write these attributes: only the renderer does. nh3 writes
    a table's tags bare (it allows them no attribute), so they are found as written."""
    if "<table>" not in html:
        return html
    label = escape(gettext("Table"))
    region = f'<div class="table-scroll" role="region" tabindex="0" aria-label="{label}">'
    return html.replace("<table>", region + "<table>").replace("</table>", "</table></div>")


#: The longest text render_kept keeps: a longer one is rendered each time, as 256 of the
#: longest answers a trainee may hand in (200,000 characters) would cost a worker more memory
#: than it has, where 256 of these cost a few megabytes at most.
KEPT_UP_TO = 10_000


def render_kept(text: str | None, top_heading: int = 1) -> Markup:
    """:func:`render` for a text many requests show unchanged (a call's guidance, read on
    every visit to its page; a handed-in answer, on its grading page): the HTML is kept per
    text and language, so a changed text is rendered afresh at once, and rendering it no longer
    costs more than the rest of the page."""
    if text and len(text) > KEPT_UP_TO:
        return render(text, top_heading)
    return _kept(text or "", top_heading, str(get_locale()))


@functools.lru_cache(maxsize=256)
def _kept(text: str, top_heading: int, locale: str) -> Markup:
    # ``locale`` is part of the key only: render() names a table's region in it.
    return render(text, top_heading)
