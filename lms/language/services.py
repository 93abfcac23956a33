"""Recording a trainee's Japanese level. Only her cohort's current Japanese teacher or program
staff may; each record is added beside the earlier ones (never edited), and audited.
Services flush, never commit."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from lms import audit
from lms.accounts.models import User
from lms.clock import utcnow
from lms.errors import NotAllowed, ServiceError
from lms.i18n import _l
from lms.language.models import Checkpoint, JapaneseLevel, LevelRecord
from lms.programs.models import Enrollment, EnrollmentRole, EnrollmentStatus
from lms.programs.queries import is_current_teacher_in
from lms.security import is_staff

CHECKPOINT_LABELS = {
    Checkpoint.ENTRY: _l("At entry"),
    Checkpoint.LANGUAGE_MONTHS_END: _l("End of the language months"),
    Checkpoint.MID_YEAR: _l("Mid-year"),
    Checkpoint.COMPLETION: _l("At completion"),
    Checkpoint.OTHER: _l("Another date (say why in the note)"),
}


def may_record(db_session: Session, actor: User, cohort_id: int) -> bool:
    """Staff, or a current Japanese teacher of the cohort."""
    return is_staff(actor) or is_current_teacher_in(db_session, actor, cohort_id)


def record_level(db_session: Session, actor: User, trainee: Enrollment, level: JapaneseLevel,
                 checkpoint: Checkpoint, assessed_on: dt.date, note: str = "") -> LevelRecord:
    if not may_record(db_session, actor, trainee.cohort_id):
        raise NotAllowed(_l("Only the cohort's Japanese teacher or program staff can record "
                            "a trainee's Japanese level."))
    if trainee.role != EnrollmentRole.TRAINEE:
        raise ServiceError(_l("Levels are recorded for trainees only."), field="enrollment_id")
    if trainee.status == EnrollmentStatus.WITHDRAWN:
        raise ServiceError(_l("This trainee has withdrawn: no level can be recorded."),
                           field="enrollment_id")
    # Her cohort's calendar day: a level assessed this evening in Tokyo is not tomorrow's.
    if assessed_on > utcnow().astimezone(trainee.cohort.zone).date():
        raise ServiceError(_l("The date of the assessment cannot be in the future."),
                           field="assessed_on")
    note = note.strip()
    if checkpoint == Checkpoint.OTHER and not note:
        raise ServiceError(_l("Say in the note what this assessment was."), field="note")
    record = LevelRecord(enrollment=trainee, level=level, checkpoint=checkpoint,
                         assessed_on=assessed_on, note=note, recorded_by=actor)
    db_session.add(record)
    db_session.flush()
    audit.record(db_session, actor, "japanese_level_recorded", record,
                 after={"enrollment_id": trainee.id, "level": str(level),
                        "checkpoint": str(checkpoint), "assessed_on": assessed_on.isoformat(),
                        "note": note})
    return record
