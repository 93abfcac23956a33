"""Every page that says how many places of a cohort are taken says the same number: the
cohorts list and page, the events list and page, the attendance page and the calls' pages
(issue 17, item 13: the Korea–Japan seminar showed 0, 17 and 20 of its 20 places; its call is
now the Japanese side of the exchange in Seoul, whose places its own calls count)."""

from __future__ import annotations

import re

from sqlalchemy import select

from lms.admissions.models import AdmissionCall
from lms.demo import DEMO_PASSWORD
from lms.programs import places
from lms.programs.models import Cohort, CohortStatus, Program, ProgramKind
from tests.conftest import login
from tests.demo.test_seminars_demo import DEMO_NOW, config_overrides, seeded  # noqa: F401


def _row(html: str, title: str) -> str:
    """The table row that names ``title``."""
    # In its first cell: a replaced cohort's row names its replacement in its status.
    rows = [row for row in re.findall(r"<tr>.*?</tr>", html, re.S)
            if f">{title}<" in re.split(r"</t[dh]>", row, maxsplit=1)[0]]
    assert rows, title
    return rows[0]


def test_every_page_counts_a_seminars_places_alike(app, db, client, seeded):  # noqa: F811
    seminars = db.scalars(select(Cohort).join(Program).where(
        Program.kind == ProgramKind.SEMINAR).order_by(Cohort.starts_on)).all()
    korea_japan = db.scalars(select(Cohort).join(Program).where(
        Program.kind == ProgramKind.EXCHANGE, Cohort.status == CohortStatus.PLANNED)).one()
    seminars = [*seminars, korea_japan]
    taken = places.taken_counts(db, [cohort.id for cohort in seminars])
    seventh = next(cohort for cohort in seminars if cohort.number == 7)
    # Japan's side gave its ten places (most confirmed, one still to answer), Korea's is
    # open; 57 ex-trainees and 104 from Japanese institutions came to the 7th by registering.
    assert taken[korea_japan.id] == 10
    assert taken[seventh.id] == 57 + 104
    assert login(client, "program.officer@kakehashi.example", DEMO_PASSWORD).status_code == 302
    # Every page of each list, the 2019 seminar being far down the cohorts.
    seminars_page = "".join(client.get(f"/events?page={n}").get_data(as_text=True)
                            for n in range(1, 4))
    cohorts_page = "".join(client.get(f"/cohorts?page={n}").get_data(as_text=True)
                           for n in range(1, 9))
    for cohort in seminars:
        said = f"{taken.get(cohort.id, 0)} of {cohort.capacity} places"
        assert said in _row(seminars_page, cohort.title)
        assert said in _row(cohorts_page, cohort.title)
        assert said in client.get(f"/cohorts/{cohort.id}").get_data(as_text=True)
        assert f"{taken.get(cohort.id, 0)} registered of {cohort.capacity} places" in \
            client.get(f"/events/{cohort.id}").get_data(as_text=True)
        attendance = client.get(f"/events/{cohort.id}/attendance").get_data(as_text=True)
        assert said + " taken" in attendance
        # A seminar that is over keeps its registrations as the record of who came.
        if cohort.number in (7, 8):
            assert (cohort.number == 8) == ("the registration of" in attendance)
    # Each side's call counts its own places: all Japan's, none of Korea's yet.
    calls = db.scalars(select(AdmissionCall).where(AdmissionCall.cohort_id == korea_japan.id)
                       .order_by(AdmissionCall.side_country)).all()
    calls_page = client.get("/admissions/staff/").get_data(as_text=True)
    for call, given in zip(calls, ("10 of 10", "0 of 10"), strict=True):
        assert given in _row(calls_page, call.title)
        call_page = client.get(f"/admissions/staff/calls/{call.id}").get_data(as_text=True)
        assert re.search(r"Places given</dt><dd>" + given, call_page)
