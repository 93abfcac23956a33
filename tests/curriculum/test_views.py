from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
import time_machine
from sqlalchemy import func, select

from lms.accounts.models import Role, User
from lms.curriculum.models import Item, LessonProgress
from lms.curriculum.sync import sync_courses
from lms.programs import services
from lms.programs.models import Enrollment, EnrollmentRole
from tests import factories
from tests.conftest import PAGE_QUERIES, login, post

# 36th cohort: day 1 is 14 March 2019; module "care" opens on day 30 (12 April 2019).
DURING_ARRIVAL = dt.datetime(2019, 3, 20, 3, 0, tzinfo=dt.UTC)


@pytest.fixture
def year(app, db, tmp_path):
    """A cohort with a course, a trainee, a mentor following them, another trainee without
    that mentor, and a trainee of another cohort."""
    course = factories.synced_course(db, tmp_path)
    cohort = factories.cohort(db, course)
    other_cohort = factories.cohort(db, course, number=37, starts_on=dt.date(2020, 3, 14))
    trainee = factories.enroll(db, cohort, "amihan@example.org", name="Amihan Reyes")
    classmate = factories.enroll(db, cohort, "siriporn@example.org", name="Siriporn K")
    mentor = factories.enroll(db, cohort, "mentor@example.org", EnrollmentRole.MENTOR,
                              name="Tanaka Hiroko")
    services.assign_mentor(db, factories.staff(db), mentor, trainee)
    outsider = factories.enroll(db, other_cohort, "other@example.org", name="Other Cohort")
    db.commit()
    return {"cohort": cohort, "other_cohort": other_cohort, "trainee": trainee,
            "classmate": classmate, "mentor": mentor, "outsider": outsider, "course": course}


def as_user(client, email):
    assert login(client, email).status_code == 302


@pytest.fixture(autouse=True)
def _during_arrival():
    with time_machine.travel(DURING_ARRIVAL, tick=False):
        yield


def test_trainee_reads_a_lesson_and_marks_it_done(client, db, year):
    as_user(client, "amihan@example.org")
    cohort_id = year["cohort"].id
    outline = client.get(f"/cohorts/{cohort_id}/course").get_data(as_text=True)
    assert "0 of 4 required lessons done" in outline  # the optional reading does not count
    assert "Locked" in outline and "Opens on" in outline
    page = client.get(f"/cohorts/{cohort_id}/course/welcome").get_data(as_text=True)
    assert "About 15 minutes" in page and "Know the year." in page
    assert f'href="/cohorts/{cohort_id}/course/rules"' in page  # item: links resolved
    assert "Next: Rules" in page
    post(client, f"/cohorts/{cohort_id}/course/welcome/done",
         token_from=f"/cohorts/{cohort_id}/course/welcome")
    post(client, f"/cohorts/{cohort_id}/course/welcome/done",
         token_from=f"/cohorts/{cohort_id}/course/welcome")  # a double click records once
    assert db.scalar(select(func.count()).select_from(LessonProgress)) == 1
    home = client.get("/").get_data(as_text=True)
    assert "1 of 4 required lessons done" in home and 'value="25"' in home
    post(client, f"/cohorts/{cohort_id}/course/welcome/undo",
         token_from=f"/cohorts/{cohort_id}/course/welcome")
    assert db.scalar(select(func.count()).select_from(LessonProgress)) == 0


