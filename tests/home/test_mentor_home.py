"""The mentor's home: their trainees' work waiting, oldest first, how much is overdue for
grading, and who is at risk; never another mentor's trainees."""

from __future__ import annotations

import pytest

from lms.assignments import home_sections as assignment_sections
from lms.assignments.models import SubmissionStatus
from lms.programs import services as program_services
from tests import factories
from tests.conftest import login
from tests.home.conftest import hand_in, home, section_of

pytestmark = pytest.mark.usefixtures("during_care")


def test_waiting_work_is_listed_oldest_first_with_the_overdue_count(client, db, year):
    note, slides = year["items"]["visit-note"], year["items"]["presentation"]
    recent = hand_in(db, year["trainee"], slides, days_ago=1)
    old = hand_in(db, year["trainee"], note, days_ago=9)
    hand_in(db, year["classmate"], note, days_ago=20)  # another mentor's trainee
    db.commit()
    section = section_of(home(client, "mentor@example.org"), "mentoring")
    assert '<span class="count">2</span>' in section
    assert "2 submissions wait for you." in section
    assert "1 has waited more than 7 days." in section
    assert section.index(f"/submissions/{old.id}/grade") < \
        section.index(f"/submissions/{recent.id}/grade")
    assert "Siriporn" not in section


def test_another_mentors_overdue_work_leaves_none_of_hers_overdue(client, db, year):
    # Hers are counted past the grading time only once one of hers is found there: the
    # oldest waiting of all (the classmate's) is not.
    hand_in(db, year["classmate"], year["items"]["visit-note"], days_ago=20)
    hand_in(db, year["trainee"], year["items"]["presentation"], days_ago=1)
    db.commit()
    section = section_of(home(client, "mentor@example.org"), "mentoring")
    assert "1 submission waits for you." in section
    assert "waited more than" not in section


def test_the_grading_days_are_a_setting(client, db, year, app):
    app.config["LMS_GRADING_DAYS"] = 30
    hand_in(db, year["trainee"], year["items"]["visit-note"], days_ago=9)
    db.commit()
    section = section_of(home(client, "mentor@example.org"), "mentoring")
    assert "waited more than" not in section


def test_nothing_to_grade_says_when_the_last_was_graded(client, db, year):
    hand_in(db, year["trainee"], year["items"]["visit-note"], days_ago=5,
            status=SubmissionStatus.GRADED, graded_days_ago=2)
    hand_in(db, year["classmate"], year["items"]["visit-note"], days_ago=5,
            status=SubmissionStatus.GRADED, graded_days_ago=0)
    db.commit()
    section = section_of(home(client, "mentor@example.org"), "mentoring")
    # Graded 2 days before 25 April 2019: the classmate's later grade is not this mentor's.
    assert "Nothing to grade — the last submission was graded on 23 Apr 2019." in section
    assert '<span class="count">0</span>' in section


def test_nothing_handed_in_yet_is_said_in_words(client, db, year):
    section = section_of(home(client, "mentor@example.org"), "mentoring")
    assert "Nothing to grade — your trainees have not handed in any work yet." in section


def test_trainees_at_risk_are_judged_by_the_standing_with_why(client, db, year):
    # The visit note was due on 22 April: the mentor's trainee has not handed it in.
    section = section_of(home(client, "mentor@example.org"), "at-risk")
    assert "1 of your trainees is at risk of not completing." in section
    assert '<span class="count">1</span>' in section
    assert "Amihan Reyes" in section and "Siriporn" not in section
    assert "Not handed in: Visit note" in section  # in the words of her own dashboard
    assert f'/cohorts/{year["cohort"].id}/progress' in section
    hand_in(db, year["trainee"], year["items"]["visit-note"], days_ago=4)
    db.commit()
    section = section_of(home(client, "mentor@example.org"), "at-risk")
    assert "No trainee is at risk" in section
    assert '<span class="count">0</span>' in section


def test_work_returned_for_revision_puts_a_trainee_at_risk_until_handed_in_again(
        client, db, year):
    note = year["items"]["visit-note"]
    hand_in(db, year["trainee"], note, days_ago=4, status=SubmissionStatus.RETURNED,
            graded_days_ago=1)
    db.commit()
    section = section_of(home(client, "mentor@example.org"), "at-risk")
    assert "Amihan Reyes" in section and "Returned for revision: Visit note" in section
    hand_in(db, year["trainee"], note, days_ago=0.5, attempt=2)
    db.commit()
    assert "No trainee is at risk" in section_of(home(client, "mentor@example.org"),
                                                "at-risk")


def test_work_below_the_pass_mark_puts_a_trainee_at_risk_on_her_mentors_home(
        client, db, year):
    # Graded 5 of 10 with a 60% pass mark; the same rule as her dashboard's and the staff's.
    hand_in(db, year["trainee"], year["items"]["visit-note"], days_ago=4,
            status=SubmissionStatus.GRADED, graded_days_ago=1)
    db.commit()
    section = section_of(home(client, "mentor@example.org"), "at-risk")
    assert "Below the pass mark: Visit note (5 of 10 points)" in section


