"""Languages, time zones and countries.

Kakehashi's strings live in their own gettext domain so that a host app's catalogs and
Kakehashi's never shadow each other. Use ``_`` for strings rendered now and ``_l`` for
strings defined at import time (form labels), which are translated when shown; ``ngettext``
and ``_ln`` are their forms for a string with a count in it ("1 place", "2 places"). Grants and
training admissions share many English strings that Japanese words differently (申請 and 応募):
those take a context, ``pgettext("grants", ...)`` or ``pgettext("admissions", ...)``.
"""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

import babel
import babel.dates
import babel.numbers
from flask import current_app, has_request_context, request, session
from flask_babel import get_timezone
from markupsafe import Markup

from lms.locales import KeptDomain, current_locale

LANGUAGES = {"en": "English", "ja": "日本語"}

domain = KeptDomain(translation_directories=[str(Path(__file__).parent / "translations")])
_ = domain.gettext
_l = domain.lazy_gettext
ngettext = domain.ngettext
pgettext = domain.pgettext
lazy_pgettext = domain.lazy_pgettext
_ln = domain.lazy_ngettext

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


#: How each language writes a day and a time of day. Day-month-year with the month as a word
#: is read the same way from Seoul to Dhaka ("12/9/26" is not), and a 24-hour clock has no
#: AM/PM to miss. Seconds are never shown: no deadline here is to the second.
DATE_PATTERNS = {
    "en": {"medium": "d MMM y", "long": "d MMMM y", "full": "EEEE d MMMM y",
           "weekday": "EEE d MMM y", "time": "HH:mm", "joined": "{day}, {time} {zone}"},
    "ja": {"medium": "y年M月d日", "long": "y年M月d日", "full": "y年M月d日(EEE)",
           "weekday": "y年M月d日(EEE)", "time": "H:mm", "joined": "{day} {time} {zone}"},
}


def _patterns(locale: str | None = None) -> dict[str, str]:
    return DATE_PATTERNS.get((locale or current_locale()).split("_")[0], DATE_PATTERNS["en"])


@functools.lru_cache(maxsize=64)
def _babel_locale(locale: str) -> babel.Locale:
    # Parsed once: babel parses a locale given as text at every date it writes.
    return babel.Locale.parse(locale)


