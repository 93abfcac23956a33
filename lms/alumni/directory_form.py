"""The directory's search form, written without building a WTForms form on each visit.

Building the form and drawing its four fields cost more than reading the page's fifty people.
What a reader searched for changes only the name box's value and which option of each select
is chosen; the rest is the same for everyone reading in one language while the cohorts with
alumni stay the same. So the form is drawn blank by its template (lms.alumni.forms'
DirectoryFilterForm, through _directory_form.html) once for each language and list of cohorts,
and each visit writes its search into that drawing as WTForms would have."""

from __future__ import annotations

from collections.abc import Mapping

from flask import render_template
from markupsafe import Markup, escape
from werkzeug.datastructures import MultiDict

from lms.alumni.forms import DirectoryFilterForm, known_country
from lms.alumni.queries import DirectoryFilters
from lms.alumni.services import FIELDS_OF_PRACTICE
from lms.i18n import program_countries

#: The selects, in the form's order, by the name of their request parameter.
_SELECTS = ("country", "cohort", "field")

#: Blank drawings kept: cohorts are renamed and gain alumni now and then, and a long-running
#: worker forgets the drawings of cohorts as they were.
KEPT = 32

_drawn: dict[tuple[object, ...], tuple[str, ...]] = {}


def _blank(locale: str, cohorts: list[tuple[int, str]]) -> tuple[str, ...]:
    """The blank form in pieces: before the name box's value, then from it to the first
    select, each select with what follows it up to the next one, and what ends the form."""
    # Keyed by all the drawing depends on: the language, the program's countries and the
    # cohorts with their names (read on every visit, so a renamed cohort is drawn again).
    key = (locale, program_countries(), tuple(cohorts))
    pieces = _drawn.get(key)
    if pieces is None:
        html = render_template("lms/alumni/_directory_form.html",
                               form=DirectoryFilterForm(locale, cohorts, MultiDict()))
        starts = [html.index(f'<select id="{name}" name="{name}">') for name in _SELECTS]
        name_box, _empty, to_select = html[:starts[0]].rpartition(' value="">')
        ends = [html.index("</select>", start) for start in starts]
        pieces = (name_box + ' value="', '">' + to_select,
                  *(html[start:end] for start, end in zip(starts, ends, strict=True)),
                  *(html[end:start] for end, start in zip(ends, [*starts[1:], None],
                                                          strict=True)))
        if len(_drawn) >= KEPT:
            _drawn.clear()
        _drawn[key] = pieces
    return pieces


def filter_form(locale: str, cohorts: list[tuple[int, str]],
                args: Mapping[str, str]) -> Markup:
    """The search form with the search in ``args`` (the request's parameters) written in:
    what DirectoryFilterForm(locale, cohorts, args) drew in _directory_form.html."""
    before_name, after_name, *selects = _blank(locale, cohorts)
    selects, between = selects[:3], selects[3:]
    out = [before_name, str(escape(args.get("name") or "")), after_name]
    for name, select, after in zip(_SELECTS, selects, between, strict=True):
        chosen = args.get(name)
        if chosen is not None:
            # WTForms marks the option whose value is the one asked for, if there is one
            # (the value escaped, a search can hold anything).
            option = f'<option value="{escape(chosen)}">'
            select = select.replace(option, f'<option selected value="{escape(chosen)}">', 1)
        out += (select, after)
    return Markup("".join(out))  # noqa: S704 - the drawing's markup, the search escaped above


def filters_of(args: Mapping[str, str]) -> DirectoryFilters:
    """The search in the request's parameters, as DirectoryFilterForm read it: the first value
    of each, and only a known country, a cohort's number and a known field."""
    cohort = args.get("cohort") or ""
    field = args.get("field")
    return DirectoryFilters(
        name=(args.get("name") or "")[:200], country=known_country(args.get("country")),
        cohort_id=int(cohort) if cohort.isascii() and cohort.isdigit() else None,
        field=field if field in FIELDS_OF_PRACTICE else None)