def test_a_mentor_of_more_trainees_than_the_home_judges_is_sent_to_the_progress_pages(
        client, db, year, count_queries):
    from lms.assignments.home_sections import JUDGED_AT_MOST

    cohort = year["cohort"]
    cohort.capacity = 500
    for number in range(JUDGED_AT_MOST + 4):  # with Amihan, five more than the home judges
        trainee = factories.enroll(db, cohort, f"t{number}@example.org")
        program_services.assign_mentor(db, factories.staff(db), year["mentor"], trainee)
    db.commit()
    page = home(client, "mentor@example.org")
    section = section_of(page, "at-risk")
    assert f"You follow more than {JUDGED_AT_MOST} trainees: the progress page of each cohort " \
        "shows who is at risk and why." in section
    assert f'/cohorts/{cohort.id}/progress' in section
    assert "Amihan" not in section and '<span class="count">' not in \
        page[page.index('id="at-risk-heading"'):page.index("</h2>", page.index(
            'id="at-risk-heading"'))]
    with count_queries() as counter:
        client.get("/")
    assert counter.count <= 12


def test_an_ended_mentorship_takes_the_trainee_off_the_at_risk_list(client, db, year):
    from lms.programs.models import Mentorship

    db.query(Mentorship).filter_by(trainee_enrollment_id=year["trainee"].id).delete()
    db.commit()
    assert "Amihan" not in home(client, "mentor@example.org")


def test_the_cohort_links_stay(client, db, year):
    section = section_of(home(client, "mentor@example.org"), "mentoring")
    cohort_id = year["cohort"].id
    assert f"/cohorts/{cohort_id}/progress" in section
    assert f"/cohorts/{cohort_id}/gradebook" in section or "gradebook" in section


def test_people_who_mentor_nobody_have_no_mentor_section(client, db, year):
    assert 'id="mentoring-heading"' not in home(client, "amihan@example.org")


STATEMENTS: list[str] = []


def test_the_mentor_home_makes_the_same_queries_however_much_work_waits(
        client, db, year, count_queries):
    client.delete_cookie("kakehashi_session")
    login(client, "mentor@example.org")
    cohort, mentor = year["cohort"], year["mentor"]
    items = [year["items"]["visit-note"], year["items"]["presentation"]]

    def add_trainees(count: int, start: int) -> None:
        for number in range(start, start + count):
            trainee = factories.enroll(db, cohort, f"t{number}@example.org")
            program_services.assign_mentor(db, factories.staff(db), mentor, trainee)
            for days_ago, item in enumerate(items, start=number % 10):
                hand_in(db, trainee, item, days_ago=days_ago)
        cohort.capacity = 500
        db.commit()

    def queries() -> int:
        with count_queries() as counter:
            assert client.get("/").status_code == 200
        STATEMENTS[:] = [s[:150] for s in counter.statements]
        return counter.count

    cohort.capacity = 500
    add_trainees(5, 0)
    queries()  # the course is read once per process (curriculum.content), then kept
    few = queries()
    add_trainees(10, 5)
    assert queries() == few
    # The signed-in user with her roles and facts (whether a mentor or an alumna: the
    # navigation asks); then one per section: the mentor's; the trainee's, the seminars' and
    # the applicant's providers cannot tell from the user and ask, showing nothing.
    assert few <= 1 + 1 + 3, "\n".join(STATEMENTS)


@pytest.mark.parametrize("counted_up_to", [1, 2])
def test_waiting_work_is_counted_only_so_far_and_then_said_to_be_more(
        client, db, year, monkeypatch, counted_up_to):
    monkeypatch.setattr(assignment_sections, "COUNTED_UP_TO", counted_up_to)
    note = year["items"]["visit-note"]
    hand_in(db, year["trainee"], note, days_ago=20)
    hand_in(db, year["trainee"], note, days_ago=9, attempt=2)
    hand_in(db, year["trainee"], year["items"]["presentation"], days_ago=1)
    factories.staff(db)
    db.commit()
    mentoring = section_of(home(client, "mentor@example.org"), "mentoring")
    grading = section_of(home(client, "staff@example.org"), "staff-grading")
    if counted_up_to == 1:  # two overdue and one recent: both counts stop
        assert '<span class="count">1+</span>' in mentoring
        assert "More than 1 submissions wait for you." in mentoring
        assert "More than 1 have waited more than 7 days." in mentoring
        assert "All submissions waiting" in mentoring
        assert '<span class="count">1+</span>' in grading
        assert "More than 1 submissions have waited more than 7 days for grading." in grading
        assert "More than 1 wait in all." in grading
    else:  # the overdue two are counted; all three are more than two
        assert '<span class="count">2+</span>' in mentoring
        assert "More than 2 submissions wait for you." in mentoring
        assert "2 have waited more than 7 days." in mentoring
        assert "More than 2 have" not in mentoring
        assert '<span class="count">2</span>' in grading
        assert "2 submissions have waited more than 7 days for grading." in grading
        assert "More than 2 wait in all." in grading