def _local(moment: dt.datetime, zone: str | None) -> dt.datetime:
    """``moment`` in ``zone``, else in the viewer's zone (the signed-in person's, else the
    site's). A naive moment is UTC, as every stored moment is."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(zoneinfo.ZoneInfo(zone or str(get_timezone())))


@functools.cache
def _abbreviation_offsets(year: int) -> dict[str, frozenset[dt.timedelta]]:
    """Every tz database abbreviation in use in ``year`` (January and July, for both sides of
    daylight saving) with the UTC offsets it stands for around the world."""
    offsets: dict[str, set[dt.timedelta]] = {}
    for name in timezone_names():
        zone = zoneinfo.ZoneInfo(name)
        for month in (1, 7):
            moment = dt.datetime(year, month, 15, 12, tzinfo=zone)
            offsets.setdefault(moment.tzname() or "", set()).add(moment.utcoffset()
                                                                  or dt.timedelta())
    return {abbreviation: frozenset(found) for abbreviation, found in offsets.items()}


#: zone_label's answers, by what they depend on (see there).
_ZONE_LABELS: dict[tuple[Any, ...], str] = {}


def zone_label(moment: dt.datetime, locale: str) -> str:
    """The zone of an aware ``moment`` as briefly as it stays unambiguous (see
    :func:`_zone_label`). A page of fifty moments names the same zone fifty times, and asking
    CLDR cost more than the rest of writing each moment: the answer is kept by all it depends
    on (the zone, whether daylight saving is on, the offset and abbreviation, the year whose
    abbreviations are compared, the language)."""
    zone = moment.tzinfo
    key_of_zone = getattr(zone, "key", None)
    if key_of_zone is None:  # a fixed offset or another tzinfo: computed each time
        return _zone_label(moment, locale)
    key = (key_of_zone, bool(moment.dst()), moment.utcoffset(), moment.tzname(), moment.year,
           locale)
    label = _ZONE_LABELS.get(key)
    if label is None:
        if len(_ZONE_LABELS) > 4096:  # bounded, whatever the years and zones asked
            _ZONE_LABELS.clear()
        label = _ZONE_LABELS[key] = _zone_label(moment, locale)
    return label


def _zone_label(moment: dt.datetime, locale: str) -> str:
    """The zone of an aware ``moment`` as briefly as it stays unambiguous: the abbreviation
    CLDR gives the language ("JST" in Japanese, "EST" in English), else the tz database's if it
    is letters that mean one offset only ("JST", "KST", "WIB"), else the zone named by its
    place in the language ("Philippines Time", "タイ時間"). CLDR writes most Asian zones as
    "+0800", which names no zone; the tz database's "PST" (Manila) or "CST" (Taipei) mean an
    American zone to many readers; and CLDR's metazone names put Colombo in "India Standard
    Time" and Bangkok in "Indochina Time", which a Sri Lankan or a Thai reader would not
    expect."""
    short = babel.dates.get_timezone_name(moment, "short", locale=locale)
    if short.isalpha():
        return short
    letters = moment.tzname() or ""
    if letters.isalpha() and len(_abbreviation_offsets(moment.year).get(letters, ())) == 1:
        return letters
    return babel.dates.get_timezone_location(moment.tzinfo, locale=locale)


#: format_when's and format_day's answers, by all they depend on (see there).
_WRITTEN: dict[tuple[Any, ...], str] = {}
#: A page writes fifty moments at most; a worker's pages, a few thousand distinct ones.
_WRITTEN_KEPT = 8192


def _kept(key: tuple[Any, ...], write: Callable[[], str]) -> str:
    """What ``write`` writes, kept by ``key`` (all it depends on): the same moments and days
    come back page after page and person after person (a cohort's deadlines and module days,
    the notifications one rereads), and writing one with babel cost more than the rest of the
    line it is on."""
    written = _WRITTEN.get(key)
    if written is None:
        if len(_WRITTEN) >= _WRITTEN_KEPT:
            _WRITTEN.clear()
        written = _WRITTEN[key] = write()
    return written


def format_when(moment: dt.datetime | None, style: Literal["medium", "full"] = "medium",
                zone: str | None = None) -> str:
    """A moment in the viewer's zone (or ``zone``, for mail to someone else), with the zone
    named so nobody guesses: "9 Dec 2026, 23:59 JST", "2026年12月9日 23:59 JST".

    The one way every page, mail and document writes a moment, unambiguous in every style:
    "full" adds the weekday (an interview). There is no short style: "12/9/26" is read as
    9 December by some and 12 September by others."""
    if moment is None:
        return ""
    return _written_when(moment, style, zone or str(get_timezone()), current_locale())


def _written_when(moment: dt.datetime, style: Literal["medium", "full"], zone: str,
                  locale: str) -> str:
    return _kept(("when", moment, zone, locale, style),
                 lambda: _written_moment(moment, style, zone, locale))


def _written_moment(moment: dt.datetime, style: Literal["medium", "full"], zone: str,
                    locale: str) -> str:
    patterns = _patterns(locale)
    local = _local(moment, zone)
    day_pattern = patterns[{"medium": "medium", "full": "weekday"}[style]]
    day = _day_text(local.date(), day_pattern, locale)
    time = _minute_text(local.hour, local.minute, patterns["time"], locale)
    return patterns["joined"].format(day=day, time=time, zone=zone_label(local, locale))


# A page of fifty moments writes the same few days and often the same minutes: babel's
# formatting of each cost more than the rest of the page's row. Both are pure functions of
# their arguments, kept for the few thousand values a process meets.
@functools.lru_cache(maxsize=4096)
def _day_text(day: dt.date, pattern: str, locale: str) -> str:
    return babel.dates.format_date(day, pattern, locale=_babel_locale(locale))


@functools.lru_cache(maxsize=4096)
def _minute_text(hour: int, minute: int, pattern: str, locale: str) -> str:
    return babel.dates.format_time(dt.time(hour, minute), pattern, locale=_babel_locale(locale))


def format_day(day: dt.date | dt.datetime | None,
               style: Literal["medium", "long", "full"] = "medium",
               zone: str | None = None, locale: str | None = None) -> str:
    """A day: "9 Dec 2026", "2026年12月9日"; "long" spells the month out (documents), "full"
    adds the weekday. A moment is first put in the viewer's zone (or ``zone``): the same
    instant is another day in Tokyo than in UTC."""
    if day is None:
        return ""
    if isinstance(day, dt.datetime):
        day = _local(day, zone).date()
    written_in = locale or current_locale()
    shown = day
    return _kept(("day", shown, written_in, style), lambda: babel.dates.format_date(
        shown, _patterns(written_in)[style], locale=_babel_locale(written_in)))


def format_clock(moment: dt.datetime, zone: str | None = None) -> str:
    """A time of day only ("14:30"), for a programme whose day is already shown."""
    return babel.dates.format_time(_local(moment, zone).time(), _patterns()["time"],
                                   locale=current_locale())


def format_money(amount: int | None, currency: str, locale: str | None = None) -> str:
    """An amount in whole units of ``currency``, as the viewer's language (or ``locale``, for
    a page writing many amounts, looked up once) writes money.

    Budgets and awards are whole units (a rupiah or yen budget has no cents), so no decimals
    are shown even for currencies that have a minor unit."""
    if amount is None:
        return ""
    locale = locale or current_locale()
    return _kept(("money", amount, currency, locale), lambda: _money_pattern().apply(
        amount, _babel_locale(locale), currency=currency, currency_digits=False))


@functools.cache
def _money_pattern() -> babel.numbers.NumberPattern:
    # Parsed once: babel parses a pattern and a language given as text for every amount, and a
    # round's list writes a hundred amounts.
    return babel.numbers.parse_pattern("¤#,##0")


#: CLDR territories nobody comes from: codes that are not ISO 3166-1 countries (groupings,
#: test codes, and the parts of other countries CLDR lists apart: Ceuta and Melilla, the
#: Canaries, Ascension, Tristan da Cunha, Clipperton, Diego Garcia), and ISO territories
#: without a settled population (Antarctica, Bouvet, Heard and McDonald, the US outlying
#: islands, the French Southern Lands, South Georgia, the British Indian Ocean Territory).
#: Kosovo (XK) stays: CLDR and the EU use it, and people live there.
NOT_COUNTRIES = frozenset({"ZZ", "EU", "EZ", "UN", "XA", "XB", "QO",
                           "EA", "IC", "AC", "TA", "CP", "DG",
                           "AQ", "BV", "HM", "UM", "TF", "GS", "IO"})


@functools.cache
def country_names(locale: str) -> tuple[tuple[str, str], ...]:
    """The countries people come from, as codes with their names in ``locale``, sorted by
    name, from the CLDR data."""
    territories = babel.Locale.parse(locale).territories
    return tuple(
        sorted(
            ((code, name) for code, name in territories.items() if len(code) == 2 and code.isalpha()
             and code not in NOT_COUNTRIES),
            key=lambda pair: pair[1],
        )
    )


def program_countries() -> frozenset[str]:
    """The countries the program works with (``LMS_PROGRAM_COUNTRIES``: codes separated by
    commas or spaces, in the environment; a list in a host app's config)."""
    setting = current_app.config["LMS_PROGRAM_COUNTRIES"]
    codes = setting.replace(",", " ").split() if isinstance(setting, str) else setting
    return frozenset(code.strip().upper() for code in codes)


def country_name(code: str | None, locale: str | None = None) -> str:
    """The country's name in the viewer's language (or ``locale``)."""
    if not code:
        return ""
    return _babel_locale(locale or current_locale()).territories.get(code, code)


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


def _filled(text: str, variables: dict[str, Any]) -> str:
    """A translated string with its values in. A value marked up on purpose (text in another
    language, see lang_text) stays markup, and the rest is escaped as the page would."""
    if not variables:
        return text
    if any(isinstance(value, Markup) for value in variables.values()):
        return Markup.escape(text) % variables
    return text % variables


def template_helpers() -> dict[str, Any]:
    # Bound to the request's translations, language and zone: a long page calls gettext
    # hundreds of times, and looking up the translations at each call cost more than the rest
    # of the page. Made once for each (making them was a third of a page's template context).
    return _made_helpers(domain.get_translations(), current_locale(), str(get_timezone()))


@functools.lru_cache(maxsize=256)
def _made_helpers(translations: Any, locale: str, viewer_zone: str) -> dict[str, Any]:

    def when(moment: dt.datetime | None, style: Literal["medium", "full"] = "medium",
             zone: str | None = None) -> str:
        """format_when with the viewer's language and zone looked up once per render: a page
        of fifty moments asked Flask-Babel for them a hundred times."""
        return "" if moment is None else _written_when(moment, style, zone or viewer_zone,
                                                        locale)

    def day(day: dt.date | dt.datetime | None,
            style: Literal["medium", "long", "full"] = "medium", zone: str | None = None) -> str:
        """format_day with the viewer's language looked up once per render (a board of fifty
        placements writes a hundred days)."""
        return format_day(day, style, zone, locale)

    def gettext(string: str, **variables: Any) -> str:
        return _filled(translations.ugettext(string), variables)

    def plural(singular: str, plural_form: str, number: int, **variables: Any) -> str:
        variables.setdefault("num", number)
        return _filled(translations.ungettext(singular, plural_form, number), variables)

    def particular(context: str, string: str, **variables: Any) -> str:
        return _filled(translations.upgettext(context, string), variables)

    def particular_plural(context: str, singular: str, plural_form: str, number: int,
                          **variables: Any) -> str:
        variables.setdefault("num", number)
        return _filled(translations.unpgettext(context, singular, plural_form, number),
                       variables)

    return {
        "_": gettext,
        "gettext": gettext,
        "ngettext": plural,
        "pgettext": particular,
        "npgettext": particular_plural,
        "format_when": when,
        "format_day": day,
        "format_clock": format_clock,
        "format_money": format_money,
        "country_name": country_name,
        "language_name": language_name,
        "current_locale": locale,
        "lang_attr": functools.partial(lang_attr, page_locale=locale),
        "lang_text": functools.partial(lang_text, page_locale=locale),
        "languages": LANGUAGES,
    }
