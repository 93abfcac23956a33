"""The query budget of a home: at most 1 query plus 1 per section shown, whoever the person
is, and the same number when the data doubles. The 1 loads the signed-in user with her roles,
what she is (lms.facts: mentor, alumna, trainee, applicant, ...) and the unread
notifications' count in the header."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from lms.accounts.models import Role, User
from lms.accounts.services import create_user
from lms.events.models import Registration
from lms.followup import services as followup_services
from lms.grants import services as grant_services
from lms.programs import services as program_services
from tests import factories
from tests.conftest import PASSWORD, login
from tests.events.conftest import make_seminar
from tests.followup.conftest import MOTIVATION, follow_up_cohort
from tests.grants.conftest import alumnus, in_review, round_input
from tests.home.conftest import NOW, hand_in

pytestmark = pytest.mark.usefixtures("during_care")

FIXED = 1
#: A section of trainees at work (her cohorts, a mentor's trainees) takes two queries: the
#: trainees with their cohorts, then their work as plain values.
AT_WORK = 1


def measured(client, count_queries, email: str) -> tuple[int, int]:
    """The queries of the person's home and how many sections it shows."""
    client.delete_cookie("kakehashi_session")
    assert login(client, email).status_code == 302, email
    client.get("/")  # courses are read once per process (curriculum.content), then kept
    with count_queries() as counter:
        page = client.get("/")
    assert page.status_code == 200
    shown = [key for key in re.findall(r'aria-labelledby="([\w-]+)-heading"',
                                       page.get_data(as_text=True)) if key != "account"]
    return counter.count, len(shown)


@pytest.fixture
def people(db, year):
    """Beside the year's mentor and trainees: staff, a committee member with a review to do,
    an alumna with a draft, and a staff member who is an alumna and on the committee too."""
    staff = factories.staff(db)
    old_cohort = factories.cohort(db, number=30, active=False)
    create_user(db, "member@example.org", "Member One", PASSWORD, [Role.COMMITTEE_MEMBER])
    many = create_user(db, "many@example.org", "Many Hats", PASSWORD,
                       [Role.STAFF, Role.COMMITTEE_MEMBER])
    factories.enroll(db, old_cohort, "many@example.org")
    alumna = alumnus(db, old_cohort, "alumna@example.org", "Alumna Ada", "ID")
    db.commit()
    return {"staff": staff, "old_cohort": old_cohort, "alumna": alumna, "many": many}


def add_data(db, year, people, start: int, count: int) -> None:
    """More of everything each home lists: work handed in, applications, reviews, follow-up
    trainings open with applications to select, seminars with and without their details."""
    staff = people["staff"]
    grant_round = grant_services.create_round(db, staff, round_input())
    member = db.scalar(select(User).where(User.email == "member@example.org"))
    year["cohort"].capacity = 500
    training = follow_up_cohort(db, title=f"Follow-up {start}", starts_on=dt.date(2019, 5, 20),
                                capacity=50, last_day=dt.date(2019, 5, 1))
    seminar = make_seminar(db, number=100 + start, starts_on=dt.date(2019, 5, 10),
                           capacity=50, cap=None, closes_on=dt.date(2019, 5, 5))
    make_seminar(db, number=200 + start, starts_on=dt.date(2019, 5, 15), details=False)
    for number in range(start, start + count):
        trainee = factories.enroll(db, year["cohort"], f"t{number}@example.org")
        program_services.assign_mentor(db, staff, year["mentor"], trainee)
        hand_in(db, trainee, year["items"]["presentation"], days_ago=number % 12)
        applicant = alumnus(db, people["old_cohort"], f"a{number}@example.org",
                            f"Alumna {number}", "PH")
        application = in_review(db, staff, applicant, grant_round, title=f"Project {number}")
        grant_services.assign_reviewer(db, staff, application, member)
        followup_services.apply(db, applicant, training, MOTIVATION)
        db.add(Registration(cohort_id=seminar.id, user_id=applicant.id, country="PH"))
    followup_services.apply(db, people["alumna"], training, MOTIVATION)
    db.commit()


ROLES = ["staff@example.org", "member@example.org", "mentor@example.org",
         "alumna@example.org", "many@example.org"]


@pytest.mark.parametrize("email", ROLES)
def test_a_home_keeps_within_the_budget_and_flat_as_data_grows(
        client, db, year, people, count_queries, email):
    add_data(db, year, people, 0, 3)
    few, shown = measured(client, count_queries, email)
    assert few <= FIXED + shown + (AT_WORK if email == "mentor@example.org" else 0)
    assert few <= 12
    add_data(db, year, people, 3, 6)
    assert measured(client, count_queries, email) == (few, shown)


def test_a_provider_for_a_role_the_person_does_not_hold_makes_no_query(
        client, db, year, people, count_queries):
    # A staff member with no other role: her user with her roles, facts and unread count, then
    # only her sections' queries (the staff links section makes none): no announcements waiting, no
    # cohort she trains in, no application, so those providers ask nothing.
    queries, shown = measured(client, count_queries, "staff@example.org")
    assert queries <= FIXED + shown - 1


