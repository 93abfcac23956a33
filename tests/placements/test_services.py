"""The register's and the placements' rules, as the services keep them."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from lms.audit import AuditEvent
from lms.curriculum.source import read_courses
from lms.errors import NotAllowed, ServiceError
from lms.placements import services
from lms.placements.models import HostFacility, Placement, PracticeField
from tests.placements.conftest import PRACTICUM_OPENS, SAKURA, placement_details

HEADER = "id,name,name_ja,kind,field,prefecture,city,address\n"


def _facilities(db):
    return db.scalar(select(func.count()).select_from(HostFacility))


def test_only_staff_keep_the_register(db, year):
    trainee = year["trainee"].user
    with pytest.raises(NotAllowed):
        services.create_facility(db, trainee, SAKURA)
    with pytest.raises(NotAllowed):
        services.read_facilities(db, trainee, HEADER)


def test_an_import_adds_new_rows_and_updates_those_named_by_id(db, year):
    sakura = year["sakura"]
    text = (HEADER
            + f"{sakura.id},Sakura no Sato,さくらの里,Nursing home,older_people,Ishikawa,"
              "Kanazawa,石川県金沢市\n"
            + ",Hikari Children's Home,ひかり学園,Children's home,children,東京都,Setagaya,\n"
            + ",Minato Council of Social Welfare,,Council,community,27,Osaka,\n")
    imported = services.import_facilities(db, year["staff"], text)
    db.commit()
    assert imported.ok and _facilities(db) == 3
    assert sakura.kind == "Nursing home" and sakura.address == "石川県金沢市"
    hikari = db.scalar(select(HostFacility).where(HostFacility.name_ja == "ひかり学園"))
    assert hikari.prefecture == "13" and hikari.field == PracticeField.CHILDREN
    assert db.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "placements.facility_created")) == 3  # the fixture's and two


def test_a_file_with_any_bad_row_imports_nothing_and_names_each_line(db, year):
    text = (HEADER
            + ",Good Home,,,older_people,Tokyo,,\n"
            + ",,,,children,Tokyo,,\n"
            + ",Far Home,,,elderly,Atlantis,,\n"
            + "999,Ghost,,,other,Tokyo,,\n")
    checked = services.import_facilities(db, year["staff"], text)
    db.commit()
    assert not checked.ok and _facilities(db) == 1
    problems = {row.line: row.problems for row in checked.rows}
    assert problems[2] == []
    assert problems[3] == ["The facility's name is missing."]
    assert any("The field must be one of older_people" in p for p in problems[4])
    assert "“Atlantis” is not a prefecture of Japan." in problems[4]
    assert problems[5] == ["No facility has the id “999”; leave it empty to add a new one."]


def test_a_file_without_the_needed_columns_says_which_are_missing(db, year):
    checked = services.read_facilities(db, year["staff"], "name,city\nA,B\n")
    assert checked.problems and "missing: field, prefecture" in checked.problems[0]
    assert services.read_facilities(db, year["staff"], HEADER).problems == [
        "The file has no rows."]


def test_placing_a_trainee_records_it_and_placing_again_changes_it(db, year):
    staff, trainee, practicum = year["staff"], year["trainee"], year["practicum"]
    placement = services.place(db, staff, trainee, practicum, placement_details(year), None)
    db.commit()
    changed = services.place(db, staff, trainee, practicum, placement_details(
        year, supervisor_name="Kato Ren"), placement)
    db.commit()
    assert changed.id == placement.id and changed.supervisor_name == "Kato Ren"
    assert db.scalar(select(func.count()).select_from(Placement)) == 1
    actions = list(db.scalars(select(AuditEvent.action).where(
        AuditEvent.object_type == "Placement").order_by(AuditEvent.id)))
    assert actions == ["placements.placed", "placements.changed"]


@pytest.mark.parametrize("changes,message,field", [
    ({"ends_on": PRACTICUM_OPENS - dt.timedelta(days=1)},
     "The last day comes before the first.", "ends_on"),
    ({"ends_on": dt.date(2020, 3, 31)},
     "A placement falls within the cohort's dates, 2019-03-14 to 2020-02-24.", "starts_on"),
])
def test_a_placement_keeps_its_days_in_order_and_within_the_cohort(db, year, changes, message,
                                                                     field):
    with pytest.raises(ServiceError) as refused:
        services.place(db, year["staff"], year["trainee"], year["practicum"],
                       placement_details(year, **changes), None)
    assert str(refused.value.message) == message and refused.value.field == field


def test_only_a_trainee_is_placed_and_only_for_a_practicum_of_her_course(db, year):
    for enrollment, module in ((year["trainee"], year["care"]),
                               (year["mentor"], year["practicum"])):
        with pytest.raises(ServiceError):
            services.place(db, year["staff"], enrollment, module, placement_details(year), None)
    with pytest.raises(NotAllowed):
        services.place(db, year["trainee"].user, year["trainee"], year["practicum"],
                       placement_details(year), None)


def test_a_placement_is_changed_only_for_its_own_trainee(db, year):
    placement = services.place(db, year["staff"], year["trainee"], year["practicum"],
                               placement_details(year), None)
    with pytest.raises(ServiceError):
        services.place(db, year["staff"], year["classmate"], year["practicum"],
                       placement_details(year), placement)


def test_a_module_says_it_is_a_practicum_and_anything_but_true_or_false_is_refused(tmp_path):
    from tests.factories import write_course

    root = write_course(tmp_path)
    reading = read_courses(root)
    assert not reading.problems
    flags = {module.slug: module.practicum for module in reading.courses[0].modules}
    assert flags == {"arrival": False, "care": False, "later": True}
    (root / "year-course" / "03-later" / "module.toml").write_text(
        'title = "Practicum"\nopens_day = 200\npracticum = "yes"\n', encoding="utf-8")
    problems = read_courses(root).problems
    assert any("03-later/module.toml" in str(problem.path) and problem.line == 3
               for problem in problems), problems
