"""Languages, time zones and countries.

Kakehashi's strings live in their own gettext domain so that a host app's catalogs and
Kakehashi's never shadow each other. Use ``_`` for strings rendered now and ``_l`` for
strings defined at import time (form labels), which are translated when shown. Grants and
training admissions share many English strings that Japanese words differently (申請 and 応募):
those take a context, ``pgettext("grants", ...)`` or ``pgettext("admissions", ...)``.
"""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from pathlib import Path
from typing import Any

import babel
import babel.dates
from flask import current_app, has_request_context, request, session
from flask_babel import (
    Domain,
    format_currency,
    format_date,
    format_datetime,
    get_locale,
    get_timezone,
)
from markupsafe import Markup

LANGUAGES = {"en": "English", "ja": "日本語"}

domain = Domain(translation_directories=[str(Path(__file__).parent / "translations")])
_ = domain.gettext
_l = domain.lazy_gettext
ngettext = domain.ngettext
pgettext = domain.pgettext
lazy_pgettext = domain.lazy_pgettext

LOCALE_SESSION_KEY = "lms_locale"


def select_locale(user_locale: str | None) -> str:
    """The signed-in person's language (``user_locale``, None for nobody), else the one chosen
    on the page, else the browser's. The extension passes the user's setting in, so that this
    module needs nothing from lms.security (which needs it)."""
    if not has_request_context():  # a command or a worker: mail sets its locale explicitly
        return current_app.config["LMS_DEFAULT_LOCALE"]
    if user_locale in LANGUAGES:
        return user_locale
    chosen = session.get(LOCALE_SESSION_KEY)
    if chosen in LANGUAGES:
        return chosen
    return request.accept_languages.best_match(
        list(LANGUAGES), default=current_app.config["LMS_DEFAULT_LOCALE"]
    )


def select_timezone(user_timezone: str | None) -> str:
    return user_timezone or current_app.config["LMS_DEFAULT_TIMEZONE"]


def current_locale() -> str:
    return str(get_locale() or current_app.config["LMS_DEFAULT_LOCALE"])


def format_when(moment: dt.datetime | None, style: str = "medium",
                zone: str | None = None) -> str:
    """A moment in the viewer's zone (or ``zone``, for mail to someone else), with the zone
    named so nobody guesses."""
    if moment is None:
        return ""
    if zone is None:
        return f"{format_datetime(moment, style)} ({get_timezone()})"
    shown = babel.dates.format_datetime(moment, style, tzinfo=zoneinfo.ZoneInfo(zone),
                                        locale=current_locale())
    return f"{shown} ({zone})"


def format_day(day: dt.date | None, style: str = "medium") -> str:
    return format_date(day, style) if day else ""


def format_money(amount: int | None, currency: str) -> str:
    """An amount in whole units of ``currency``, as the viewer's language writes money.

    Budgets and awards are whole units (a rupiah or yen budget has no cents), so no decimals
    are shown even for currencies that have a minor unit."""
    if amount is None:
        return ""
    return format_currency(amount, currency, format="¤#,##0", currency_digits=False)


@functools.cache
def country_names(locale: str) -> tuple[tuple[str, str], ...]:
    """ISO 3166 codes with their names in ``locale``, sorted by name, from the CLDR data."""
    territories = babel.Locale.parse(locale).territories
    return tuple(
        sorted(
            ((code, name) for code, name in territories.items() if len(code) == 2 and code.isalpha()
             and code not in {"ZZ", "EU", "EZ", "UN", "XA", "XB", "QO"}),
            key=lambda pair: pair[1],
        )
    )


def country_name(code: str | None) -> str:
    if not code:
        return ""
    return babel.Locale.parse(current_locale()).territories.get(code, code)


#: Languages people in the region work in, offered when they list the languages they speak.
SPOKEN_LANGUAGES = ("bn", "en", "fil", "hi", "id", "ja", "km", "ko", "lo", "mn", "ms", "my", "ne",
                    "si", "ta", "th", "ur", "vi", "zh")


@functools.cache
def language_names(locale: str) -> tuple[tuple[str, str], ...]:
    """The spoken languages' codes with their names in ``locale``, sorted by name (CLDR)."""
    names = babel.Locale.parse(locale).languages
    return tuple(sorted(((code, names.get(code, code)) for code in SPOKEN_LANGUAGES),
                        key=lambda pair: pair[1]))


def language_name(code: str | None) -> str:
    if not code:
        return ""
    return babel.Locale.parse(current_locale()).languages.get(code, code)


@functools.cache
def timezone_names() -> tuple[str, ...]:
    """Canonical Area/City zones; the legacy aliases and Etc/ zones only confuse people."""
    areas = ("Africa/", "America/", "Antarctica/", "Asia/", "Atlantic/", "Australia/",
             "Europe/", "Indian/", "Pacific/")
    zones = sorted(name for name in zoneinfo.available_timezones() if name.startswith(areas))
    return ("UTC", *zones)


def lang_attr(text_language: str | None, page_locale: str) -> Markup:
    """`` lang="en"`` for text written in another language than the page's (course content,
    titles, what people typed in their own language), so that a screen reader reads it in its
    own voice (WCAG 3.1.2); nothing when the languages are the same or the text's is unknown."""
    if not text_language or _primary(text_language) == _primary(page_locale):
        return Markup("")
    return Markup(' lang="%s"') % text_language


def lang_text(text: str, text_language: str | None, page_locale: str) -> Markup | str:
    """``text`` in a span saying its language when it differs from the page's, for a title
    inside a sentence of the page's language (pass it to ``_`` like any value)."""
    attribute = lang_attr(text_language, page_locale)
    return Markup("<span%s>%s</span>") % (attribute, text) if attribute else text


def _primary(language: str) -> str:
    return language.replace("_", "-").split("-")[0].lower()


def template_helpers() -> dict[str, Any]:
    # Bound once per render: a long page calls gettext hundreds of times, and looking up the
    # request's translations on every call cost more than rendering the rest of the page.
    translations = domain.get_translations()
    locale = current_locale()

    def gettext(string: str, **variables: Any) -> str:
        text = translations.ugettext(string)
        if any(isinstance(value, Markup) for value in variables.values()):
            # A value marked up on purpose (text in another language, see lang_text) stays
            # markup; the rest is escaped as the page would.
            return Markup.escape(text) % variables
        return text % variables if variables else text

    def plural(singular: str, plural_form: str, number: int, **variables: Any) -> str:
        variables.setdefault("num", number)
        return translations.ungettext(singular, plural_form, number) % variables

    def particular(context: str, string: str, **variables: Any) -> str:
        text = translations.upgettext(context, string)
        return text % variables if variables else text

    def particular_plural(context: str, singular: str, plural_form: str, number: int,
                          **variables: Any) -> str:
        variables.setdefault("num", number)
        return translations.unpgettext(context, singular, plural_form, number) % variables

    return {
        "_": gettext,
        "gettext": gettext,
        "ngettext": plural,
        "pgettext": particular,
        "npgettext": particular_plural,
        "format_when": format_when,
        "format_day": format_day,
        "format_money": format_money,
        "country_name": country_name,
        "language_name": language_name,
        "current_locale": locale,
        "lang_attr": functools.partial(lang_attr, page_locale=locale),
        "lang_text": functools.partial(lang_text, page_locale=locale),
        "languages": LANGUAGES,
    }
