"""Follow-up training and seminars on the homes: for staff, the follow-up applications waiting
for a selection, the seminars that cannot open registration without their details, and the
dates of the next 30 days; for an alumna, the trainings she may apply to and her own
applications in play, never another person's."""

from __future__ import annotations

import datetime as dt

import pytest

from lms.events.models import Registration
from lms.followup import services as followup_services
from lms.followup.models import ApplicationStatus, FollowUpApplication
from lms.programs.models import CohortStatus
from tests import factories
from tests.events.conftest import make_seminar
from tests.followup.conftest import MOTIVATION, follow_up_cohort
from tests.grants.conftest import alumnus
from tests.home.conftest import NOW, home, queries_of, section_of

pytestmark = pytest.mark.usefixtures("during_care")


def apply(db, person, cohort, *, days_ago: float,
          status: ApplicationStatus = ApplicationStatus.SUBMITTED) -> FollowUpApplication:
    application = followup_services.apply(db, person, cohort, MOTIVATION)
    application.submitted_at = NOW - dt.timedelta(days=days_ago)
    application.status = status
    db.flush()
    return application


@pytest.fixture
def world(db):
    """25 April 2019 (12:00 in Tokyo). Follow-up training: "Soon" starts 20 May and takes
    applications until 1 May; "Autumn" takes them until 31 July; "Planned" has no call yet and
    "Closed early" no longer takes any. Seminars: the 8th (details saved, registration until 5
    May, starts 10 May), the 9th (no details, starts 15 May), the 10th (no details, starts in
    August) and a completed one without details."""
    staff = factories.staff(db)
    year = factories.cohort(db, number=30, active=False)
    putri = alumnus(db, year, "putri@example.org", "Putri Handayani", "ID")
    rodel = alumnus(db, year, "rodel@example.org", "Rodel Bautista", "PH")
    chen = alumnus(db, year, "chen@example.org", "Chen Wei-ling", "TW")
    soon = follow_up_cohort(db, title="Soon", starts_on=dt.date(2019, 5, 20), capacity=5,
                            last_day=dt.date(2019, 5, 1))
    autumn = follow_up_cohort(db, title="Autumn", starts_on=dt.date(2019, 9, 2), capacity=5,
                              last_day=dt.date(2019, 7, 31))
    follow_up_cohort(db, title="Planned", starts_on=dt.date(2019, 10, 7), last_day=None)
    closed = follow_up_cohort(db, title="Closed early", starts_on=dt.date(2019, 11, 4),
                              last_day=dt.date(2019, 8, 30))
    followup_services.close_call(db, staff, followup_services.call_of(db, closed))
    applications = {
        "putri_soon": apply(db, putri, soon, days_ago=2),
        "rodel_autumn": apply(db, rodel, autumn, days_ago=5),
        "chen_soon": apply(db, chen, soon, days_ago=9, status=ApplicationStatus.WAITLISTED),
    }
    eighth = make_seminar(db, number=8, starts_on=dt.date(2019, 5, 10),
                          closes_on=dt.date(2019, 5, 5))
    db.add(Registration(cohort_id=eighth.id, user_id=putri.id, country="ID"))
    ninth = make_seminar(db, number=9, starts_on=dt.date(2019, 5, 15), details=False)
    tenth = make_seminar(db, number=10, starts_on=dt.date(2019, 8, 5), details=False)
    past = make_seminar(db, number=7, starts_on=dt.date(2018, 12, 3), details=False)
    past.status = CohortStatus.COMPLETED
    db.commit()
    return {"staff": staff, "putri": putri, "rodel": rodel, "soon": soon, "autumn": autumn,
            "closed": closed, "eighth": eighth, "ninth": ninth, "tenth": tenth,
            "applications": applications}


# Staff ------------------------------------------------------------------------------------------


def test_staff_see_follow_up_applications_waiting_oldest_first_with_links(client, world):
    section = section_of(home(client, "staff@example.org"), "staff-followup")
    waiting = section[:section.index("Follow-up dates")]
    assert '<span class="count">2</span>' in waiting
    # Rodel sent his five days ago, Putri two: the older first. Chen is on the waitlist,
    # decided already.
    assert waiting.index("Rodel Bautista") < waiting.index("Putri Handayani")
    assert "Chen Wei-ling" not in waiting
    assert f'/follow-up/cohorts/{world["autumn"].id}/applications' in waiting
    assert f'/follow-up/cohorts/{world["soon"].id}/applications' in waiting


