"""Staff's register and placement board, and a trainee's placements on her home and calendar."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from sqlalchemy import func, select

from lms.accounts import services as accounts
from lms.placements import services
from lms.placements.models import HostFacility, Placement
from tests.conftest import PAGE_QUERIES, login, post
from tests.placements.conftest import PRACTICUM_OPENS, place_more_trainees, placement_details


def _as(client, email):
    client.delete_cookie("kakehashi_session")
    assert login(client, email).status_code == 302, email


def _place(db, year, enrollment="trainee", **changes):
    placement = services.place(db, year["staff"], year[enrollment], year["practicum"],
                               placement_details(year, **changes), None)
    db.commit()
    return placement


def test_staff_add_a_facility_and_find_it_by_prefecture_and_field(client, db, year):
    _as(client, "staff@example.org")
    response = post(client, "/placements/facilities/new", {
        "name": "Hikari Children's Home", "name_ja": "ひかり学園", "field": "children",
        "prefecture": "13", "city": "Setagaya", "contact_email": "office@hikari.example"},
        token_from="/placements/facilities/new")
    assert response.status_code == 302
    hikari = db.scalar(select(HostFacility).where(HostFacility.name_ja == "ひかり学園"))
    assert response.headers["Location"].endswith(f"/placements/facilities/{hikari.id}")
    tokyo = client.get("/placements/facilities?prefecture=13").get_data(as_text=True)
    assert "Hikari Children&#39;s Home" in tokyo and "Sakura no Sato" not in tokyo
    children = client.get("/placements/facilities?field=children&prefecture=").get_data(
        as_text=True)
    assert "Hikari" in children and "Sakura" not in children
    assert "Sakura no Sato" in client.get("/placements/facilities?q=kanaz").get_data(
        as_text=True)


def test_a_facility_form_shows_each_error_beside_its_field_and_saves_nothing(client, db, year):
    _as(client, "staff@example.org")
    response = post(client, "/placements/facilities/new",
                    {"name": "", "field": "children", "prefecture": "99",
                     "contact_email": "not-an-address"}, token_from="/placements/facilities/new")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="name-error"' in page and 'id="prefecture-error"' in page
    assert 'id="contact_email-error"' in page
    assert db.scalar(select(func.count()).select_from(HostFacility)) == 1


def test_a_facility_page_shows_its_placements(client, db, year):
    _place(db, year)
    _as(client, "staff@example.org")
    page = client.get(f"/placements/facilities/{year['sakura'].id}").get_data(as_text=True)
    assert "Amihan Reyes" in page and "Mori Yuki" in page and "石川県金沢市" in page


def test_the_register_downloads_and_comes_back_as_the_same_facilities(client, db, year):
    _as(client, "staff@example.org")
    exported = client.get("/placements/facilities.csv")
    assert exported.mimetype == "text/csv"
    text = exported.get_data(as_text=True)
    assert text.splitlines()[0].lstrip("\ufeff").startswith("id,name,name_ja,kind,field")
    response = post(client, "/placements/facilities/import", {
        "csv_file": (io.BytesIO(text.encode("utf-8")), "facilities.csv")},
        token_from="/placements/facilities/import", content_type="multipart/form-data")
    assert response.status_code == 302
    assert db.scalar(select(func.count()).select_from(HostFacility)) == 1


def test_an_import_with_problems_lists_them_by_line_and_adds_nothing(client, db, year):
    _as(client, "staff@example.org")
    page = post(client, "/placements/facilities/import", {
        "csv_text": "name,field,prefecture\nA home,older_people,Tokyo\n,children,Mars\n"},
        token_from="/placements/facilities/import").get_data(as_text=True)
    assert "Nothing has been imported." in page
    assert "Line 3: The facility&#39;s name is missing." in page
    assert "Line 3: “Mars” is not a prefecture of Japan." in page
    assert db.scalar(select(func.count()).select_from(HostFacility)) == 1


def test_the_board_shows_who_is_not_placed_and_a_placement_reaching_into_another_module(
        client, db, year):
    _place(db, year, starts_on=PRACTICUM_OPENS - dt.timedelta(days=3))
    _as(client, "staff@example.org")
    page = client.get(f"/cohorts/{year['cohort'].id}/placements").get_data(as_text=True)
    amihan, siriporn = page.split("Amihan Reyes", 1)[1], page.split("Siriporn K", 1)[1]
    assert "Sakura no Sato" in amihan.split("</tr>")[0]
    assert "Overlaps: Long-term care" in amihan.split("</tr>")[0]
    assert "Not placed" in siriporn.split("</tr>")[0]
    place_url = (f"/cohorts/{year['cohort'].id}/placements/{year['classmate'].id}/later")
    assert f'href="{place_url}"' in page
    assert "2 things on this page need attention." in page


def test_the_board_lists_trainees_by_their_names_now(client, db, year):
    _as(client, "staff@example.org")
    board = f"/cohorts/{year['cohort'].id}/placements"
    page = client.get(board).get_data(as_text=True)
    assert page.index("Amihan Reyes") < page.index("Siriporn K")
    amihan = year["trainee"].user
    accounts.update_profile(db, amihan, "Yumi Amihan", amihan.country, amihan.locale,
                            amihan.timezone)
    db.commit()
    page = client.get(board).get_data(as_text=True)
    assert page.index("Siriporn K") < page.index("Yumi Amihan")


def test_staff_place_a_trainee_from_the_board(client, db, year):
    _as(client, "staff@example.org")
    url = f"/cohorts/{year['cohort'].id}/placements/{year['classmate'].id}/later"
    form = client.get(url).get_data(as_text=True)
    assert 'value="2019-09-29"' in form  # the practicum's first day, offered
    refused = post(client, url, {"facility_id": year["sakura"].id, "starts_on": "2019-10-10",
                                 "ends_on": "2019-10-01"}, token_from=url)
    assert refused.status_code == 200
    assert 'id="ends_on-error"' in refused.get_data(as_text=True)
    response = post(client, url, {"facility_id": year["sakura"].id, "starts_on": "2019-10-01",
                                  "ends_on": "2019-12-10", "supervisor_name": "Mori Yuki"},
                    token_from=url)
    assert response.status_code == 302
    placement = db.scalar(select(Placement))
    assert placement.enrollment_id == year["classmate"].id
    assert placement.field == year["sakura"].field  # the facility's, as none was chosen


@pytest.mark.parametrize("path", [
    "/cohorts/{cohort}/placements/{outsider}/later",  # a trainee of another cohort
    "/cohorts/{cohort}/placements/{mentor}/later",  # not a trainee
    "/cohorts/{cohort}/placements/{trainee}/care",  # not a practicum
])
def test_a_placement_address_for_no_trainee_or_practicum_of_the_cohort_is_not_found(
        client, db, year, path):
    _as(client, "staff@example.org")
    url = path.format(cohort=year["cohort"].id, outsider=year["outsider"].id,
                      mentor=year["mentor"].id, trainee=year["trainee"].id)
    assert client.get(url).status_code == 404


def test_the_trainee_sees_her_placement_on_her_home_and_in_her_calendar(client, db, year):
    _place(db, year)
    _as(client, "amihan@example.org")
    home = client.get("/").get_data(as_text=True)
    assert "Your placements" in home and "Sakura no Sato" in home
    assert "石川県金沢市広坂1-1-1" in home and "Dormitory of the facility" in home
    post(client, "/calendar/new", token_from="/calendar")
    feed_path = next(line for line in client.get("/calendar").get_data(as_text=True).split('"')
                     if line.endswith(".ics"))
    feed = client.get(feed_path.split("127.0.0.1:5000")[-1]).get_data(as_text=True)
    unfolded = feed.replace("\r\n ", "")
    assert "SUMMARY:Placement: Sakura no Sato" in unfolded
    assert "DTSTART;VALUE=DATE:20190929" in unfolded
    assert "LOCATION:Ishikawa Kanazawa 〒920-0000 石川県金沢市広坂1-1-1" in unfolded
    _as(client, "siriporn@example.org")
    assert "Your placements" not in client.get("/").get_data(as_text=True)


def test_the_board_does_not_grow_in_queries_with_the_cohort(client, db, year, count_queries):
    _place(db, year)
    _as(client, "staff@example.org")
    url = f"/cohorts/{year['cohort'].id}/placements"

    def queries():
        with count_queries() as counter:
            assert client.get(url).status_code == 200
        return counter.count

    queries()
    year["cohort"].capacity = 200
    db.commit()
    few = queries()
    assert few <= PAGE_QUERIES
    place_more_trainees(db, year, 30)
    assert queries() == few


def test_staff_tick_what_she_did_before_the_placement_and_she_sees_what_is_left(
        client, db, year):
    placement = _place(db, year)
    url = f"/cohorts/{year['cohort'].id}/placements/{year['trainee'].id}/later/readiness"
    _as(client, "staff@example.org")
    board = client.get(f"/cohorts/{year['cohort'].id}/placements").get_data(as_text=True)
    assert f'<a href="{url}">Before it: 5 checks to do</a>' in board
    response = post(client, url, {
        "stool_test_needed": "y", "stool_test_done_on": "2019-09-10",
        "vaccinations_needed": "y", "vaccinations_done_on": "2019-09-12",
        "vaccinations_note": "Influenza",
        "tb_screening_needed": "y",
        # the facility does not ask for insurance: the box is left unticked
        "orientation_needed": "y", "orientation_done_on": "2019-09-27"}, token_from=url)
    assert response.status_code == 302
    by_kind = {item.kind.value: item for item in placement.readiness}
    db.refresh(placement)
    assert [item.kind.value for item in placement.missing] == ["tb_screening"]
    assert by_kind["vaccinations"].note == "Influenza"
    assert not by_kind["liability_insurance"].needed
    board = client.get(f"/cohorts/{year['cohort'].id}/placements").get_data(as_text=True)
    assert "Before it: 1 check to do" in board
    _as(client, "amihan@example.org")
    home = client.get("/").get_data(as_text=True)
    assert "Still to do: Tuberculosis screening" in home


def test_a_check_is_not_done_after_the_placement_ends(client, db, year):
    _place(db, year)
    url = f"/cohorts/{year['cohort'].id}/placements/{year['trainee'].id}/later/readiness"
    _as(client, "staff@example.org")
    page = post(client, url, {"stool_test_needed": "y", "stool_test_done_on": "2020-02-01"},
                token_from=url).get_data(as_text=True)
    assert 'id="stool_test_done_on-error"' in page
    assert "A check is done before the placement ends." in page


def test_readiness_of_no_placement_is_not_found(client, db, year):
    _as(client, "staff@example.org")
    url = f"/cohorts/{year['cohort'].id}/placements/{year['classmate'].id}/later/readiness"
    assert client.get(url).status_code == 404
