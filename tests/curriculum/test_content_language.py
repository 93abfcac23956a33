"""Course content keeps its own language on a page in another: on a Japanese page the English
course's titles and text say lang="en", so a Japanese voice does not read them (WCAG 3.1.2);
on an English page nothing is marked."""

from __future__ import annotations

import pytest

from tests.conftest import post
from tests.curriculum.test_views import _during_arrival, as_user, year  # noqa: F401
from tests.html_elements import elements


def _marked_english(page: str) -> list[tuple[str, str]]:
    return [(element.tag, element.attrs.get("class", "")) for element in elements(page)
            if element.attrs.get("lang") == "en" and element.tag not in ("html", "option")]


def _in_japanese(client) -> None:
    post(client, "/language", {"locale": "ja", "next": "/"})


def test_a_japanese_page_marks_the_english_lesson_and_an_english_page_does_not(
        client, year):  # noqa: F811
    as_user(client, "amihan@example.org")
    url = f"/cohorts/{year['cohort'].id}/course/welcome"
    english = client.get(url).get_data(as_text=True)
    assert '<html lang="en">' in english and _marked_english(english) == []
    _in_japanese(client)
    japanese = client.get(url).get_data(as_text=True)
    assert '<html lang="ja">' in japanese
    marked = _marked_english(japanese)
    assert ("div", "prose") in marked and ("h1", "") in marked
    # A title inside a Japanese sentence is marked on its own.
    assert '<span lang="en">Rules</span>' in japanese


@pytest.mark.parametrize("path", ["/course", "/schedule", "/grades"])
def test_titles_in_lists_are_marked_on_japanese_pages(client, year, path):  # noqa: F811
    as_user(client, "amihan@example.org")
    _in_japanese(client)
    response = client.get(f"/cohorts/{year['cohort'].id}{path}")
    assert response.status_code == 200
    assert _marked_english(response.get_data(as_text=True))