def test_the_staff_follow_up_count_stands_beside_the_title(client, world):
    page = home(client, "staff@example.org")
    assert 'id="staff-followup-heading">Follow-up training <span class="count">2</span>' in page


def test_staff_see_follow_up_dates_of_the_next_30_days_in_order(client, world):
    section = section_of(home(client, "staff@example.org"), "staff-followup")
    dates = section[section.index("Follow-up dates in the next 30 days"):]
    assert '<span class="count">2</span>' in dates
    closes = dates.index("applications close")
    starts = dates.index("starts")
    assert closes < starts  # 1 May before 20 May
    assert "Soon" in dates
    for far in ("Autumn", "Planned", "Closed early"):
        assert far not in dates


def test_staff_see_seminars_without_details_and_the_coming_dates(client, world):
    page = home(client, "staff@example.org")
    assert 'id="staff-seminars-heading">Events <span class="count">2</span>' in page
    section = section_of(page, "staff-seminars")
    waiting = section[:section.index("Event dates")]
    # The 9th starts sooner than the 10th, so it comes first; the completed one is history.
    assert waiting.index("9th Asian") < waiting.index("10th Asian")
    assert "7th Asian" not in waiting and "8th Asian" not in waiting
    assert f'/events/{world["ninth"].id}/details' in waiting
    dates = section[section.index("Event dates in the next 30 days"):]
    assert '<span class="count">3</span>' in dates
    closes = dates.index("last day to register; 1 registered")
    eighth_starts = dates.index("starts; 1 registered")
    ninth_starts = dates.index("starts; 0 registered")
    assert closes < eighth_starts < ninth_starts
    assert f'/events/{world["eighth"].id}/attendance' in dates
    assert "10th Asian" not in dates


def test_staff_homes_say_in_words_when_nothing_waits(client, db):
    factories.staff(db)
    db.commit()
    page = home(client, "staff@example.org")
    followup = section_of(page, "staff-followup")
    assert "No follow-up application waits for a selection." in followup
    assert "No call closes and no follow-up training starts in the next 30 days." in followup
    seminars = section_of(page, "staff-seminars")
    assert "Every event to come has its details; registration can open." in seminars
    assert "No event closes registration or starts in the next 30 days." in seminars


def test_staff_see_the_five_oldest_waiting_and_the_full_count(client, db, world):
    year = factories.cohort(db, number=31, active=False)
    for number in range(6):
        person = alumnus(db, year, f"more{number}@example.org", f"Later {number}", "TH")
        apply(db, person, world["autumn"], days_ago=1 - number / 10)
    db.commit()
    section = section_of(home(client, "staff@example.org"), "staff-followup")
    waiting = section[:section.index("Follow-up dates")]
    assert '<span class="count">8</span>' in waiting
    assert "The 5 oldest of 8." in waiting
    assert "Later 2" in waiting and "Later 3" not in waiting


def test_people_who_are_not_staff_see_no_staff_section(client, world):
    page = home(client, "putri@example.org")
    assert 'id="staff-followup-heading"' not in page
    assert 'id="staff-seminars-heading"' not in page


# The alumna -------------------------------------------------------------------------------------


def test_the_alumna_sees_trainings_she_may_apply_to_and_her_applications(client, world):
    page = home(client, "putri@example.org")
    assert 'id="alumni-followup-heading">Follow-up training <span class="count">1</span>' in page
    section = section_of(page, "alumni-followup")
    offers = section[:section.index("Your follow-up applications")]
    # She applied to "Soon"; "Autumn" is open to her; the others take no applications.
    assert f'/follow-up/{world["autumn"].id}/apply' in offers
    assert "Soon" not in offers and "Planned" not in offers and "Closed early" not in offers
    mine = section[section.index("Your follow-up applications"):]
    assert "Soon" in mine and "submitted, waiting for the selection" in mine
    assert "/follow-up/applications" in mine
    # Rodel's application and Chen's are theirs, not hers.
    assert "Autumn" not in mine and "on the waitlist" not in mine


