"""The supervisor's evaluations: written on the course's forms, submitted once, read and
acknowledged by the trainee, read by her mentor and staff, and by nobody else."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from lms.errors import NotAllowed, ServiceError
from lms.mail import OutboxMessage
from lms.placements import evaluations, services
from lms.placements.models import EvaluationKind
from lms.programs import services as program_services
from tests import factories
from tests.conftest import login, post
from tests.placements.conftest import placement_details

MID = EvaluationKind.MID_PLACEMENT
GOOD = evaluations.Filled({"attitude": 2, "teamwork": 1}, {"strengths": "Listens well."})


def _as(client, email):
    client.delete_cookie("kakehashi_session")
    assert login(client, email).status_code == 302, email


@pytest.fixture
def supervised(db, year):
    supervisor = factories.person(db, "mori@sakura.example", "Mori Yuki", country="JP")
    placement = services.place(db, year["staff"], year["trainee"], year["practicum"],
                               placement_details(year, supervisor_email="mori@sakura.example"),
                               None)
    services.invite_supervisor(db, year["staff"], placement)
    program_services.assign_mentor(db, year["staff"], year["mentor"], year["trainee"])
    db.commit()
    return placement, supervisor


@pytest.fixture(autouse=True)
def _during_the_placement(year):
    import datetime as dt

    import time_machine
    with time_machine.travel(dt.datetime(2019, 11, 15, 3, tzinfo=dt.UTC), tick=False):
        yield


def test_a_draft_keeps_what_is_filled_and_a_submission_needs_every_level_and_answer(
        db, year, supervised):
    placement, supervisor = supervised
    draft = evaluations.save(db, supervisor, placement, MID,
                             evaluations.Filled({"attitude": 2}, {}), submit=False)
    assert draft.scores == {"attitude": 2} and draft.submitted_at is None
    with pytest.raises(ServiceError) as refused:
        evaluations.save(db, supervisor, placement, MID,
                         evaluations.Filled({"attitude": 2}, {"strengths": "x"}), submit=True)
    assert refused.value.field == "criterion_teamwork"
    with pytest.raises(ServiceError) as refused:
        evaluations.save(db, supervisor, placement, MID,
                         evaluations.Filled({"attitude": 2, "teamwork": 1}, {}), submit=True)
    assert refused.value.field == "question_strengths"
    with pytest.raises(ServiceError):
        evaluations.save(db, supervisor, placement, MID,
                         evaluations.Filled({"attitude": 5}, {}), submit=False)


def test_a_submitted_evaluation_is_final_and_the_trainee_is_told(db, year, supervised):
    placement, supervisor = supervised
    submitted = evaluations.save(db, supervisor, placement, MID, GOOD, submit=True)
    db.commit()
    assert submitted.submitted_at is not None
    with pytest.raises(ServiceError):
        evaluations.save(db, supervisor, placement, MID, GOOD, submit=True)
    mail = db.scalars(select(OutboxMessage).where(
        OutboxMessage.to_address == "amihan@example.org")).all()
    assert any(f"/placements/evaluations/{submitted.id}" in message.body for message in mail)


def test_only_the_placements_supervisor_writes_and_only_the_trainee_acknowledges(
        db, year, supervised):
    placement, supervisor = supervised
    for someone in (year["staff"], year["mentor"].user, year["trainee"].user):
        with pytest.raises(NotAllowed):
            evaluations.save(db, someone, placement, MID, GOOD, submit=True)
    submitted = evaluations.save(db, supervisor, placement, MID, GOOD, submit=True)
    for someone in (year["staff"], supervisor, year["classmate"].user):
        with pytest.raises(NotAllowed):
            evaluations.acknowledge(db, someone, submitted)
    evaluations.acknowledge(db, year["trainee"].user, submitted)
    assert submitted.acknowledged_at is not None


def test_the_supervisor_fills_the_form_in_japanese_and_the_trainee_acknowledges_it(
        client, db, year, supervised):
    placement, supervisor = supervised
    supervisor.locale = "ja"
    db.commit()
    _as(client, "mori@sakura.example")
    url = f"/supervision/{placement.id}/evaluations/mid_placement"
    page = client.get(url).get_data(as_text=True)
    assert "<h1>中間評価</h1>" in page and "実習態度" in page
    refused = post(client, url, {"criterion_attitude": "2", "action": "submit"}, token_from=url)
    assert refused.status_code == 200
    assert 'id="criterion_teamwork-error"' in refused.get_data(as_text=True)
    done = post(client, url, {"criterion_attitude": "2", "criterion_teamwork": "1",
                              "question_strengths": "よく話を聞いています。",
                              "action": "submit"}, token_from=url)
    assert done.status_code == 302
    evaluation = evaluations.evaluation_of(db, placement, MID)
    assert evaluation.answers == {"strengths": "よく話を聞いています。"}
    _as(client, "amihan@example.org")
    assert "Read it and acknowledge it" in client.get("/").get_data(as_text=True)
    read = f"/placements/evaluations/{evaluation.id}"
    page = client.get(read).get_data(as_text=True)
    assert "Professional attitude" in page and "Good (2)" in page and "I have read it" in page
    assert post(client, f"{read}/acknowledge", token_from=read).status_code == 302
    assert "I have read it" not in client.get(read).get_data(as_text=True)


@pytest.mark.parametrize("reader,sees", [
    ("staff@example.org", True), ("mentor@example.org", True),
    ("siriporn@example.org", False), ("other@example.org", False)])
def test_her_mentor_and_staff_read_it_and_nobody_else(client, db, year, supervised, reader,
                                                       sees):
    placement, supervisor = supervised
    evaluation = evaluations.save(db, supervisor, placement, MID, GOOD, submit=True)
    db.commit()
    _as(client, reader)
    response = client.get(f"/placements/evaluations/{evaluation.id}")
    assert response.status_code == (200 if sees else 404)


def test_a_draft_is_the_supervisors_alone(client, db, year, supervised):
    placement, supervisor = supervised
    draft = evaluations.save(db, supervisor, placement, MID, GOOD, submit=False)
    db.commit()
    for reader in ("amihan@example.org", "staff@example.org", "mentor@example.org"):
        _as(client, reader)
        assert client.get(f"/placements/evaluations/{draft.id}").status_code == 404, reader


def test_staff_find_it_on_the_board_and_her_mentor_on_her_grades(client, db, year, supervised):
    placement, supervisor = supervised
    evaluation = evaluations.save(db, supervisor, placement, MID, GOOD, submit=True)
    db.commit()
    link = f'href="/placements/evaluations/{evaluation.id}">Mid-placement review</a>'
    _as(client, "staff@example.org")
    board = client.get(f"/cohorts/{year['cohort'].id}/placements").get_data(as_text=True)
    assert link in board and "(not yet read by her)" in board
    _as(client, "mentor@example.org")
    grades = client.get(f"/cohorts/{year['cohort'].id}/trainees/{year['trainee'].id}/grades")
    assert link in grades.get_data(as_text=True)
