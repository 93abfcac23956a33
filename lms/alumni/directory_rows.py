"""The directory's rows, written in Python for a page of fifty alumni.

A template's loop, escaping each of a row's eight values and calling out for its country,
cohorts and fields, cost more than the rest of the page. Here what rows share is made once
for the page (the link's prefix, the "not listed" word) or once per language (the countries'
and fields' names), each cohort list and field list named and escaped once however many
people share it, and a row is joined from them."""

from __future__ import annotations

import functools
from collections.abc import Iterable

import babel
from markupsafe import Markup, escape

from lms.alumni.queries import AlumnusCard
from lms.alumni.services import FIELDS_OF_PRACTICE


@functools.cache
def _field_names(locale: str) -> dict[str, str]:
    """Each field of practice's name in ``locale``, escaped."""
    return {key: str(escape(label)) for key, label in FIELDS_OF_PRACTICE.items()}


@functools.cache
def _country_names(locale: str) -> dict[str, str]:
    """Each territory's name in ``locale`` (CLDR's, as lms.i18n.country_name gives it),
    escaped: looking a name up in the reader's locale cost a tenth of a millisecond."""
    return {code: str(escape(name))
            for code, name in babel.Locale.parse(locale).territories.items()}


class DirectoryRows:
    """The table rows of one page of the directory, in the reader's language."""

    def __init__(self, locale: str, person_link: str, not_listed: str) -> None:
        """``person_link``: a person's page address before her id; ``not_listed``: the
        translated word; both as plain text."""
        self.link = str(escape(person_link))
        self.not_listed = f' <strong class="status">({escape(not_listed)})</strong>'
        self.fields = _field_names(locale)
        self.countries = _country_names(locale)
        self.cohort_lines: dict[tuple[str, ...], str] = {}
        self.field_lines: dict[tuple[str, ...], str] = {}

    def _country(self, code: str | None) -> str:
        if not code:
            return ""
        named = self.countries.get(code)
        return str(escape(code)) if named is None else named

    def _cohorts(self, titles: list[str]) -> str:
        key = tuple(titles)
        line = self.cohort_lines.get(key)
        if line is None:
            line = self.cohort_lines[key] = "; ".join(map(str, map(escape, titles)))
        return line

    def _fields(self, keys: list[str]) -> str:
        key = tuple(keys)
        line = self.field_lines.get(key)
        if line is None:
            line = self.field_lines[key] = ", ".join(self.fields[field] for field in keys
                                                     if field in self.fields)
        return line

    def __call__(self, cards: Iterable[AlumnusCard]) -> Markup:
        rows = []
        for card in cards:
            marker = "" if card.listed else self.not_listed
            # Most alumni share neither item with other alumni: nothing to escape.
            organization, role = card.organization, card.current_role
            rows.append(
                f'\n    <tr>\n      <td><a href="{self.link}{card.user_id}">'
                f"{escape(card.name)}</a>{marker}</td>\n"
                f"      <td>{self._country(card.country)}</td>\n"
                f"      <td>{self._cohorts(card.cohorts)}</td>\n"
                f"      <td>{self._fields(card.fields)}</td>\n"
                f"      <td>{escape(organization) if organization else ''}</td>\n"
                f"      <td>{escape(role) if role else ''}</td>\n    </tr>\n    ")
        return Markup("".join(rows))  # noqa: S704 - every value above is escaped
