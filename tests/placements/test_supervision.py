"""The facility supervisor: invited by staff for one placement, they see that trainee's
placement (and nothing else) until thirty days after its last day."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from sqlalchemy import select

from lms.errors import ServiceError
from lms.mail import OutboxMessage
from lms.placements import services
from tests import factories
from tests.conftest import login, post
from tests.placements.conftest import PRACTICUM_OPENS, placement_details

#: The test placement's last day (placement_details: 70 days from the practicum's opening).
LAST_DAY = PRACTICUM_OPENS + dt.timedelta(days=69)


def _as(client, email):
    client.delete_cookie("kakehashi_session")
    assert login(client, email).status_code == 302, email


@pytest.fixture
def placed(db, year):
    placement = services.place(db, year["staff"], year["trainee"], year["practicum"],
                               placement_details(year, supervisor_email="mori@sakura.example"),
                               None)
    db.commit()
    return placement


def _mails_to(db, address):
    return list(db.scalars(select(OutboxMessage).where(OutboxMessage.to_address == address)))


def test_inviting_a_supervisor_without_an_account_invites_them_in_japanese(db, year, placed):
    supervisor = services.invite_supervisor(db, year["staff"], placed)
    db.commit()
    assert placed.supervisor_id == supervisor.id and supervisor.locale == "ja"
    assert not supervisor.has_password
    subjects = [mail.subject for mail in _mails_to(db, "mori@sakura.example")]
    assert len(subjects) == 2  # the invitation to set a password, and whom they supervise
    body = _mails_to(db, "mori@sakura.example")[-1].body
    assert "Amihan Reyes" in body and f"/supervision/{placed.id}" in body


def test_a_supervisor_who_has_an_account_is_only_told_whom_they_supervise(db, year, placed):
    existing = factories.person(db, "mori@sakura.example", "Mori Yuki", country="JP")
    assert services.invite_supervisor(db, year["staff"], placed).id == existing.id
    db.commit()
    assert len(_mails_to(db, "mori@sakura.example")) == 1


def test_a_placement_without_the_supervisors_address_invites_nobody(db, year):
    placement = services.place(db, year["staff"], year["trainee"], year["practicum"],
                               placement_details(year), None)
    with pytest.raises(ServiceError):
        services.invite_supervisor(db, year["staff"], placement)


def test_another_supervisor_for_the_placement_ends_the_first_ones_access(db, year, placed):
    services.invite_supervisor(db, year["staff"], placed)
    services.place(db, year["staff"], year["trainee"], year["practicum"],
                   placement_details(year, supervisor_email="kato@sakura.example"), placed)
    db.commit()
    assert placed.supervisor_id is None


def test_the_supervisor_finds_the_trainee_on_their_home_and_sees_her_readiness(
        client, db, year, placed):
    factories.person(db, "mori@sakura.example", "Mori Yuki", country="JP")
    services.invite_supervisor(db, year["staff"], placed)
    db.commit()
    with time_machine.travel(dt.datetime(2019, 10, 1, 3, tzinfo=dt.UTC), tick=False):
        _as(client, "mori@sakura.example")
        home = client.get("/").get_data(as_text=True)
        assert "Trainees placed with you" in home
        assert f'href="/supervision/{placed.id}">Amihan Reyes</a>' in home
        page = client.get(f"/supervision/{placed.id}").get_data(as_text=True)
        assert "5 checks still to do" in page and "Stool test: not yet" in page
        # Nothing of the cohort beyond her placement.
        for path in (f"/cohorts/{year['cohort'].id}/placements",
                     f"/cohorts/{year['cohort'].id}/matrix",
                     f"/cohorts/{year['cohort'].id}/trainees/{year['trainee'].id}/grades"):
            assert client.get(path).status_code in {403, 404}, path


def test_the_supervisor_sees_the_placement_until_thirty_days_after_it_ends(
        client, db, year, placed):
    factories.person(db, "mori@sakura.example", "Mori Yuki", country="JP")
    services.invite_supervisor(db, year["staff"], placed)
    db.commit()
    last_open = dt.datetime.combine(LAST_DAY + dt.timedelta(days=30), dt.time(12), dt.UTC)
    with time_machine.travel(last_open, tick=False):
        _as(client, "mori@sakura.example")
        assert client.get(f"/supervision/{placed.id}").status_code == 200
    with time_machine.travel(last_open + dt.timedelta(days=1), tick=False):
        _as(client, "mori@sakura.example")
        assert client.get(f"/supervision/{placed.id}").status_code == 404
        assert "Trainees placed with you" not in client.get("/").get_data(as_text=True)


def test_staff_invite_the_supervisor_from_the_placement_page(client, db, year, placed):
    _as(client, "staff@example.org")
    url = f"/cohorts/{year['cohort'].id}/placements/{year['trainee'].id}/later"
    assert "Invite the supervisor" in client.get(url).get_data(as_text=True)
    response = post(client, f"{url}/invite", token_from=url)
    assert response.status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "Mori Yuki can now see the placement; a mail tells them how." in page
    assert "Invite the supervisor again" in page
