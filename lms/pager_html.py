"""The pager of a list's pages (lms/templates/lms/macros/pagination.html's ``pager``) written in
Python, for a page whose other hot parts are written in Python: calling the macro, with its
keyword arguments and tests, cost a tenth of such a page. It writes what the macro wrote, to
the byte, in the reader's words (lms.home_words: the templates' own helpers)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from markupsafe import Markup, escape

from lms.home_words import words
from lms.pagination import Page


def pager_html(page: Page[Any], address: Callable[[int], str]) -> Markup:
    """What ``pager(page, ...)`` wrote, ``address`` giving a page's address by its number
    (``url_for`` with the list's other parameters, or a link built once: lms.links.link_to)."""
    if page.count <= 1:
        return Markup("\n\n")
    gettext = words().gettext
    if page.more:
        where = gettext("Page %(number)d of more than %(count)d (more than %(total)d in all)",
                        number=page.number, count=page.count, total=page.total)
    else:
        where = gettext("Page %(number)d of %(count)d (%(total)d in all)",
                        number=page.number, count=page.count, total=page.total)
    pages, previous, following = (escape(gettext("Pages")), escape(gettext("Previous page")),
                                  escape(gettext("Next page")))
    out = [f'\n\n<nav class="pager" aria-label="{pages}">\n  \n'
           f"  <p>{escape(where)}</p>\n  \n  <ul>\n    "]
    if page.has_previous:
        out.append(f'\n    <li><a rel="prev" href="{escape(address(page.number - 1))}">'
                   f"{previous}</a></li>\n    ")
    out.append("\n    ")
    if page.has_next:
        out.append(f'\n    <li><a rel="next" href="{escape(address(page.number + 1))}">'
                   f"{following}</a></li>\n    ")
    out.append("\n  </ul>\n</nav>\n\n")
    return Markup("".join(out))  # noqa: S704 - each value is escaped above
