"""A trainee's Japanese levels: recorded by her cohort's current teacher or staff, never by
her mentor, a teacher of another cohort or a withdrawn teacher; each kept beside the earlier
ones and audited; her latest is the one assessed last."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from lms.audit import AuditEvent
from lms.errors import NotAllowed, ServiceError
from lms.language import queries
from lms.language.models import Checkpoint, JapaneseLevel, LevelRecord
from lms.language.services import record_level
from lms.programs import services as program_services

N5, N4, N3 = JapaneseLevel.N5, JapaneseLevel.N4, JapaneseLevel.N3
ENTRY = Checkpoint.ENTRY


def test_levels_are_ordered_from_n5_to_n1():
    assert [level.value for level in sorted(JapaneseLevel, key=lambda level: level.rank)] == [
        "N5", "N4", "N3", "N2", "N1"]
    assert N4.reaches(N4) and N3.reaches(N4) and JapaneseLevel.N1.reaches(N5)
    assert not N5.reaches(N4)


def test_her_teacher_and_staff_record_levels_and_each_is_audited(db, year):
    putri = year["putri"]
    first = record_level(db, year["teacher"].user, putri, N5, ENTRY, dt.date(2019, 3, 20))
    record_level(db, year["staff"], putri, N4, Checkpoint.LANGUAGE_MONTHS_END,
                 dt.date(2019, 7, 10), "Placement test")
    db.commit()
    assert [record.level for record in queries.history(db, putri)] == [N5, N4]
    events = db.scalars(select(AuditEvent).where(
        AuditEvent.action == "japanese_level_recorded").order_by(AuditEvent.id)).all()
    assert [(event.actor_id, event.after["level"]) for event in events] == [
        (year["teacher"].user_id, "N5"), (year["staff"].id, "N4")]
    assert events[0].object_id == str(first.id)


@pytest.mark.parametrize("who", ["mentor", "far_teacher", "rodel", "outsider"])
def test_nobody_else_records_her_level(db, year, who):
    with pytest.raises(NotAllowed):
        record_level(db, year[who].user, year["putri"], N4, ENTRY, dt.date(2019, 3, 20))
    assert db.scalar(select(LevelRecord)) is None


def test_a_withdrawn_teacher_records_nothing(db, year):
    program_services.withdraw(db, year["staff"], year["teacher"], dt.date(2019, 5, 1), "Moved")
    with pytest.raises(NotAllowed):
        record_level(db, year["teacher"].user, year["putri"], N4, ENTRY, dt.date(2019, 3, 20))


def test_a_teacher_of_another_cohort_records_nothing_for_its_trainee_here(db, year):
    with pytest.raises(NotAllowed):
        record_level(db, year["teacher"].user, year["outsider"], N4, ENTRY,
                     dt.date(2019, 3, 20))
    record_level(db, year["far_teacher"].user, year["outsider"], N4, ENTRY,
                 dt.date(2019, 3, 20))


def test_levels_are_for_trainees_in_the_past_and_another_date_says_why(db, year):
    teacher = year["teacher"].user
    with pytest.raises(ServiceError, match="trainees only"):
        record_level(db, teacher, year["mentor"], N4, ENTRY, dt.date(2019, 3, 20))
    with pytest.raises(ServiceError, match="future"):
        record_level(db, teacher, year["putri"], N4, ENTRY,
                     dt.date.today() + dt.timedelta(days=2))
    with pytest.raises(ServiceError, match="note"):
        record_level(db, teacher, year["putri"], N4, Checkpoint.OTHER, dt.date(2019, 3, 20),
                     "  ")
    record_level(db, teacher, year["putri"], N4, Checkpoint.OTHER, dt.date(2019, 3, 20),
                 "JLPT in July")


def test_a_withdrawn_trainee_gets_no_new_level(db, year):
    program_services.withdraw(db, year["staff"], year["rodel"], dt.date(2019, 5, 1), "Ill")
    with pytest.raises(ServiceError, match="withdrawn"):
        record_level(db, year["teacher"].user, year["rodel"], N4, ENTRY, dt.date(2019, 3, 20))


def test_the_latest_is_the_one_assessed_last_then_recorded_last(db, year):
    teacher, putri, rodel = year["teacher"].user, year["putri"], year["rodel"]
    record_level(db, teacher, putri, N3, Checkpoint.MID_YEAR, dt.date(2019, 9, 1))
    # Recorded later, but assessed earlier: not her latest.
    record_level(db, teacher, putri, N5, ENTRY, dt.date(2019, 3, 20))
    record_level(db, teacher, rodel, N5, ENTRY, dt.date(2019, 3, 20))
    record_level(db, teacher, rodel, N4, ENTRY, dt.date(2019, 3, 20))
    db.commit()
    assert queries.latest_level_values(db, [putri.id, rodel.id, year["outsider"].id]) == {
        putri.id: N3, rodel.id: N4}
    assert queries.latest_levels(db, []) == {}


def test_her_levels_are_in_her_personal_data(db, year):
    from lms.language.personal_data import parts

    record_level(db, year["teacher"].user, year["putri"], N4, ENTRY, dt.date(2019, 3, 20),
                 "Placement test")
    db.commit()
    assert [(each["level"], each["assessed_on"], each["note"])
            for each in parts(db, year["putri"].user)["japanese_levels"]] == [
        ("N4", "2019-03-20", "Placement test")]
    assert parts(db, year["rodel"].user) == {"japanese_levels": []}
