from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from lms.followup import services
from lms.followup.models import ApplicationStatus, FollowUpApplication
from lms.programs.models import Enrollment
from tests import factories
from tests.conftest import csrf_token, login, outbox
from tests.followup.conftest import MOTIVATION, apply_all, follow_up_cohort, make_alumni

NOT_ALUMNUS = "Follow-up trainings are for alumni of the year-long training program"


def as_user(client, email):
    client.delete_cookie("kakehashi_session")  # a fresh browser for each person
    response = login(client, email)
    assert response.status_code == 302, email


def send(client, url, data=None, token_from=None):
    token = csrf_token(client, token_from or "/")
    return client.post(url, data={"csrf_token": token, **(data or {})})


def _routes(world, application_id):
    cohort = world.cohort.id
    return {
        "index": ("GET", "/follow-up"),
        "apply": ("GET", f"/follow-up/{cohort}/apply"),
        "apply_post": ("POST", f"/follow-up/{cohort}/apply"),
        "mine": ("GET", "/follow-up/applications"),
        "withdraw": ("POST", f"/follow-up/applications/{application_id}/withdraw"),
        "staff_cohorts": ("GET", "/follow-up/cohorts"),
        "call": ("GET", f"/follow-up/cohorts/{cohort}/call"),
        "call_post": ("POST", f"/follow-up/cohorts/{cohort}/call"),
        "close_call": ("POST", f"/follow-up/cohorts/{cohort}/call/close"),
        "applications": ("GET", f"/follow-up/cohorts/{cohort}/applications"),
        "select": ("POST", f"/follow-up/cohorts/{cohort}/applications"),
        "waitlist": ("POST", f"/follow-up/cohorts/{cohort}/waitlist"),
    }


STAFF_ROUTES = ("staff_cohorts", "call", "call_post", "close_call", "applications", "select",
                "waitlist")


@pytest.fixture
def application(db, world):
    created = services.apply(db, world.alumni[0], world.cohort, MOTIVATION)
    db.commit()
    return created


def test_anonymous_visitors_are_sent_to_sign_in(client, world, application):
    for name, (method, url) in _routes(world, application.id).items():
        response = (client.get(url) if method == "GET"
                    else send(client, url, token_from="/login"))
        assert response.status_code == 302, name
        assert "/login" in response.headers["Location"], name


@pytest.mark.parametrize("email", ["amihan@example.org", "plain@example.org"])
def test_people_who_have_not_completed_are_refused_with_the_reason(client, db, world,
                                                                   application, email):
    factories.person(db, "plain@example.org")
    db.commit()
    as_user(client, email)
    routes = _routes(world, application.id)
    for name in ("index", "apply", "mine"):
        response = client.get(routes[name][1])
        assert response.status_code == 403, name
        assert NOT_ALUMNUS in response.get_data(as_text=True), name
    response = send(client, routes["apply_post"][1], {"motivation": MOTIVATION})
    assert response.status_code == 403 and NOT_ALUMNUS in response.get_data(as_text=True)
    assert send(client, routes["withdraw"][1]).status_code == 404  # not theirs
    for name in STAFF_ROUTES:
        method, url = routes[name]
        response = client.get(url) if method == "GET" else send(client, url)
        assert response.status_code == 403, name
    assert db.scalar(select(func.count()).select_from(FollowUpApplication)) == 1


def test_staff_pages_are_refused_to_alumni(client, db, world, application):
    as_user(client, world.alumni[0].email)
    routes = _routes(world, application.id)
    for name in STAFF_ROUTES:
        method, url = routes[name]
        response = client.get(url) if method == "GET" else send(client, url, {
            "chosen": str(application.id), "last_day": "2026-12-01"})
        assert response.status_code == 403, name
    db.expire_all()
    assert db.get(FollowUpApplication, application.id).status == ApplicationStatus.SUBMITTED
    assert services.call_of(db, world.cohort).closed_at is None


def test_one_alumna_cannot_see_or_withdraw_another_s_application(client, db, world,
                                                                  application):
    as_user(client, world.alumni[1].email)
    page = client.get("/follow-up/applications").get_data(as_text=True)
    assert "You have not applied" in page
    response = send(client, f"/follow-up/applications/{application.id}/withdraw")
    assert response.status_code == 404
    assert send(client, "/follow-up/applications/999999/withdraw").status_code == 404
    db.expire_all()
    assert db.get(FollowUpApplication, application.id).status == ApplicationStatus.SUBMITTED