def test_a_selected_alumna_sees_her_training_to_come_and_a_withdrawn_one_goes(client, db, world):
    world["applications"]["putri_soon"].status = ApplicationStatus.SELECTED
    rodel_autumn = world["applications"]["rodel_autumn"]
    rodel_autumn.status = ApplicationStatus.WITHDRAWN
    db.commit()
    mine = section_of(home(client, "putri@example.org"), "alumni-followup")
    assert "selected" in mine[mine.index("Your follow-up applications"):]
    rodel = section_of(home(client, "rodel@example.org"), "alumni-followup")
    assert "You have no follow-up application in progress." in rodel
    # A withdrawn application still counts as applied: he cannot apply there again.
    assert f'/follow-up/{world["autumn"].id}/apply' not in rodel
    assert f'/follow-up/{world["soon"].id}/apply' in rodel


def test_the_alumna_home_says_in_words_when_nothing_is_open(client, db):
    year = factories.cohort(db, number=30, active=False)
    alumnus(db, year, "putri@example.org", "Putri Handayani", "ID")
    db.commit()
    page = home(client, "putri@example.org")
    assert 'id="alumni-followup-heading">Follow-up training <span class="count">0</span>' in page
    section = section_of(page, "alumni-followup")
    assert "No follow-up training takes applications from you now." in section
    assert "You have no follow-up application in progress." in section


def test_someone_who_is_not_an_alumna_sees_no_follow_up_section(client, db, world):
    factories.enroll(db, factories.cohort(db, number=40), "amihan@example.org")
    db.commit()
    assert 'id="alumni-followup-heading"' not in home(client, "amihan@example.org")
    assert 'id="alumni-followup-heading"' not in home(client, "staff@example.org")


def test_the_alumna_home_makes_as_many_queries_with_more_trainings(
        client, db, world, count_queries):
    home(client, "putri@example.org")
    few = queries_of(client, count_queries)
    year = factories.cohort(db, number=31, active=False)
    for number in range(4):
        cohort = follow_up_cohort(db, title=f"Extra {number}", starts_on=dt.date(2019, 12, 2),
                                  last_day=dt.date(2019, 9, 30))
        apply(db, alumnus(db, year, f"x{number}@example.org", f"X {number}", "KR"), cohort,
              days_ago=1)
    db.commit()
    assert queries_of(client, count_queries) == few


def test_the_30_days_end_where_each_zone_says(client, db, world):
    """It is 25 April, 12:00 in Tokyo: the window ends 25 May at 12:00 there. A training whose
    first day is 25 May starts inside it, one starting on the 26th after it; registration whose
    last day is 24 May closes inside it (at midnight), one whose last day is 25 May after it.
    Registration whose last day was 24 April is over in Tokyo, not yet in Honolulu (where it
    is still the 24th)."""
    follow_up_cohort(db, title="Edge in", starts_on=dt.date(2019, 5, 25), last_day=None)
    follow_up_cohort(db, title="Edge out", starts_on=dt.date(2019, 5, 26), last_day=None)
    make_seminar(db, number=21, starts_on=dt.date(2019, 6, 20), closes_on=dt.date(2019, 5, 24))
    make_seminar(db, number=22, starts_on=dt.date(2019, 6, 20), closes_on=dt.date(2019, 5, 25))
    make_seminar(db, number=23, starts_on=dt.date(2019, 6, 20), closes_on=dt.date(2019, 4, 24))
    honolulu = make_seminar(db, number=24, starts_on=dt.date(2019, 6, 20),
                            closes_on=dt.date(2019, 4, 24))
    honolulu.timezone = "Pacific/Honolulu"
    db.commit()
    page = home(client, "staff@example.org")
    followup = section_of(page, "staff-followup")
    assert "Edge in" in followup and "Edge out" not in followup
    seminars = section_of(page, "staff-seminars")
    assert "21th Asian" in seminars and "24th Asian" in seminars
    assert "22th Asian" not in seminars and "23th Asian" not in seminars
