"""How people read what Kakehashi writes: one unambiguous form for every moment and day
(lms.i18n.format_when, format_day), plurals through the catalogue, and the country lists."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from flask import Flask, render_template_string
from flask_babel import force_locale, refresh

from lms.i18n import format_clock, format_day, format_when

TOKYO_2359 = dt.datetime(2026, 12, 9, 14, 59, 59, tzinfo=dt.UTC)  # 23:59:59 in Tokyo
TOKYO_MIDNIGHT = dt.datetime(2026, 12, 9, 15, 0, tzinfo=dt.UTC)  # 00:00 on the 10th in Tokyo


@pytest.fixture
def context(app: Flask) -> Iterator[None]:
    with app.test_request_context("/"):
        yield


@pytest.mark.parametrize(("locale", "expected"), [
    ("en", "9 Dec 2026, 23:59 JST"),
    ("ja", "2026年12月9日 23:59 JST"),
])
def test_a_moment_reads_the_same_across_asia_without_seconds(context, locale, expected):
    with force_locale(locale):
        assert format_when(TOKYO_2359, zone="Asia/Tokyo") == expected


@pytest.mark.parametrize(("locale", "expected"), [
    ("en", "10 Dec 2026, 00:00 JST"),
    ("ja", "2026年12月10日 0:00 JST"),
])
def test_midnight_belongs_to_the_next_day_in_the_zone(context, locale, expected):
    with force_locale(locale):
        assert format_when(TOKYO_MIDNIGHT, zone="Asia/Tokyo") == expected
        assert format_day(TOKYO_MIDNIGHT, zone="Asia/Tokyo") == {"en": "10 Dec 2026",
                                                                 "ja": "2026年12月10日"}[locale]
        # The same instant is still the 9th in UTC.
        assert format_day(TOKYO_MIDNIGHT, zone="UTC") == {"en": "9 Dec 2026",
                                                          "ja": "2026年12月9日"}[locale]


@pytest.mark.parametrize(("zone", "en", "ja"), [
    # "PST" in the tz database, which most readers take for California
    ("Asia/Manila", "9 Dec 2026, 22:59 Philippines Time", "2026年12月9日 22:59 フィリピン時間"),
    # "+07" in the tz database, "+0700" in CLDR
    ("Asia/Bangkok", "9 Dec 2026, 21:59 Thailand Time", "2026年12月9日 21:59 タイ時間"),
    # CLDR's metazone would say "India Standard Time"
    ("Asia/Colombo", "9 Dec 2026, 20:29 Sri Lanka Time", "2026年12月9日 20:29 スリランカ時間"),
    ("Asia/Seoul", "9 Dec 2026, 23:59 KST", "2026年12月9日 23:59 KST"),
    ("Asia/Jakarta", "9 Dec 2026, 21:59 WIB", "2026年12月9日 21:59 WIB"),
    ("UTC", "9 Dec 2026, 14:59 UTC", "2026年12月9日 14:59 UTC"),
])
def test_a_zone_without_an_abbreviation_is_named(context, zone, en, ja):
    with force_locale("en"):
        assert format_when(TOKYO_2359, zone=zone) == en
    with force_locale("ja"):
        assert format_when(TOKYO_2359, zone=zone) == ja


def test_days_and_the_weekday(context):
    day = dt.date(2026, 12, 9)
    with force_locale("en"):
        assert format_day(day) == "9 Dec 2026"
        assert format_day(day, "long") == "9 December 2026"
        assert format_day(day, "full") == "Wednesday 9 December 2026"
        assert format_when(TOKYO_2359, "full", zone="Asia/Tokyo") == "Wed 9 Dec 2026, 23:59 JST"
        assert format_clock(TOKYO_2359, zone="Asia/Tokyo") == "23:59"
    with force_locale("ja"):
        assert format_day(day) == format_day(day, "long") == "2026年12月9日"
        assert format_day(day, "full") == "2026年12月9日(水)"
        assert format_when(TOKYO_2359, "full", zone="Asia/Tokyo") == "2026年12月9日(水) 23:59 JST"
    assert format_day(None) == format_when(None) == ""


def test_a_plural_follows_the_count_in_templates_and_lazy_strings(app, context):
    from flask import render_template_string

    from lms.i18n import _ln

    page = render_template_string(
        '{{ ngettext("%(num)d point", "%(num)d points", 1) }}|'
        '{{ ngettext("%(num)d point", "%(num)d points", 2) }}|'
        '{{ ngettext("%(count)d of %(num)d place", "%(count)d of %(num)d places", 1, count=0) }}')
    assert page == "1 point|2 points|0 of 1 place"
    full = "The event is full: its %(num)d place is taken."
    assert str(_ln(full, "The event is full: all %(num)d places are taken.", 1)) == \
        "The event is full: its 1 place is taken."
    assert str(_ln(full, "The event is full: all %(num)d places are taken.", 2)) == \
        "The event is full: all 2 places are taken."


def test_the_country_lists_offer_the_programs_countries_first(app, context):
    from lms.forms import country_choices
    from lms.i18n import country_names

    codes = {code for code, _name in country_names("en")}
    assert {"AQ", "BV", "HM", "UM", "TF", "GS", "IO", "EA", "IC", "ZZ", "EU"}.isdisjoint(codes)
    assert {"JP", "KR", "TW", "PH", "XK", "SH", "AI"} <= codes
    offered = country_choices("en", "— choose —")
    assert (offered[0].value, offered[0].optgroup) == ("", None)
    ours = [choice.label for choice in offered if choice.optgroup == "Countries of the program"]
    assert ours == ["Bangladesh", "Indonesia", "Japan", "Malaysia", "Philippines", "South Korea",
                    "Sri Lanka", "Taiwan", "Thailand"]
    rest = [choice for choice in offered if choice.optgroup == "Other countries"]
    assert len(offered) == 1 + len(ours) + len(rest) and "Japan" not in {c.label for c in rest}
    assert [choice.optgroup for choice in offered[1:]] == \
        ["Countries of the program"] * len(ours) + ["Other countries"] * len(rest)

    app.config["LMS_PROGRAM_COUNTRIES"] = "vn, NP"  # as typed in the environment
    assert [(c.value, c.label) for c in country_choices("ja")][:2] == [("NP", "ネパール"),
                                                                      ("VN", "ベトナム")]


def test_the_registration_form_groups_the_countries(client):
    page = client.get("/register").get_data(as_text=True)
    assert '<optgroup label="Countries of the program">' in page
    assert page.index('value="PH"') < page.index('<optgroup label="Other countries">') \
        < page.index('value="FR"')
    assert ">Antarctica<" not in page and ">Bouvet Island<" not in page
    assert ">Japan<" in page  # the zone list has Antarctica/Casey: only the country is gone


@pytest.mark.parametrize("locale", ["en", "ja"])
def test_a_templates_format_when_writes_as_format_when_does(context, locale):
    """Templates get format_when with the viewer's language and zone looked up once a render:
    the same text as format_when, in the viewer's zone unless another is given."""
    from lms.i18n import template_helpers

    with force_locale(locale):
        when = template_helpers()["format_when"]
        for moment in (TOKYO_2359, TOKYO_MIDNIGHT, TOKYO_2359.replace(tzinfo=None)):
            assert when(moment) == format_when(moment)
            assert when(moment, "full", zone="Asia/Manila") == format_when(
                moment, "full", zone="Asia/Manila")
        assert when(None) == ""


