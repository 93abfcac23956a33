"""The signed-out home (issue 17, item 15): what Kakehashi is for this organization, the open
calls with their deadlines, the certificate check, and sign-in at the side, in few queries;
and the favicon every page links to."""

from __future__ import annotations

import datetime as dt

import pytest

from lms.admissions import services as admission_services
from tests import factories
from tests.admissions.conftest import call_input


def test_a_visitor_reads_what_this_is_for_the_open_calls_and_the_certificate_check(
        client, db, count_queries):
    cohort = factories.cohort(db, number=44, starts_on=dt.date(2027, 3, 11), active=False)
    call = admission_services.create_call(db, factories.staff(db), call_input(cohort.id))
    later = factories.cohort(db, number=45, starts_on=dt.date(2028, 3, 9), active=False)
    coming = admission_services.create_call(db, factories.staff(db), call_input(
        later.id, title="Call for the 45th cohort",
        opens_at=dt.datetime.now() + dt.timedelta(days=30),
        closes_at=dt.datetime.now() + dt.timedelta(days=60)))
    db.commit()
    with count_queries() as counter:
        response = client.get("/")
    assert response.status_code == 200
    # The open calls are one query and the upcoming events another; a visitor has no session,
    # roles or notifications to read.
    assert len(counter.statements) <= 2, counter.statements
    page = response.get_data(as_text=True)
    assert "<h1>Kakehashi</h1>" in page and "training programs for social welfare" in page
    assert f'href="/admissions/calls/{call.id}">{call.title}</a> — until ' in page
    assert coming.title not in page
    assert 'action="/verify"' in page and 'name="code"' in page
    assert 'action="/login"' in page and 'name="password"' in page


@pytest.mark.parametrize("config_overrides", [{
    "LMS_ORGANIZATION_NAME": "Japan National Council of Social Welfare",
    "LMS_HOME_INTRO": "We train **social welfare workers** from across Asia."}])
def test_the_organization_names_itself_and_writes_its_own_text(client, db):
    page = client.get("/").get_data(as_text=True)
    assert "<h1>Japan National Council of Social Welfare</h1>" in page
    assert "<strong>social welfare workers</strong>" in page
    assert "No call is open for applications now." in page


@pytest.mark.parametrize("config_overrides", [{
    "LMS_ISSUER_NAME": "National Council of Social Welfare",
    "LMS_ISSUER_NAME_JA": "全国社会福祉協議会",
    "LMS_HOME_INTRO_JA": "アジアの社会福祉従事者の研修を行っています。"}])
def test_the_issuer_names_the_home_in_the_readers_language_unless_told_otherwise(client, db):
    english = client.get("/").get_data(as_text=True)
    assert "<h1>National Council of Social Welfare</h1>" in english
    # The Japanese text is for Japanese readers; an English one falls back to it.
    assert "アジアの社会福祉従事者の研修を行っています。" in english
    japanese = client.get("/", headers={"Accept-Language": "ja"}).get_data(as_text=True)
    assert "<h1>全国社会福祉協議会</h1>" in japanese


def test_every_page_has_a_favicon(client):
    page = client.get("/login").get_data(as_text=True)
    assert '<link rel="icon" type="image/svg+xml" href="/assets/lms/favicon.svg">' in page
    icon = client.get("/assets/lms/favicon.svg")
    assert icon.status_code == 200 and icon.mimetype == "image/svg+xml"
