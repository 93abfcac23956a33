"""Reading a page's elements in order, for tests of what a screen reader meets first and what
ties an error to its field."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser


@dataclass(frozen=True)
class Element:
    tag: str
    attrs: dict[str, str]

    @property
    def classes(self) -> list[str]:
        return self.attrs.get("class", "").split()

    def described_by(self) -> list[str]:
        return self.attrs.get("aria-describedby", "").split()


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[Element] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append(Element(tag, {name: value or "" for name, value in attrs}))


def elements(html: str) -> list[Element]:
    parser = _Elements()
    parser.feed(html)
    return parser.found


def by_id(html: str, element_id: str) -> Element:
    found = [element for element in elements(html) if element.attrs.get("id") == element_id]
    assert len(found) == 1, (element_id, found)
    return found[0]


def first_in_main(html: str) -> Element:
    """The first element inside <main>: the first thing read after the skip link."""
    found = elements(html)
    main = next(index for index, element in enumerate(found) if element.tag == "main")
    return found[main + 1]
