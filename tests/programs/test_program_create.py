"""Staff create a program of any kind (the training or an event) on /programs/new: the address
word made from the name, errors beside the fields for a taken address word or code, and the
way on to the program's first cohort."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from lms.accounts.models import Role
from lms.errors import NotAllowed, ServiceError
from lms.programs.creating import PROGRAM_KIND_LABELS, ProgramInput, create_program, slug_from
from lms.programs.models import Program, ProgramKind
from tests import factories
from tests.conftest import post

PATH = "/programs/new"


def given(**changes):
    values = dict(kind=ProgramKind.EXCHANGE, name="Korea–Japan Exchange of Hearts",
                  code="KJX", name_ja="日韓交流")
    values.update(changes)
    return ProgramInput(**values)


def test_every_kind_of_program_has_a_label_and_is_offered(client, db, logged_in):
    assert set(PROGRAM_KIND_LABELS) == set(ProgramKind)
    logged_in(Role.STAFF)
    page = client.get(PATH).get_data(as_text=True)
    for kind in ProgramKind:
        assert f'value="{kind.value}"' in page


def test_the_address_word_is_made_from_the_name():
    assert slug_from("Korea–Japan Exchange of Hearts") == "korea-japan-exchange-of-hearts"
    assert slug_from("Études: d'été!") == "etudes-d-ete"
    assert slug_from("日韓交流") == ""


def test_staff_create_a_program(db):
    program = create_program(db, factories.staff(db), given(code="kjx"))
    assert (program.kind, program.slug, program.code, program.name_ja) == (
        ProgramKind.EXCHANGE, "korea-japan-exchange-of-hearts", "KJX", "日韓交流")


@pytest.mark.parametrize(("changes", "field"), [
    ({"slug": "korea-japan-exchange-of-hearts", "code": "OTHER"}, "slug"),
    ({"name": "Another exchange", "code": "kjx"}, "code"),
    ({"name": "  "}, "name"),
    ({"code": "has space"}, "code"),
    ({"name": "日韓交流", "code": "NEW"}, "slug"),
    ({"slug": "Not A Slug", "code": "NEW"}, "slug"),
])
def test_a_taken_or_unfit_value_is_refused_beside_its_field(db, changes, field):
    staff = factories.staff(db)
    create_program(db, staff, given())
    with pytest.raises(ServiceError) as caught:
        create_program(db, staff, given(**changes))
    assert caught.value.field == field


def test_only_staff_create_programs(db):
    with pytest.raises(NotAllowed):
        create_program(db, factories.person(db, "plain@example.org"), given())


def test_the_page_creates_the_program_and_leads_to_its_first_cohort(client, db, logged_in):
    logged_in(Role.STAFF)
    done = post(client, PATH, {"kind": "study_tour", "name": "Study tour to Mongolia",
                               "code": "MNGTOUR", "name_ja": "", "slug": "",
                               "description": ""}, token_from=PATH)
    assert done.status_code == 302
    program = db.scalar(select(Program).where(Program.slug == "study-tour-to-mongolia"))
    assert program.kind == ProgramKind.STUDY_TOUR
    assert done.headers["Location"].endswith(f"/cohorts/new?program={program.id}")
    form = client.get(f"/cohorts/new?program={program.id}").get_data(as_text=True)
    assert f'<option selected value="{program.id}">' in form or \
        f'value="{program.id}" selected' in form


def test_the_page_shows_a_taken_code_beside_its_field(client, db, logged_in):
    logged_in(Role.STAFF)
    create_program(db, factories.staff(db, "other-staff@example.org"), given())
    db.commit()
    page = post(client, PATH, {"kind": "exchange", "name": "Second exchange", "code": "KJX"},
                token_from=PATH)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Another program has this code" in html
    assert 'aria-invalid="true"' in html


def test_staff_find_the_page_where_they_create_cohorts(client, db, logged_in):
    logged_in(Role.STAFF)
    assert PATH in client.get("/cohorts").get_data(as_text=True)
    assert PATH in client.get("/cohorts/new").get_data(as_text=True)


def test_others_may_not_create_programs(client, db, logged_in):
    logged_in()
    assert client.get(PATH).status_code == 403
    assert post(client, PATH, {"kind": "forum", "name": "X", "code": "X"}).status_code == 403
