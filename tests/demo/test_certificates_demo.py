from __future__ import annotations

from sqlalchemy import func, select

from lms.certificates.models import Certificate
from lms.programs.models import Cohort, Enrollment, EnrollmentStatus


def test_every_completed_trainee_of_the_past_years_has_one_certificate(db, seeded):
    completed = db.scalar(select(func.count()).select_from(Enrollment)
                          .where(Enrollment.status == EnrollmentStatus.COMPLETED))
    assert completed >= 25
    assert db.scalar(select(func.count()).select_from(Certificate)) == completed
    serials = set(db.scalars(
        select(Certificate.serial).join(Enrollment, Enrollment.id == Certificate.enrollment_id)
        .join(Cohort, Cohort.id == Enrollment.cohort_id).where(Cohort.number == 36)))
    assert serials == {f"ASWWTP-36-00{n}" for n in range(1, 7)}


def test_a_demo_certificate_verifies_logged_out(client, db, seeded):
    certificate = db.scalar(select(Certificate).where(Certificate.serial == "ASWWTP-36-001"))
    page = client.get(f"/verify/{certificate.verification_code}").get_data(as_text=True)
    assert "This certificate is valid." in page and "36th cohort" in page


def test_running_the_demo_again_issues_nothing_new(app, db, seeded):
    before = db.scalar(select(func.count()).select_from(Certificate))
    assert app.test_cli_runner().invoke(args=["lms", "demo"]).exit_code == 0
    assert db.scalar(select(func.count()).select_from(Certificate)) == before