def test_an_alumna_applies_sees_her_state_and_withdraws(client, db, world):
    alumna = world.alumni[0]
    as_user(client, alumna.email)
    index = client.get("/follow-up").get_data(as_text=True)
    assert "Follow-up Training 2026" in index and "2 of 2 places left" in index
    assert f'href="/follow-up/{world.cohort.id}/apply"' in index
    url = f"/follow-up/{world.cohort.id}/apply"
    form_page = client.get(url).get_data(as_text=True)
    assert "Two and a half weeks in Tokyo." in form_page and 'name="motivation"' in form_page

    refused = send(client, url, {"motivation": "Too short."}, token_from=url)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 200
    assert 'id="motivation-error"' in html and "50 to 2000 characters" in html
    assert 'aria-describedby="motivation-hint motivation-error"' in html

    token = csrf_token(client, url)
    for _press in range(2):  # a double click sends the same form twice
        response = client.post(url, data={"csrf_token": token, "motivation": MOTIVATION})
        assert response.status_code == 302
    assert db.scalar(select(func.count()).select_from(FollowUpApplication)) == 1
    mine = client.get("/follow-up/applications").get_data(as_text=True)
    assert "Follow-up Training 2026" in mine and "submitted, waiting for the selection" in mine
    assert "submitted, waiting for the selection" in client.get("/follow-up").get_data(
        as_text=True)
    assert client.get(url).status_code == 302  # already applied: to her applications

    application = db.scalar(select(FollowUpApplication))
    assert send(client, f"/follow-up/applications/{application.id}/withdraw").status_code == 302
    mine = client.get("/follow-up/applications").get_data(as_text=True)
    assert "withdrawn" in mine and "Withdraw the application" not in mine


def test_a_closed_cohort_takes_no_application_through_the_page(client, db, world):
    services.close_call(db, world.staff, services.call_of(db, world.cohort))
    db.commit()
    as_user(client, world.alumni[0].email)
    url = f"/follow-up/{world.cohort.id}/apply"
    assert client.get(url).status_code == 302
    assert send(client, url, {"motivation": MOTIVATION}).status_code == 302
    assert db.scalar(select(func.count()).select_from(FollowUpApplication)) == 0
    assert "No follow-up training is taking applications" in client.get(
        "/follow-up").get_data(as_text=True)


def test_other_cohorts_are_not_found_on_follow_up_routes(client, db, world):
    as_user(client, world.alumni[0].email)
    assert client.get(f"/follow-up/{world.year.id}/apply").status_code == 404
    assert client.get("/follow-up/999999/apply").status_code == 404
    as_user(client, world.staff.email)
    for url in (f"/follow-up/cohorts/{world.year.id}/applications",
                f"/follow-up/cohorts/{world.year.id}/call", "/follow-up/cohorts/999999/call"):
        assert client.get(url).status_code == 404, url


def test_staff_open_and_close_a_call(client, db, world):
    cohort = follow_up_cohort(db, title="Follow-up 2027", starts_on=dt.date(2027, 9, 1),
                              last_day=None)
    db.commit()
    as_user(client, world.staff.email)
    url = f"/follow-up/cohorts/{cohort.id}/call"
    assert "Alumni cannot apply yet" in client.get(url).get_data(as_text=True)
    late = send(client, url, {"intro": "Come.", "last_day": "2027-09-01"}, token_from=url)
    assert late.status_code == 200 and 'id="last_day-error"' in late.get_data(as_text=True)
    assert send(client, url, {"intro": "Come.", "last_day": "2027-06-30"},
                token_from=url).status_code == 302
    assert services.is_open_for_applications(cohort, services.call_of(db, cohort))
    assert send(client, f"{url}/close", token_from=url).status_code == 302
    db.expire_all()
    assert services.call_of(db, cohort).closed_at is not None


