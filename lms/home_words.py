"""The viewer's words and dates for the home's sections, looked up once a request.

A staff home writes some fifty headings, counts and dates in Python before its templates run;
Flask-Babel looked up the request's translations, language and time zone again for each one,
which cost more than the sections' queries. These are the templates' own helpers
(lms.i18n.template_helpers), bound once and kept for the request."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import g

from lms.i18n import template_helpers

_KEY = "lms_home_words"


@dataclass(frozen=True)
class Words:
    #: As lms.i18n's ``_``, ``ngettext``, ``format_when`` and ``format_day``.
    gettext: Callable[..., str]
    ngettext: Callable[..., str]
    format_when: Callable[..., str]
    format_day: Callable[..., str]


def words() -> Words:
    kept: Words | None = g.get(_KEY)
    if kept is None:
        helpers: dict[str, Any] = template_helpers()
        kept = Words(helpers["gettext"], helpers["ngettext"], helpers["format_when"],
                     helpers["format_day"])
        setattr(g, _KEY, kept)
    return kept
