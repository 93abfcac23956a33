"""Each kind of audience reaches its people and nobody else: on the home page, on the
announcement's page and its attachment (404 outside the audience), and in the notifications."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from lms.announcements.audience import people as audience_people
from lms.announcements.models import Audience
from lms.notifications.models import Notification
from lms.programs.models import Enrollment, EnrollmentStatus
from tests import factories
from tests.announcements.conftest import PEOPLE, announce, person
from tests.conftest import login, post
from tests.route_matrix_world import ACTOR_EMAILS

STAFF = {"staff", "admin"}

#: (audience, the world's id it names, as which field) → who among the people signing in it
#: reaches.
CASES = [
    (Audience.COHORT, "cohort", "cohort_id", {"trainee", "mentor", "mentor2"}),
    (Audience.COHORT, "other_cohort", "cohort_id", {"outsider"}),
    (Audience.PROGRAM, None, "program_id", {"trainee", "outsider"}),
    (Audience.ALUMNI, None, None, {"alumna"}),
    (Audience.ALUMNI_OF_COUNTRY, "ID", "country", {"alumna"}),
    (Audience.ALUMNI_OF_COUNTRY, "PH", "country", set()),
    (Audience.CALL, "call", "call_id", {"applicant"}),
    (Audience.SEMINAR, "seminar", "seminar_id", {"alumna"}),
    (Audience.SEMINAR, "other_seminar", "seminar_id", set()),
    (Audience.COMMITTEE, None, None, {"member", "member2"}),
]


def _target(db: Any, world: dict[str, Any], key: str | None, field: str | None) -> dict:
    if field is None:
        return {}
    if field == "program_id":
        return {field: factories.program(db).id}
    if field == "country":
        return {field: key}
    return {field: world[key]}


@pytest.mark.parametrize(("audience", "key", "field", "reached"), CASES)
def test_an_audience_reaches_its_people_and_nobody_else(
        app: Any, db: Any, world: dict[str, Any], audience: Audience, key: str | None,
        field: str | None, reached: set[str]) -> None:
    announcement = announce(db, audience, attach=True, title=f"For {audience} {key}",
                            **_target(db, world, key, field))
    db.commit()
    told = set(db.scalars(select(Notification.user_id).where(
        Notification.kind == "announcement",
        Notification.link.endswith(f"/announcements/{announcement.id}"))))
    signing_in = {who: person(db, who).id for who in PEOPLE}
    # People of the world who never sign in (a classmate, another alumna) may be told as well.
    assert {who for who, user_id in signing_in.items() if user_id in told} == reached
    page = f"/announcements/{announcement.id}"
    for who in PEOPLE:
        client = app.test_client()
        assert login(client, ACTOR_EMAILS[who]).status_code == 302, who
        home = client.get("/").get_data(as_text=True)
        assert (announcement.title in home) == (who in reached), who
        expected = 200 if who in reached | STAFF else 404
        assert client.get(page).status_code == expected, who
        assert client.get(page + "/attachment").status_code == expected, who
        if who not in reached:
            assert post(client, page + "/dismiss").status_code == 404, who


def test_the_people_of_an_audience_are_found_in_one_query(db: Any, world: dict[str, Any],
                                                           count_queries: Any) -> None:
    for audience, key, field, _reached in CASES:
        announcement = announce(db, audience, **_target(db, world, key, field))
        db.flush()
        with count_queries() as counter:
            audience_people(db, announcement)
        assert counter.count == 1, audience


def test_a_withdrawn_enrollment_leaves_the_cohorts_audience(db: Any, world: dict[str, Any]
                                                            ) -> None:
    trainee = person(db, "trainee")
    enrollment = db.scalar(select(Enrollment).where(Enrollment.user_id == trainee.id))
    enrollment.status = EnrollmentStatus.WITHDRAWN
    announcement = announce(db, Audience.COHORT, cohort_id=world["cohort"])
    assert trainee not in audience_people(db, announcement)