def test_staff_select_through_the_page_and_everyone_is_told(client, db, world):
    applications = apply_all(db, world.cohort, world.alumni[:4])
    db.commit()
    as_user(client, world.staff.email)
    url = f"/follow-up/cohorts/{world.cohort.id}/applications"
    page = client.get(url).get_data(as_text=True)
    assert "Putri Handayani" in page and "Indonesia" in page and "36th cohort" in page
    assert MOTIVATION in page
    assert f'<label for="chosen-{applications[0].id}">Putri Handayani</label>' in page

    too_many = send(client, url, {"chosen": [str(a.id) for a in applications[:3]]},
                    token_from=url)
    html = too_many.get_data(as_text=True)
    assert too_many.status_code == 200 and "3 people, but 2 places are left" in html
    assert 'id="chosen-error"' in html
    assert db.scalar(select(func.count()).select_from(Enrollment).where(
        Enrollment.cohort_id == world.cohort.id)) == 0
    assert outbox(client.application) == []

    done = send(client, url, {"chosen": [str(applications[0].id), str(applications[2].id)]},
                token_from=url)
    assert done.status_code == 302
    db.expire_all()
    statuses = [db.get(FollowUpApplication, a.id).status for a in applications]
    assert statuses == [ApplicationStatus.SELECTED, ApplicationStatus.WAITLISTED,
                        ApplicationStatus.SELECTED, ApplicationStatus.WAITLISTED]
    mails = outbox(client.application)
    assert sorted(m.subject.split(":")[0] for m in mails) == [
        "On the waitlist", "On the waitlist", "You have been selected", "You have been selected"]
    page = client.get(url).get_data(as_text=True)
    assert "0 of 2 places left" in page


def test_staff_waitlist_everyone_still_waiting(client, db, world):
    applications = apply_all(db, world.cohort, world.alumni[:2])
    db.commit()
    as_user(client, world.staff.email)
    url = f"/follow-up/cohorts/{world.cohort.id}/applications"
    assert "Put everyone still waiting on the waitlist" in client.get(url).get_data(as_text=True)
    assert send(client, f"/follow-up/cohorts/{world.cohort.id}/waitlist",
                token_from=url).status_code == 302
    db.expire_all()
    assert {db.get(FollowUpApplication, a.id).status for a in applications} == {
        ApplicationStatus.WAITLISTED}
    assert len(outbox(client.application)) == 2
    # Each sees their place on the waiting list, in the order they applied.
    for number, alumna in enumerate(world.alumni[:2], start=1):
        as_user(client, alumna.email)
        mine = client.get("/follow-up/applications").get_data(as_text=True)
        assert f"You are number {number} on the waiting list." in mine
        # "Write to the program staff" comes with the address to write to.
        assert '<a href="/messages/office/new">Write to the program office</a>' in mine


def test_staff_see_the_follow_up_cohorts(client, db, world, application):
    as_user(client, world.staff.email)
    page = client.get("/follow-up/cohorts").get_data(as_text=True)
    assert "Follow-up Training 2026" in page and "submitted, waiting for the selection: 1" in page
    assert "36th cohort" not in page
    index = client.get("/follow-up")
    assert index.status_code == 200 and "/apply" not in index.get_data(as_text=True)


def _queries_for(client, count_queries, url) -> int:
    client.get(url)  # warm caches (templates, translations)
    with count_queries() as counter:
        response = client.get(url)
    assert response.status_code == 200
    return counter.count


def test_the_selection_page_does_not_grow_with_the_applications(client, db, world,
                                                                count_queries):
    apply_all(db, world.cohort, world.alumni[:3])
    db.commit()
    as_user(client, world.staff.email)
    url = f"/follow-up/cohorts/{world.cohort.id}/applications"
    few = _queries_for(client, count_queries, url)
    apply_all(db, world.cohort, make_alumni(db, world.year, 30))
    db.commit()
    assert _queries_for(client, count_queries, url) == few
    assert few <= 12


def test_the_open_cohorts_page_does_not_grow_with_the_applications(client, db, world,
                                                                   count_queries):
    alumna = world.alumni[0]
    services.apply(db, alumna, world.cohort, MOTIVATION)
    apply_all(db, world.cohort, world.alumni[1:4])
    db.commit()
    as_user(client, alumna.email)
    few = _queries_for(client, count_queries, "/follow-up")
    for number in range(3):
        follow_up_cohort(db, title=f"Extra {number}", starts_on=dt.date(2027, 4 + number, 1))
    apply_all(db, world.cohort, make_alumni(db, world.year, 30))
    db.commit()
    assert _queries_for(client, count_queries, "/follow-up") == few
    assert _queries_for(client, count_queries, "/follow-up/applications") <= few + 1


def test_the_staff_cohorts_page_does_not_grow_with_the_cohorts(client, db, world,
                                                               count_queries):
    as_user(client, world.staff.email)
    few = _queries_for(client, count_queries, "/follow-up/cohorts")
    for number in range(5):
        cohort = follow_up_cohort(db, title=f"Extra {number}",
                                  starts_on=dt.date(2027, 4 + number, 1))
        apply_all(db, cohort, world.alumni[:3])
    db.commit()
    assert _queries_for(client, count_queries, "/follow-up/cohorts") == few