def test_a_lessons_links_and_forms_lead_where_their_routes_are(app, client, db, year):
    # The page builds them from the outline's address; they must stay the routes' own.
    from flask import url_for

    as_user(client, "amihan@example.org")
    cohort_id = year["cohort"].id
    page = client.get(f"/cohorts/{cohort_id}/course/rules").get_data(as_text=True)
    with app.test_request_context():
        expected = [url_for("lms.curriculum.outline", cohort_id=cohort_id),
                    url_for("lms.curriculum.mark_done", cohort_id=cohort_id, slug="rules"),
                    url_for("lms.curriculum.item", cohort_id=cohort_id, slug="welcome")]
    assert f'<a href="{expected[0]}">' in page and f'action="{expected[1]}"' in page
    assert f'rel="prev" href="{expected[2]}"' in page
    post(client, expected[1], token_from=f"/cohorts/{cohort_id}/course/rules")
    done = client.get(f"/cohorts/{cohort_id}/course/rules").get_data(as_text=True)
    with app.test_request_context():
        undo = url_for("lms.curriculum.mark_not_done", cohort_id=cohort_id, slug="rules")
    assert f'action="{undo}"' in done


def test_a_locked_module_cannot_be_read_or_marked(client, db, year):
    """Its page says when it opens (a link to it never ends in a refusal) and shows nothing
    of it but its title."""
    as_user(client, "amihan@example.org")
    cohort_id = year["cohort"].id
    response = client.get(f"/cohorts/{cohort_id}/course/insurance")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "opens on 12 Apr 2019" in page
    assert "Since 2000." not in page and "Explain it." not in page
    post(client, f"/cohorts/{cohort_id}/course/insurance/done")
    assert db.scalar(select(func.count()).select_from(LessonProgress)) == 0
    # Day 30 begins at midnight in Tokyo, 15:00 UTC the day before. (Weeks later: sign in
    # again, sessions last twelve hours.)
    with time_machine.travel(dt.datetime(2019, 4, 11, 14, 59, 59, tzinfo=dt.UTC), tick=False):
        as_user(client, "amihan@example.org")
        assert "Since 2000." not in client.get(f"/cohorts/{cohort_id}/course/insurance").text
    with time_machine.travel(dt.datetime(2019, 4, 11, 15, 0, 0, tzinfo=dt.UTC), tick=False):
        assert "Since 2000." in client.get(f"/cohorts/{cohort_id}/course/insurance").text


def test_the_dashboard_shows_the_next_deadlines(client, year):
    as_user(client, "amihan@example.org")
    home = client.get("/").get_data(as_text=True)
    assert "Visit note" in home and "Opening this week" in home
    assert "Arrival" in home  # opened within the last week


@pytest.mark.parametrize("path", ["/course", "/course/welcome", "/schedule", "/progress"])
def test_another_cohorts_pages_are_404_for_a_trainee(client, year, path):
    as_user(client, "other@example.org")
    assert client.get(f"/cohorts/{year['cohort'].id}{path}").status_code == 404


def test_guessed_ids_give_404(client, year):
    as_user(client, "amihan@example.org")
    assert client.get("/cohorts/99999/course").status_code == 404
    assert client.get(f"/cohorts/{year['cohort'].id}/course/no-such-item").status_code == 404


@pytest.mark.parametrize("path", ["/matrix", "/matrix.csv", "", "/edit", "/roster", "/mentors",
                                  "/enroll"])
def test_staff_pages_are_not_for_trainees_or_mentors(client, year, path):
    for email in ("amihan@example.org", "mentor@example.org"):
        client.cookie_jar.clear() if hasattr(client, "cookie_jar") else None
        login(client, email)
        assert client.get(f"/cohorts/{year['cohort'].id}{path}").status_code == 403, email
        post(client, "/logout")


def test_a_mentor_sees_only_their_trainees(client, db, year):
    as_user(client, "mentor@example.org")
    page = client.get(f"/cohorts/{year['cohort'].id}/progress").get_data(as_text=True)
    assert "Amihan Reyes" in page and "Siriporn K" not in page


def _mentor_follows(db, year, count: int) -> None:
    """The year's mentor follows ``count`` more trainees, named to sort after Amihan."""
    from lms.programs.models import Mentorship

    db.add_all(Mentorship(mentor_enrollment_id=year["mentor"].id,
                          trainee_enrollment_id=enrollment.id)
               for enrollment in factories.bulk_trainees(db, year["cohort"], count))
    year["cohort"].capacity = 5000
    db.commit()


