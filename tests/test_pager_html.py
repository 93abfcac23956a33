"""lms.pager_html writes what the pagination macro wrote, to the byte."""

from __future__ import annotations

import pytest
from flask import render_template_string, url_for
from flask_babel import force_locale

from lms.pager_html import pager_html
from lms.pagination import Page

MACRO = ("{% from 'lms/macros/pagination.html' import pager %}"
         "{{ pager(page, 'lms.alumni.directory', name=name, country=country, cohort=cohort, "
         "field=None) }}")

PAGES = [Page([], 1, 50, 0), Page([], 1, 50, 50), Page([], 1, 50, 51), Page([], 2, 50, 140),
         Page([], 3, 50, 140), Page([], 4, 2, 1000, more=True), Page([], 1, 2, 40, more=True)]


@pytest.mark.parametrize("locale", ["en", "ja"])
@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(("name", "country", "cohort"), [
    (None, None, None), ('Ana <b>&"Zoë\'s #1', "PH", 12), ("山田 花子", None, 3)])
def test_the_pager_is_what_the_macro_wrote(app, locale, page, name, country, cohort):
    with app.test_request_context("/alumni/directory"), force_locale(locale):
        drawn = render_template_string(MACRO, page=page, name=name, country=country,
                                       cohort=cohort)
        written = pager_html(page, lambda number: url_for(
            "lms.alumni.directory", page=number, name=name, country=country, cohort=cohort))
    assert str(written) == drawn
    if page.count > 1:
        assert ("ページ" in drawn or "頁" in drawn or "次" in drawn) == (locale == "ja")
