"""The directory's parts written in Python write what their templates wrote, to the byte."""

from __future__ import annotations

import pytest
from flask import render_template, render_template_string, url_for
from flask_babel import force_locale, gettext
from markupsafe import escape
from werkzeug.datastructures import MultiDict

from lms.alumni import directory_form
from lms.alumni.directory_rows import DirectoryRows
from lms.alumni.forms import DirectoryFilterForm
from lms.alumni.queries import AlumnusCard, DirectoryFilters
from lms.alumni.services import FIELDS_OF_PRACTICE
from lms.i18n import country_name

AWKWARD = 'A <b>&"Zoë\'s</b> cohort'
COHORTS = [(12, AWKWARD), (5, "第35期"), (3, "33rd cohort (fiscal 2016)")]

SEARCHES = [
    {},
    {"name": 'Ana <script>&"\'', "country": "PH", "cohort": "12", "field": "older_people"},
    {"name": "", "country": "", "cohort": "", "field": ""},
    {"country": "JP", "cohort": "5"},
    {"country": 'PH">', "cohort": "12 ", "field": "<b>"},
    {"country": "ZZ", "cohort": "abc", "field": "nonsense"},
    {"country": "None", "cohort": "None"},
    {"cohort": "3", "field": "disaster_response", "name": "Rodel"},
]


def _template_drawn(locale, cohorts, args):
    """What the template drew with WTForms' form reading ``args``."""
    with force_locale(locale):
        form = DirectoryFilterForm(locale, cohorts, args)
        return render_template("lms/alumni/_directory_form.html", form=form), form


@pytest.mark.parametrize("locale", ["en", "ja"])
@pytest.mark.parametrize("search", SEARCHES)
def test_the_search_form_is_what_the_template_drew(app, locale, search):
    args = MultiDict(search)
    with app.test_request_context("/alumni/directory", query_string=search):
        drawn, form = _template_drawn(locale, COHORTS, args)
        with force_locale(locale):
            written = directory_form.filter_form(locale, COHORTS, args)
    assert str(written) == drawn
    assert ("検索" in drawn) == (locale == "ja")
    if "name" in search:
        assert f'value="{escape(search["name"])}"' in written
    # Its search is read as the form read it.
    cohort = form.cohort.data or ""
    assert directory_form.filters_of(args) == DirectoryFilters(
        name=(form.name.data or "")[:200], country=form.chosen_country(),
        cohort_id=int(cohort) if cohort.isdigit() else None,
        field=form.field.data if form.field.data in FIELDS_OF_PRACTICE else None)


def test_a_search_given_twice_is_read_by_its_first_value(app):
    args = MultiDict([("name", "first"), ("name", "second"), ("country", "PH"),
                      ("country", "JP"), ("cohort", "5"), ("cohort", "3")])
    with app.test_request_context("/alumni/directory"):
        drawn, _form = _template_drawn("en", COHORTS, args)
        with force_locale("en"):
            assert str(directory_form.filter_form("en", COHORTS, args)) == drawn
    assert directory_form.filters_of(args) == DirectoryFilters("first", "PH", 5)


def test_a_long_name_is_searched_for_by_its_first_200_letters_and_shown_whole(app):
    args = MultiDict({"name": "x" * 250})
    with app.test_request_context("/alumni/directory"), force_locale("en"):
        assert f'value="{"x" * 250}"' in directory_form.filter_form("en", COHORTS, args)
    assert directory_form.filters_of(args).name == "x" * 200
    assert directory_form.filters_of(MultiDict({"cohort": "²"})).cohort_id is None


def test_the_drawings_follow_the_cohorts_and_language_and_stay_few(app):
    with app.test_request_context("/alumni/directory"):
        for locale in ("en", "ja"):
            with force_locale(locale):
                renamed = [(12, "Renamed <cohort>"), *COHORTS[1:]]
                for cohorts in (COHORTS, renamed, COHORTS[1:], [], COHORTS):
                    args = MultiDict({"cohort": "12"})
                    assert str(directory_form.filter_form(locale, cohorts, args)) == \
                        _template_drawn(locale, cohorts, args)[0]
        for number in range(directory_form.KEPT * 2):
            with force_locale("en"):
                directory_form.filter_form("en", [(number, f"cohort {number}")], MultiDict())
            assert len(directory_form._drawn) <= directory_form.KEPT


# The rows' loop as the template wrote it before lms.alumni.directory_rows wrote the rows.
OLD_ROWS = """<tbody>
    {%- set person_url = url_for('lms.alumni.person', user_id=0)[:-1] %}
    {%- set not_listed = _("not listed") %}
    {% for card in cards %}
    <tr>
      <td><a href="{{ person_url }}{{ card.user_id }}">{{ card.name }}</a>{% if not card.listed %} <strong class="status">({{ not_listed }})</strong>{% endif %}</td>
      <td>{{ country_names[card.country] }}</td>
      <td>{{ card.cohorts | join('; ') }}</td>
      <td>{{ fields_named(card.fields) }}</td>
      <td>{{ card.organization or '' }}</td>
      <td>{{ card.current_role or '' }}</td>
    </tr>
    {% endfor %}
  </tbody>"""  # noqa: E501


def _card(user_id, name, **values):
    details = {"country": "PH", "cohorts": [AWKWARD], "fields": [], "listed": True,
               "has_profile": True, "is_viewer": False, "email": None, "organization": None,
               "current_role": None, "bio": None, **values}
    return AlumnusCard(user_id, name, **details)


CARDS = [
    _card(1, 'Ana <b>&"Zoë\'s</b>', organization='O&<x>"q\'', current_role="R <i>",
          fields=["older_people", "disaster_response"]),
    _card(2, "Rodel", listed=False, country=None, cohorts=[], organization="",
          current_role=""),
    _card(3, "山田 花子", country="JP", cohorts=["第35期", AWKWARD], fields=["nonsense"]),
    _card(4, "Nadeesha", country="ZZ", has_profile=False, listed=False, current_role="0"),
    _card(5, "Ana <b>&\"Zoë's</b>", cohorts=[AWKWARD], fields=["older_people",
                                                             "disaster_response"]),
]


@pytest.mark.parametrize("locale", ["en", "ja"])
def test_the_rows_are_what_the_template_wrote(app, locale):
    with app.test_request_context("/alumni/directory"), force_locale(locale):
        names = {key: str(label) for key, label in FIELDS_OF_PRACTICE.items()}
        drawn = render_template_string(
            OLD_ROWS, cards=CARDS,
            country_names={card.country: country_name(card.country) for card in CARDS},
            fields_named=lambda keys: ", ".join(names[key] for key in keys if key in names))
        written = DirectoryRows(locale, url_for("lms.alumni.person", user_id=0)[:-1],
                                gettext("not listed"))(CARDS)
    # As the template frames them now.
    assert f"<tbody>\n    {written}\n  </tbody>" == drawn
    assert ("フィリピン" in drawn) == (locale == "ja")
    assert DirectoryRows(locale, "/p/", "x")([]) == ""