def test_a_mentor_of_many_pages_through_their_trainees_only(client, db, year):
    from lms.curriculum.progress_queries import TRAINEES_PER_PAGE

    _mentor_follows(db, year, TRAINEES_PER_PAGE)  # with Amihan, one more than a page
    as_user(client, "mentor@example.org")
    path = f"/cohorts/{year['cohort'].id}/progress"
    first = client.get(path).get_data(as_text=True)
    assert first.count('<th scope="row">') == TRAINEES_PER_PAGE
    assert "Amihan Reyes" in first and "Siriporn K" not in first
    assert f'href="{path}?page=2"' in first and "Download as CSV" not in first
    second = client.get(f"{path}?page=2").get_data(as_text=True)
    assert second.count('<th scope="row">') == 1
    assert f'href="{path}?page=1"' in second
    assert "Amihan Reyes" not in second and "Siriporn K" not in second


def test_a_trainee_cannot_mark_progress_for_someone_else(client, db, year):
    """Progress is always the signed-in trainee's own: there is no enrollment in the URL."""
    as_user(client, "siriporn@example.org")
    post(client, f"/cohorts/{year['cohort'].id}/course/welcome/done",
         {"enrollment_id": year["trainee"].id})
    [progress] = db.scalars(select(LessonProgress)).all()
    assert progress.enrollment_id == year["classmate"].id


def test_mentor_cannot_mark_lessons(client, db, year):
    as_user(client, "mentor@example.org")
    response = post(client, f"/cohorts/{year['cohort'].id}/course/welcome/done")
    assert response.status_code == 404
    assert db.scalar(select(func.count()).select_from(LessonProgress)) == 0


def test_staff_matrix_and_csv(client, db, year, logged_in):
    as_user(client, "amihan@example.org")
    post(client, f"/cohorts/{year['cohort'].id}/course/welcome/done")
    post(client, "/logout")
    logged_in(Role.STAFF)
    db.get(User, year["trainee"].user_id).display_name = "=HYPERLINK(\"http://evil\")"
    db.get(User, year["classmate"].user_id).display_name = "佐藤 花子"
    db.commit()
    page = client.get(f"/cohorts/{year['cohort'].id}/matrix").get_data(as_text=True)
    assert "50%" in page  # 1 of the 2 required lessons of "Arrival"
    response = client.get(f"/cohorts/{year['cohort'].id}/matrix.csv")
    raw = response.get_data()
    assert raw.startswith("\ufeff".encode()) and "text/csv" in response.content_type
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Email address", "Name", "Country", "Status"]
    names = {row[1] for row in rows[1:]}
    assert "佐藤 花子" in names and "'=HYPERLINK(\"http://evil\")" in names


def test_staff_cancel_a_planned_cohort(client, db, logged_in):
    logged_in(Role.STAFF)
    cohort = factories.cohort(db, number=38, starts_on=dt.date(2020, 3, 12), active=False)
    db.commit()
    page = post(client, f"/cohorts/{cohort.id}/cancel", {"reason": ""},
                token_from=f"/cohorts/{cohort.id}/cancel").get_data(as_text=True)
    assert 'id="reason-error"' in page
    response = post(client, f"/cohorts/{cohort.id}/cancel",
                    {"reason": "Cancelled because of COVID-19"},
                    token_from=f"/cohorts/{cohort.id}/cancel")
    assert response.status_code == 302
    assert "Cancelled because of COVID-19" in client.get(f"/cohorts/{cohort.id}").get_data(
        as_text=True)


