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


def localized_setting(key: str, locale: str | None = None) -> str:
    """A setting that names something in the reader's language: ``key`` or ``key + "_JA"``."""
    config = current_app.config
    return in_language(config.get(key), config.get(f"{key}_JA"), locale)


def template_helpers() -> dict[str, Any]:
    return {"localized_name": localized_name}
