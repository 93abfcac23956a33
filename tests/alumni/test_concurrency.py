"""Two staff deciding on one report at the same moment, each in their own thread and session:
one decision holds and the other is told, never a silent overwrite."""

from __future__ import annotations

from sqlalchemy import func, select

from lms.accounts.models import User
from lms.alumni import services
from lms.alumni.models import AlumniProfile, AlumniReport, ReportStatus
from lms.audit import AuditEvent
from lms.errors import ServiceError
from tests.alumni.conftest import report_by
from tests.assignments.test_concurrency import run_together
from tests.factories import staff


def test_approve_and_return_at_once_gives_one_decision(app, db, world):
    alumna = world["alumna"]
    report = report_by(db, alumna)
    services.submit_report(db, alumna, report)
    second = staff(db, "staff2@example.org")
    db.commit()
    report_id, staff_ids = report.id, (world["staff"].id, second.id)

    def approve(own):
        return services.approve_report(own, own.get(User, staff_ids[0]),
                                       own.get(AlumniReport, report_id)).status

    def give_back(own):
        return services.return_report(own, own.get(User, staff_ids[1]),
                                      own.get(AlumniReport, report_id), "Change it.").status

    results = run_together(app, [approve, give_back])
    decided = [result for result in results if isinstance(result, ReportStatus)]
    refused = [result for result in results if isinstance(result, ServiceError)]
    assert len(decided) == 1 and len(refused) == 1, results
    db.expire_all()
    assert db.get(AlumniReport, report_id).status == decided[0]
    assert db.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action.in_(["alumni_report_approved", "alumni_report_returned"]))) == 1


def test_two_first_saves_of_a_profile_make_one_row(app, db, world):
    alumna_id = world["alumna"].id

    def save(own):
        return services.save_profile(own, own.get(User, alumna_id), services.ProfileDetails(
            listed=True, country="ID", organization="Foundation", current_role="",
            fields=[], bio="", shared=[])).id

    results = run_together(app, [save, save])
    assert all(isinstance(result, int) for result in results), results
    assert db.scalar(select(func.count()).select_from(AlumniProfile)) == 1