def test_staff_create_a_cohort_with_errors_beside_fields(client, db, logged_in, tmp_path):
    logged_in(Role.STAFF)
    factories.program(db)
    db.commit()
    page = post(client, "/cohorts/new", {
        "program_id": factories.program(db).id, "number": "39", "fiscal_year": "2026",
        "title": "39th", "starts_on": "2027-03-01", "ends_on": "2027-02-01",
        "timezone": "Asia/Tokyo", "capacity": "6", "course_id": "0"},
        token_from="/cohorts/new").get_data(as_text=True)
    assert 'id="ends_on-error"' in page and "cannot end before it starts" in page


def test_roster_import_through_the_page(client, db, logged_in):
    logged_in(Role.STAFF)
    cohort = factories.cohort(db)
    db.commit()
    path = f"/cohorts/{cohort.id}/roster"
    broken = "email,name,role,country\nok@example.org,OK,trainee,PH\nbad,Bad,trainee,PH\n"
    page = post(client, path, {"csv_text": broken, "action": "preview"},
                token_from=path).get_data(as_text=True)
    assert "Line 3:" in page and "Nothing has been imported" in page
    assert 'value="import"' not in page
    page = post(client, path, {"csv_text": broken, "action": "import"}, token_from=path)
    assert db.scalar(select(func.count()).select_from(Enrollment)) == 0
    good = "email,name,role,country\nok@example.org,OK,trainee,PH\n"
    page = post(client, path, {"csv_text": good, "action": "preview"},
                token_from=path).get_data(as_text=True)
    assert 'value="import"' in page
    assert post(client, path, {"csv_text": good, "action": "import"},
                token_from=path).status_code == 302
    assert db.scalar(select(func.count()).select_from(Enrollment)) == 1


def test_archived_items_disappear_from_pages_but_progress_stays(client, db, year, tmp_path):
    as_user(client, "amihan@example.org")
    post(client, f"/cohorts/{year['cohort'].id}/course/rules/done")
    assert client.get(f"/cohorts/{year['cohort'].id}/course/rules").status_code == 200
    arrival = tmp_path / "courses" / "year-course" / "01-arrival"
    (arrival / "02-rules.md").unlink()
    welcome = arrival / "01-welcome.md"
    welcome.write_text(welcome.read_text().replace("See [rules](item:rules).", "Hello."))
    sync_courses(db, tmp_path / "courses")
    db.commit()
    assert client.get(f"/cohorts/{year['cohort'].id}/course/rules").status_code == 404
    assert db.scalar(select(func.count()).select_from(LessonProgress)) == 1


# Query counts -------------------------------------------------------------------------------------


def _add_trainees(db, cohort, count: int) -> None:
    """Many trainees, each with a lesson done."""
    enrollments = factories.bulk_trainees(db, cohort, count)
    items = db.scalars(select(Item.id)).all()
    db.add_all(LessonProgress(enrollment_id=enrollment.id, item_id=items[n % len(items)])
               for n, enrollment in enumerate(enrollments))
    cohort.capacity = 5000
    db.commit()


@pytest.mark.parametrize("who,path", [
    ("amihan@example.org", "/"),
    ("amihan@example.org", "/course"),
    ("amihan@example.org", "/course/welcome"),
    ("mentor@example.org", "/progress"),
    ("staff", "/matrix"),
    ("staff", ""),
])
def test_page_queries_do_not_grow_with_the_cohort(client, db, year, count_queries, who, path):
    email = "staff@example.org" if who == "staff" else who
    as_user(client, email)
    url = "/" if path == "/" else f"/cohorts/{year['cohort'].id}{path}"

    def queries() -> int:
        with count_queries() as counter:
            assert client.get(url).status_code == 200
        return counter.count

    queries()  # the course is read once per process (curriculum.content), then kept
    _add_trainees(db, year["cohort"], 10)
    if who.startswith("mentor"):
        _mentor_follows(db, year, 10)
    few = queries()
    if path == "/matrix":
        assert few <= PAGE_QUERIES
    _add_trainees(db, year["cohort"], 990)
    if who.startswith("mentor"):
        _mentor_follows(db, year, 90)  # pages of them
    assert queries() == few <= 12
