"""The focus ring can be seen (issue 17, item 20; WCAG 2.4.7 and 1.4.11): on a link, a button
and a radio button it is at least 2 px wide and contrasts 3:1 with the white page, and in the
dark header with the header."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Locator, Page

pytestmark = pytest.mark.browser

RING = """element => {
  const style = getComputedStyle(element);
  return {visible: element.matches(':focus-visible'), style: style.outlineStyle,
          width: parseFloat(style.outlineWidth), colour: style.outlineColor};
}"""


def _luminance(colour: str) -> float:
    red, green, blue = (int(part) / 255 for part in re.findall(r"\d+", colour)[:3])

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def contrast(first: str, second: str) -> float:
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _ring(element: Locator, background: str) -> str | None:
    """What is wrong with the element's focus ring against ``background``, or None."""
    element.focus()
    ring = element.evaluate(RING)
    if not ring["visible"] or ring["style"] in ("none", "hidden"):
        return "no ring"
    if ring["width"] < 2:
        return f"a ring {ring['width']} px wide"
    if contrast(ring["colour"], background) < 3:
        return f"a ring of {ring['colour']}, {contrast(ring['colour'], background):.1f}:1"
    return None


def test_the_focus_ring_stands_out(page: Page, accounts: object,
                                   sign_in: Callable[[Page, object], None]) -> None:
    sign_in(page, accounts.staff)  # type: ignore[attr-defined]
    page.goto("/announcements/new")
    main, header = page.locator("main"), page.locator("header.site-header")
    white = "rgb(255, 255, 255)"
    header_colour = header.evaluate("element => getComputedStyle(element).backgroundColor")
    found = {
        "a link": _ring(main.get_by_role("link").first, white),
        "a button": _ring(main.get_by_role("button").first, white),
        "a radio button": _ring(main.get_by_role("radio").first, white),
        "a link in the header": _ring(header.get_by_role("link").first, header_colour),
    }
    wrong = {what: problem for what, problem in found.items() if problem}
    assert not wrong, wrong
    radio = main.get_by_role("radio").first.bounding_box()
    assert radio is not None and radio["width"] >= 18, "a radio button big enough to see"