def grow_her_work(db, enrollments, items, start: int, count: int) -> None:
    """More of the trainee's own work in each of her cohorts: attempts returned, graded and
    waiting, lessons done, extensions."""
    from lms.assignments.models import Extension, SubmissionStatus
    from lms.curriculum.models import ItemType, LessonProgress

    lessons = [item for item in items.values() if item.type == ItemType.LESSON]
    for enrollment in enrollments:
        for lesson in lessons[start:start + count]:
            db.add(LessonProgress(enrollment_id=enrollment.id, item_id=lesson.id))
        for attempt in range(start + 1, start + count + 1):
            for slug in ("visit-note", "presentation"):
                hand_in(db, enrollment, items[slug], days_ago=1, attempt=attempt,
                        status=SubmissionStatus.RETURNED if attempt % 2
                        else SubmissionStatus.GRADED)
        if start == 0:
            db.add(Extension(enrollment_id=enrollment.id, item_id=items["presentation"].id,
                             due_at=NOW, reason="Ill"))
    db.commit()


@pytest.mark.parametrize("cohorts", [1, 2])
def test_the_trainee_home_keeps_within_the_budget(client, db, year, people, count_queries,
                                                  cohorts):
    enrollments = [year["trainee"]]
    if cohorts == 2:
        enrollments.append(factories.enroll(db, year["other_cohort"], "amihan@example.org"))
        db.commit()
    add_data(db, year, people, 0, 2)
    grow_her_work(db, enrollments, year["items"], 0, 2)
    few, shown = measured(client, count_queries, "amihan@example.org")
    # Her cohorts, her messages, the seminars open to her, and the way to tell the program
    # office about a problem, which asks nothing (it follows from her facts).
    assert shown == cohorts + 3
    assert few <= FIXED + shown - 1 + AT_WORK
    add_data(db, year, people, 2, 4)
    grow_her_work(db, enrollments, year["items"], 2, 4)
    assert measured(client, count_queries, "amihan@example.org") == (few, shown)


def test_no_seminar_open_to_her_costs_the_trainee_no_query(client, db, year, people,
                                                          count_queries):
    # Her cohort, her messages and the way to tell the program office about a problem (which
    # asks nothing); the seminars' fact says none is open, so no list is asked.
    queries, shown = measured(client, count_queries, "amihan@example.org")
    assert shown == 3 and queries <= FIXED + shown - 1 + AT_WORK


def test_her_cohorts_outlines_work_and_standing_take_two_queries(app, db, year, count_queries):
    """Her cohorts with their courses, then her work and lessons done as plain values (rows
    of entities cost more than the second query)."""
    from lms.curriculum.dashboard import trainee_dashboards

    second = factories.enroll(db, year["other_cohort"], "amihan@example.org")
    grow_her_work(db, [year["trainee"], second], year["items"], 0, 3)
    db.expunge_all()
    trainee = db.scalar(select(User).where(User.email == "amihan@example.org"))
    with app.test_request_context():
        trainee_dashboards(db, trainee)  # her course is read once, then kept in memory
    with app.test_request_context(), count_queries() as counter:
        dashboards = trainee_dashboards(db, trainee)
        assert [len(dashboard.outline.done_item_ids) for dashboard in dashboards] == [3, 3]
        assert all(dashboard.work.standing.level.value == "at_risk" for dashboard in dashboards)
        assert [len(dashboard.returned) for dashboard in dashboards] == [2, 2]
        assert dashboards[0].enrollment.cohort.title and dashboards[0].continue_with.title
    assert counter.count == 2


def test_the_staff_home_lists_what_waits_oldest_first_with_links(
        client, db, year, people, count_queries):
    add_data(db, year, people, 0, 2)
    client.delete_cookie("kakehashi_session")
    login(client, "staff@example.org")
    html = client.get("/").get_data(as_text=True)
    grants = html[html.index('id="staff-grants-heading"'):]
    assert "Reviews outstanding" in grants and "2 reviews not finished" in grants
    assert "/grants/staff/rounds/" in grants
    assert "No grant report waits for review." in grants
    alumni = html[html.index('id="staff-alumni-heading"'):]
    assert "No report from home waits for review." in alumni
    assert "Alumni reports to review" in html  # the staff links stay
    # Two alumni and Ada applied to the follow-up training; one seminar has no details yet.
    assert 'id="staff-followup-heading">Follow-up training <span class="count">3</span>' in html
    assert 'id="staff-seminars-heading">Events <span class="count">1</span>' in html


def test_the_alumna_home_shows_her_follow_up_application(client, db, year, people):
    add_data(db, year, people, 0, 1)
    client.delete_cookie("kakehashi_session")
    login(client, "alumna@example.org")
    html = client.get("/").get_data(as_text=True)
    section = html[html.index('id="alumni-followup-heading"'):]
    assert "Follow-up 0" in section and "submitted, waiting for the selection" in section
    assert "No follow-up training takes applications from you now." in section


def test_the_alumna_home_shows_open_rounds_and_her_drafts(client, db, year, people):
    staff = people["staff"]
    grant_round = grant_services.create_round(db, staff, round_input())
    db.commit()
    client.delete_cookie("kakehashi_session")
    login(client, "alumna@example.org")
    html = client.get("/").get_data(as_text=True)
    section = html[html.index('id="alumni-grants-heading"'):]
    assert grant_round.title in section or "No grant round is open now." in section
    assert "You have no grant application in progress." in section
    assert "None of your projects owes a report now." in section
