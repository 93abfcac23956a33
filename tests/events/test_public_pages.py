"""The public events pages (issue 20, item 8): upcoming and past editions of every kind of
event, read without signing in, in the reader's language, each with its program and how to
register; drafts never shown; nothing staff's or participants' only on them."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from lms.events import program, public, reports, services
from lms.events.models import SessionKind
from lms.programs import services as program_services
from lms.programs.models import CohortStatus, Program, ProgramKind
from lms.programs.replacing import replace_cohort
from tests import factories
from tests.events.conftest import NOW, as_user, make_seminar, user

DETAILS = {"venue": "Hall of Hearts", "city": "Seoul", "per_country_cap": 7,
           "registration_closes_on": None}


def event_program(db, kind=ProgramKind.FORUM, name="Welfare Forum", name_ja=None):
    program_row = db.scalar(select(Program).where(Program.slug == f"public-{kind.value}"))
    if program_row is None:
        program_row = Program(slug=f"public-{kind.value}", kind=kind, code="PUB",
                              title=name, name_ja=name_ja)
        db.add(program_row)
        db.flush()
    return program_row


def edition(db, title="Forum on Community Care", starts_on=dt.date(2026, 12, 14), days=2,
            kind=ProgramKind.FORUM, number=None, details=True, name_ja=None, **overrides):
    cohort = program_services.create_cohort(
        db, factories.staff(db), event_program(db, kind), program_services.CohortDetails(
            number=number, fiscal_year=starts_on.year, title=title, starts_on=starts_on,
            ends_on=starts_on + dt.timedelta(days=days - 1), timezone="Asia/Tokyo",
            capacity=123, course_id=None))
    cohort.name_ja = name_ja
    if details:
        services.save_details(db, factories.staff(db), cohort,
                              services.EditionDetails(**{**DETAILS, **overrides}))
    db.commit()
    return cohort


def page(client, path, **headers):
    response = client.get(path, headers=headers)
    assert response.status_code == 200, (path, response.status_code)
    return response.get_data(as_text=True)


# The list -------------------------------------------------------------------------------------


def test_anyone_sees_upcoming_editions_soonest_first_and_past_ones_newest_first(client, db,
                                                                                world):
    later = edition(db, "Forum 2027", starts_on=dt.date(2027, 2, 1))
    sooner = edition(db, "Forum December", starts_on=dt.date(2026, 11, 20))
    old = edition(db, "Forum 2018", starts_on=dt.date(2018, 5, 1))
    older = edition(db, "Forum 2016", starts_on=dt.date(2016, 5, 1))
    text = page(client, "/events/public")
    upcoming, past = text.split('id="past-heading"')
    assert upcoming.index("Forum December") < upcoming.index("Forum 2027")
    assert "8th Asian Social Welfare Seminar" in upcoming
    assert past.index("7th Asian Social Welfare Seminar") < past.index("Forum 2018") \
        < past.index("Forum 2016")
    for cohort in (later, sooner, old, older):
        assert f"/events/public/{cohort.id}" in text


def test_the_past_list_is_paginated(app, client, db, world):
    app.config["LMS_PAGE_SIZE"] = 2
    for year in (2010, 2011, 2012):
        edition(db, f"Forum {year}", starts_on=dt.date(year, 5, 1))
    first = page(client, "/events/public").split('id="past-heading"')[1]
    second = page(client, "/events/public?page=2").split('id="past-heading"')[1]
    assert "7th Asian Social Welfare Seminar" in first and "Forum 2012" in first
    assert "Forum 2011" in second and "Forum 2010" in second and "Forum 2012" not in second


def test_drafts_and_cohorts_that_are_not_events_never_appear(client, db, world):
    draft = edition(db, "Secret draft forum", details=False)
    for path in ("/events/public", "/"):
        assert "Secret draft forum" not in page(client, path)
    for path in (f"/events/public/{draft.id}", f"/events/public/{draft.id}/program.ics",
                 f"/events/public/{world['current'].id}", "/events/public/999999"):
        assert client.get(path).status_code == 404, path
    # Staff too read the public page as the public does: a draft is theirs on /events only.
    as_user(client, "staff@example.org")
    assert client.get(f"/events/public/{draft.id}").status_code == 404


def test_the_public_home_lists_the_next_editions(client, db, world):
    cancelled = edition(db, "Forum called off", starts_on=dt.date(2026, 11, 25))
    program_services.change_cohort_status(db, factories.staff(db), cancelled,
                                         CohortStatus.CANCELLED, "Typhoon")
    db.commit()
    text = page(client, "/")
    assert "Upcoming events" in text
    assert f'/events/public/{world["seminar"].id}' in text
    assert "Forum called off" not in text
    assert "7th Asian Social Welfare Seminar" not in text  # past
    assert "/events/public" in text


# Nothing staff's or participants' only --------------------------------------------------------


def test_public_pages_show_no_links_caps_places_or_participants(client, db, world):
    cohort = edition(db, open_to_public=True, country_caps={"KR": 9})
    program.add_session(db, world["staff"], cohort, program.SessionDetails(
        kind=SessionKind.LECTURE, title="Online opening", day=cohort.starts_on,
        starts=dt.time(10, 0), ends=dt.time(11, 0), online=True,
        meeting_url="https://meet.example.org/secret-room",
        recording_url="https://video.example.org/recording", materials="Slides **secret**"))
    for email in ("alumna@example.org", "alumnus@example.org"):
        services.register(db, user(db, email), cohort)
    db.commit()
    # Even at the session's time, and even for a registered participant or staff.
    for email in (None, "alumna@example.org", "staff@example.org"):
        if email:
            as_user(client, email)
        for path in (f"/events/public/{cohort.id}", "/events/public",
                     f"/events/public/{cohort.id}/program.ics"):
            text = client.get(path).get_data(as_text=True)
            for secret in ("secret-room", "video.example.org", "Slides", "Wichai Boonmee",
                           "123", "Up to 7", "Up to 9", "registered of", "Attendance",
                           f"/events/{cohort.id}/sessions"):
                assert secret not in text, (email, path, secret)
        assert "Online opening" in page(client, f"/events/public/{cohort.id}")


def test_the_program_is_shown_and_offered_as_an_icalendar_file(client, db, world):
    cohort = world["seminar"]
    program.add_session(db, world["staff"], cohort, program.SessionDetails(
        kind=SessionKind.SITE_VISIT, title="Visit to a day centre", day=cohort.starts_on,
        starts=dt.time(14, 0), ends=dt.time(16, 0), place="Setagaya day centre"))
    db.commit()
    text = page(client, f"/events/public/{cohort.id}")
    assert "Visit to a day centre" in text and "Setagaya day centre" in text
    assert "Site visit" in text and "14:00" in text
    response = client.get(f"/events/public/{cohort.id}/program.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    body = response.get_data(as_text=True)
    assert "SUMMARY:Visit to a day centre" in body
    assert "LOCATION:Setagaya day centre" in body
    assert "DTSTART:20261207T050000Z" in body  # 14:00 in Tokyo


def test_a_report_has_its_marked_place_and_nothing_shows_without_one(client, db, world):
    text = page(client, f"/events/public/{world['past_seminar'].id}")
    assert "This event is over." in text
    assert 'id="report-heading"' not in text


def test_a_published_report_is_linked_from_the_past_list_and_the_editions_page(client, db,
                                                                               world):
    past = world["past_seminar"]
    report_address = f"/events/{past.id}/report/public"
    reports.save_summary(db, factories.staff(db), past, "Six days, seven countries.")
    db.commit()
    assert report_address not in page(client, "/events/public")  # written, not published
    assert report_address not in page(client, f"/events/public/{past.id}")

    reports.publish(db, factories.staff(db), past)
    db.commit()
    assert report_address in page(client, "/events/public")
    text = page(client, f"/events/public/{past.id}")
    assert 'id="report-heading"' in text and report_address in text
    assert "Six days, seven countries." in page(client, report_address)


# Both languages -------------------------------------------------------------------------------


def test_a_japanese_reader_sees_the_japanese_names_and_description(client, db, world):
    cohort = edition(db, "Welfare Forum 2026", name_ja="福祉フォーラム2026",
                     description="About community care.", description_ja="地域ケアについて。")
    cohort.program.name_ja = "福祉フォーラム"
    db.commit()
    japanese = page(client, f"/events/public/{cohort.id}", **{"Accept-Language": "ja"})
    assert "福祉フォーラム2026" in japanese and "地域ケアについて。" in japanese
    assert "About community care." not in japanese
    assert "福祉フォーラム2026" in page(client, "/events/public", **{"Accept-Language": "ja"})
    english = page(client, f"/events/public/{cohort.id}", **{"Accept-Language": "en"})
    assert "Welfare Forum 2026" in english and "About community care." in english
    assert "地域ケアについて。" not in english


@pytest.mark.parametrize(("language", "shown"),
                         [("ja", "Only in English."), ("en", "日本語のみ。")])
def test_each_language_falls_back_to_the_other(client, db, world, language, shown):
    description = {"ja": {"description": "Only in English."},
                   "en": {"description_ja": "日本語のみ。"}}[language]
    cohort = edition(db, **description)
    assert shown in page(client, f"/events/public/{cohort.id}",
                         **{"Accept-Language": language})


def test_staff_save_the_japanese_description_on_the_details_form(client, db, world):
    from tests.conftest import csrf_token

    as_user(client, "staff@example.org")
    cohort = world["seminar"]
    form = client.get(f"/events/{cohort.id}/details").get_data(as_text=True)
    assert 'name="description_ja"' in form
    response = client.post(f"/events/{cohort.id}/details", data={
        "csrf_token": csrf_token(client, f"/events/{cohort.id}/details"),
        "venue": "Hall", "city": "Tokyo", "open_to_alumni": "y", "retention_days": "365",
        "description": "In English", "description_ja": "日本語で"})
    assert response.status_code == 302
    db.expire_all()
    assert services.seminar_of(db, cohort).description_ja == "日本語で"


# How to register ------------------------------------------------------------------------------


def guidance_of(client, cohort):
    text = page(client, f"/events/public/{cohort.id}")
    marker = text.split('data-guidance="', 1)[1]
    return marker.split('"', 1)[0], text


def test_an_edition_open_to_anyone_sends_visitors_to_sign_in_or_create_an_account(client, db,
                                                                                   world):
    cohort = edition(db, open_to_public=True, open_to_alumni=False, open_to_trainees=False)
    guidance, text = guidance_of(client, cohort)
    assert guidance == "open_to_anyone"
    assert f"/login?next=/events/{cohort.id}" in text.replace("%2F", "/")
    assert f"/register?next=/events/{cohort.id}" in text.replace("%2F", "/")


def test_an_edition_for_alumni_and_trainees_says_so_and_offers_only_to_sign_in(client, db,
                                                                                world):
    guidance, text = guidance_of(client, world["seminar"])
    assert guidance == "members_only"
    assert "Alumni of the year-long training program" in text
    assert "/login?next=" in text and "/register?next=" not in text


def test_a_signed_in_person_is_sent_to_the_editions_page_only_if_it_is_open_to_them(
        client, db, world):
    cohort = world["seminar"]
    as_user(client, "alumna@example.org")
    assert f'href="/events/{cohort.id}"' in page(client, f"/events/public/{cohort.id}")
    as_user(client, "plain@example.org")
    text = page(client, f"/events/public/{cohort.id}")
    assert f'href="/events/{cohort.id}"' not in text
    assert "not among those who may register" in text


def test_the_window_not_yet_open_says_when_it_opens(client, db, world):
    cohort = edition(db, registration_opens_on=dt.date(2026, 11, 10))
    guidance, text = guidance_of(client, cohort)
    assert guidance == "not_yet" and "/login" not in text.split('id="register-heading"')[1]


def test_a_closed_window_says_it_is_closed(client, db, world):
    cohort = edition(db, registration_closes_on=dt.date(2026, 10, 31))
    assert guidance_of(client, cohort)[0] == "closed"


def test_a_cancelled_edition_says_so_with_its_reason(client, db, world):
    cohort = edition(db)
    program.add_session(db, world["staff"], cohort, program.SessionDetails(
        kind=SessionKind.LECTURE, title="Keynote", day=cohort.starts_on,
        starts=dt.time(10, 0), ends=dt.time(11, 0)))
    program_services.change_cohort_status(db, factories.staff(db), cohort,
                                         CohortStatus.CANCELLED, "COVID-19")
    db.commit()
    guidance, text = guidance_of(client, cohort)
    assert guidance == "cancelled" and "COVID-19" in text and "/login" not in text.split(
        'id="register-heading"')[1]
    assert "STATUS:CANCELLED" in client.get(
        f"/events/public/{cohort.id}/program.ics").get_data(as_text=True)


def test_a_replaced_edition_links_to_its_replacement(client, db, world):
    cohort = edition(db, "Follow-up forum 2026")
    replace_cohort(db, factories.staff(db), cohort, world["seminar"],
                   "Held as the 8th seminar instead")
    db.commit()
    guidance, text = guidance_of(client, cohort)
    assert guidance == "replaced" and "Held as the 8th seminar instead" in text
    assert f'href="/events/public/{world["seminar"].id}"' in text
    assert "Replaced by 8th Asian Social Welfare Seminar" in page(client, "/events/public")


def test_a_replacement_without_a_public_page_is_named_but_not_linked(client, db, world):
    cohort = edition(db, "Forum replaced by a year")
    replace_cohort(db, factories.staff(db), cohort, world["current"], "The year's cohort")
    db.commit()
    guidance, text = guidance_of(client, cohort)
    assert guidance == "replaced"
    assert f"/events/public/{world['current'].id}" not in text


def test_the_rule_decides_in_order_of_state_window_and_audience(db, world):
    cohort = edition(db, open_to_public=True, registration_opens_on=dt.date(2026, 11, 10))
    item = public.public_edition(db, cohort.id)
    assert public.registering(item, NOW).guidance == public.Guidance.NOT_YET
    opened = dt.datetime(2026, 11, 9, 15, 0, tzinfo=dt.UTC)  # 10 November 00:00 in Tokyo
    assert public.registering(item, opened).guidance == public.Guidance.OPEN_TO_ANYONE
    assert public.registering(item, opened - dt.timedelta(seconds=1)).guidance \
        == public.Guidance.NOT_YET
    started = dt.datetime(2026, 12, 13, 15, 0, tzinfo=dt.UTC)
    assert public.registering(item, started).guidance == public.Guidance.CLOSED
    over = dt.datetime(2026, 12, 15, 15, 0, tzinfo=dt.UTC)
    assert public.registering(item, over).guidance == public.Guidance.OVER
    cohort.status = CohortStatus.COMPLETED
    assert public.registering(item, NOW).guidance == public.Guidance.OVER


# Queries --------------------------------------------------------------------------------------


def test_the_lists_and_the_home_cost_the_same_with_3_or_30_editions(client, db, world,
                                                                   count_queries):
    def counts():
        found = {}
        for path in ("/events/public", "/", "/events/public?page=2"):
            client.get(path)  # warm
            with count_queries() as counter:
                assert client.get(path).status_code == 200
            found[path] = counter.count
        return found

    for index in range(3):
        edition(db, f"Forum no. {index}", starts_on=dt.date(2030 - index * 20, 1, 1))
    few = counts()
    other = edition(db, "Forum to replace with", starts_on=dt.date(2029, 6, 1))
    for index in range(27):
        cohort = edition(db, f"Forum more {index}",
                         starts_on=dt.date(2027 + index % 2 * -20, 1, 1)
                         + dt.timedelta(days=index))
        if index % 3 == 0:
            replace_cohort(db, factories.staff(db), cohort, other, "Merged")
    db.commit()
    assert counts() == few


def test_an_editions_page_costs_the_same_with_many_sessions(client, db, world, count_queries):
    cohort = world["seminar"]

    def count():
        client.get(f"/events/public/{cohort.id}")  # the test's own objects loaded again
        with count_queries() as counter:
            assert client.get(f"/events/public/{cohort.id}").status_code == 200
        return counter.count

    program.add_session(db, world["staff"], cohort, program.SessionDetails(
        kind=SessionKind.LECTURE, title="Lecture 0", day=cohort.starts_on,
        starts=dt.time(9, 0), ends=dt.time(9, 30)))
    db.commit()
    few = count()
    for index in range(1, 12):
        program.add_session(db, world["staff"], cohort, program.SessionDetails(
            kind=SessionKind.LECTURE, title=f"Lecture {index}",
            day=cohort.starts_on + dt.timedelta(days=index % 5),
            starts=dt.time(10, index), ends=dt.time(11, index)))
    db.commit()
    assert count() == few


def test_make_seminar_helper_still_gives_a_public_edition(db, world):
    assert public.is_public(db, make_seminar(db, number=12, starts_on=dt.date(2027, 5, 1)).id)


def test_an_edition_that_chooses_through_calls_sends_visitors_to_its_calls(client, db, world):
    from lms.admissions import services as admissions
    from tests.admissions.conftest import call_input

    cohort = edition(db, open_to_public=True)
    call = admissions.create_call(db, factories.staff(db), call_input(
        cohort.id, side_country="KR", title="Exchange: participants from Korea",
        country_quota=None))
    db.commit()
    text = page(client, f"/events/public/{cohort.id}")
    assert 'data-guidance="through_calls"' in text
    assert f'href="/admissions/calls/{call.id}">Exchange: participants from Korea</a>' in text
    assert "Create an account" not in text
