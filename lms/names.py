"""Names people enter in two languages, shown in the reader's.

One convention for every name staff enter (programs and cohorts; facilities and events next): a
``name`` in English and a ``name_ja`` in Japanese, either of which may be empty. A Japanese
reader sees ``name_ja``, anyone else ``name``; when the one wanted is empty, the other is
shown, so a name entered in one language only is never missing. Settings that name people or
the organization follow the same rule: ``LMS_X`` and ``LMS_X_JA``.
"""

from __future__ import annotations

from typing import Any, Protocol

from flask import current_app
from flask_babel import LazyString
from sqlalchemy import ColumnElement, func

from lms.i18n import current_locale


class Named(Protocol):
    name: str
    name_ja: str | None


def in_language(english: str | None, japanese: str | None, locale: str | None = None) -> str:
    """``japanese`` for a Japanese reader and ``english`` for others, each falling back to the
    other when empty. ``locale`` defaults to the current reader's."""
    wanted_japanese = (locale or current_locale()).startswith("ja")
    first, second = (japanese, english) if wanted_japanese else (english, japanese)
    return (first or "").strip() or (second or "").strip()


def localized_name(named: Named, locale: str | None = None) -> str:
    """The name of a program, a cohort (anything with ``name`` and ``name_ja``) to show."""
    return in_language(named.name, named.name_ja, locale)


def lazy_name(named: Named) -> LazyString:
    """The name to show, chosen when the text is rendered: in a lazy mail subject, the name
    comes out in the recipient's language, not in that of whoever caused the mail."""
    return LazyString(localized_name, named)


def name_column(model: Any, locale: str | None = None) -> ColumnElement[str]:
    """``localized_name`` as SQL, for a query that gives a page one column of names (a home's
    lines, a list of choices): the reader's language, else the other, in the same query."""
    english = func.nullif(func.trim(model.name), "")
    japanese = func.nullif(func.trim(model.name_ja), "")
    wanted_japanese = (locale or current_locale()).startswith("ja")
    first, second = (japanese, english) if wanted_japanese else (english, japanese)
    return func.coalesce(first, second, "")


def localized_setting(key: str, locale: str | None = None) -> str:
    """A setting that names something in the reader's language: ``key`` or ``key + "_JA"``."""
    config = current_app.config
    return in_language(config.get(key), config.get(f"{key}_JA"), locale)


def template_helpers() -> dict[str, Any]:
    # The reader's language looked up once per render: a board names fifty facilities.
    page_locale = current_locale()

    def named(thing: Named, locale: str | None = None) -> str:
        return in_language(thing.name, thing.name_ja, locale or page_locale)

    return {"localized_name": named}