def test_a_moment_written_before_is_written_again_for_each_zone_language_and_style(context):
    # Kept by all it depends on: asked in a new order, every answer stays its own.
    asked = [(moment, zone, locale, style)
             for moment in (TOKYO_2359, TOKYO_MIDNIGHT, TOKYO_2359.replace(tzinfo=None))
             for zone in ("Asia/Tokyo", "Asia/Manila", None)
             for locale in ("en", "ja") for style in ("medium", "full")]
    first = {}
    for moment, zone, locale, style in asked:
        with force_locale(locale):
            first[moment, zone, locale, style] = (format_when(moment, style, zone=zone),
                                                  format_day(moment, style, zone=zone))
    for moment, zone, locale, style in reversed(asked):
        with force_locale(locale):
            assert (format_when(moment, style, zone=zone), format_day(moment, style, zone=zone)) \
                == first[moment, zone, locale, style]
    with force_locale("en"):
        assert first[TOKYO_2359, "Asia/Manila", "en", "full"] \
            == ("Wed 9 Dec 2026, 22:59 Philippines Time", "Wednesday 9 December 2026")
        assert first[TOKYO_MIDNIGHT, "Asia/Tokyo", "ja", "medium"][1] == "2026年12月10日"
        assert first[TOKYO_2359.replace(tzinfo=None), None, "en", "medium"] \
            == first[TOKYO_2359, "Asia/Tokyo", "en", "medium"]  # a naive moment is UTC


def test_a_moment_kept_for_one_viewers_zone_is_not_shown_in_anothers(app):
    with app.test_request_context("/"):
        assert format_when(TOKYO_2359).endswith("JST")  # the site's zone, for nobody signed in
    app.config["LMS_DEFAULT_TIMEZONE"] = "Asia/Manila"
    with app.test_request_context("/"):
        assert format_when(TOKYO_2359) == "9 Dec 2026, 22:59 Philippines Time"


def test_a_page_writes_moments_in_its_reader_s_language_and_zone(app: Flask):
    """Templates' format_when finds the language and the zone once a page: it writes what
    format_when writes, in each reader's own, however many moments a page has."""
    page = ("{{ format_when(moment) }}|{{ format_when(moment, 'full', 'Asia/Tokyo') }}|"
            "{{ format_when(none) }}")
    for locale, zone, expected in (
            ("en", "Asia/Manila", "9 Dec 2026, 22:59 Philippines Time|"
                                  "Wed 9 Dec 2026, 23:59 JST|"),
            ("ja", "Asia/Bangkok", "2026年12月9日 21:59 タイ時間|2026年12月9日(水) 23:59 JST|")):
        babel = app.extensions["babel"]
        selector = babel.timezone_selector
        with app.test_request_context("/"), force_locale(locale):
            babel.timezone_selector = lambda zone=zone: zone
            try:
                refresh()
                assert render_template_string(page, moment=TOKYO_2359, none=None) == expected
                assert expected.startswith(format_when(TOKYO_2359))
            finally:
                babel.timezone_selector = selector


def test_an_amount_written_before_is_written_again_for_each_currency_and_language(context):
    """format_money keeps what it wrote by amount, currency and language: asked again in
    another order, each answer is its own and the same as babel writes it."""
    import babel.numbers

    from lms.i18n import format_money
    asked = [(amount, currency, locale) for amount in (0, 1_200_000, 1_200_000.0, 75)
             for currency in ("JPY", "PHP", "USD") for locale in ("en", "ja")]
    first = {}
    for amount, currency, locale in asked:
        with force_locale(locale):
            first[amount, currency, locale] = format_money(amount, currency)
    for amount, currency, locale in reversed(asked):
        with force_locale(locale):
            assert format_money(amount, currency) == first[amount, currency, locale] \
                == babel.numbers.format_currency(amount, currency, "¤#,##0", locale=locale,
                                                 currency_digits=False)
    with force_locale("en"):
        assert first[1_200_000, "JPY", "en"] == "¥1,200,000"
        assert first[75, "USD", "ja"] == "$75" and format_money(None, "USD") == ""
