"""The country an enrollment counts for: filled when the person is enrolled, changed only by
staff (audited), and the one caps and quotas count (``lms.programs.country``)."""

from __future__ import annotations

import datetime as dt

import pytest
from alembic import command
from sqlalchemy import select, text

from lms.accounts.models import Role
from lms.accounts.services import update_profile
from lms.audit import AuditEvent
from lms.db import make_engine
from lms.errors import NotAllowed, ServiceError
from lms.migrations import alembic_config
from lms.programs import country, services
from lms.programs.models import Enrollment, Program, ProgramKind
from tests import factories
from tests.conftest import post
from tests.factories import enroll, person, staff


def test_enrolling_records_the_persons_country_then_ignores_account_edits(db):
    cohort = factories.cohort(db)
    enrollment = enroll(db, cohort, "amihan@example.org")
    assert enrollment.country == "PH"
    trainee = enrollment.user
    update_profile(db, trainee, trainee.display_name, "TH", "en", "Asia/Tokyo")
    db.flush()
    assert enrollment.country == "PH"
    assert country.country_that_counts(db, trainee.id) == "PH"


def test_the_year_program_counts_not_other_programs(db):
    seminar_program = Program(slug="seminar", kind=ProgramKind.SEMINAR, code="S", title="S")
    db.add(seminar_program)
    db.flush()
    seminar = services.create_cohort(db, staff(db), seminar_program, services.CohortDetails(
        8, 2026, "Seminar", dt.date(2026, 12, 7), dt.date(2026, 12, 11), "Asia/Tokyo", 5, None))
    somebody = person(db, "s@example.org", country="LK")
    services.enroll(db, staff(db), seminar, somebody, services.EnrollmentRole.TRAINEE)
    assert country.country_that_counts(db, somebody.id) is None
    # Without a year-program enrollment, the sent application's country counts.
    assert country.country_that_counts(db, somebody.id, "LK") == "LK"
    year = enroll(db, factories.cohort(db), "s@example.org")
    year.country = "NP"
    db.flush()
    assert country.country_that_counts(db, somebody.id, "LK") == "NP"


def test_a_roster_records_its_own_country(db):
    cohort = factories.cohort(db)
    existing = person(db, "siriporn@example.org", "Siriporn", country="PH")
    services.import_roster(db, staff(db), cohort, "email,name,role,country\n"
                           "siriporn@example.org,Siriporn,trainee,TH\n"
                           "new@example.org,New Person,trainee,VN\n"
                           "plain@example.org,Plain,mentor,\n", "en")
    db.flush()
    by_email = {e.user.email: e.country for e in db.scalars(select(Enrollment))}
    assert by_email == {"siriporn@example.org": "TH", "new@example.org": "VN",
                        "plain@example.org": None}
    assert existing.country == "PH"


def test_staff_change_the_country_and_it_is_audited(db):
    enrollment = enroll(db, factories.cohort(db), "amihan@example.org")
    country.change_country(db, staff(db), enrollment, "TH", " Moved to Bangkok. ")
    assert enrollment.country == "TH"
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "enrollment_country_changed"))
    assert event.actor_id == staff(db).id and event.object_id == str(enrollment.id)
    assert event.before == {"country": "PH"}
    assert event.after == {"country": "TH", "reason": "Moved to Bangkok."}


def test_nobody_but_staff_changes_it_and_only_with_a_country_and_a_reason(db):
    enrollment = enroll(db, factories.cohort(db), "amihan@example.org")
    with pytest.raises(NotAllowed):
        country.change_country(db, enrollment.user, enrollment, "TH", "I moved.")
    with pytest.raises(ServiceError) as refused:
        country.change_country(db, staff(db), enrollment, "XX", "Typo")
    assert refused.value.field == "country"
    with pytest.raises(ServiceError) as refused:
        country.change_country(db, staff(db), enrollment, "TH", "  ")
    assert refused.value.field == "reason"
    assert enrollment.country == "PH"


# The staff page --------------------------------------------------------------------------------


def _page(db):
    cohort = factories.cohort(db)
    enrollment = enroll(db, cohort, "amihan@example.org", name="Amihan Reyes")
    db.commit()
    return f"/cohorts/{cohort.id}/enrollments/{enrollment.id}/country", enrollment


def test_staff_change_the_country_from_the_roster(client, db, logged_in):
    path, enrollment = _page(db)
    logged_in(Role.STAFF)
    roster = client.get(f"/cohorts/{enrollment.cohort_id}").get_data(as_text=True)
    assert path in roster and "Philippines" in roster
    page = client.get(path)
    assert page.status_code == 200 and "Amihan Reyes" in page.get_data(as_text=True)
    response = post(client, path, {"country": "TH", "reason": "Works in Bangkok."},
                    token_from=path)
    assert response.status_code == 302
    db.expire_all()
    assert db.get(Enrollment, enrollment.id).country == "TH"
    assert db.scalar(select(AuditEvent.id).where(
        AuditEvent.action == "enrollment_country_changed")) is not None
    page = post(client, path, {"country": "VN", "reason": ""}, token_from=path)
    assert page.status_code == 200
    db.expire_all()
    assert db.get(Enrollment, enrollment.id).country == "TH"


def test_only_staff_reach_the_country_page(client, db, logged_in):
    path, enrollment = _page(db)
    logged_in()
    assert client.get(path).status_code == 403
    assert client.post(path, data={"country": "TH", "reason": "x"}).status_code in (400, 403)
    client.delete_cookie("kakehashi_session")
    from tests.conftest import login

    assert login(client, enrollment.user.email).status_code == 302
    assert client.get(path).status_code == 403
    db.expire_all()
    assert db.get(Enrollment, enrollment.id).country == "PH"


def test_an_enrollment_of_another_cohort_is_not_found(client, db, logged_in):
    _path, enrollment = _page(db)
    other = factories.cohort(db, number=37, starts_on=dt.date(2020, 3, 12))
    db.commit()
    logged_in(Role.STAFF)
    assert client.get(f"/cohorts/{other.id}/enrollments/{enrollment.id}/country"
                      ).status_code == 404


def test_the_roster_page_does_not_grow_with_its_trainees(client, db, logged_in, count_queries):
    cohort = factories.cohort(db, capacity=20)
    enroll(db, cohort, "one@example.org")
    path = f"/cohorts/{cohort.id}"
    db.commit()
    logged_in(Role.STAFF)
    with count_queries() as few:
        assert client.get(path).status_code == 200
    for number in range(8):
        enroll(db, cohort, f"t{number}@example.org").user.country = "TH"
    db.commit()
    with count_queries() as many:
        page = client.get(path).get_data(as_text=True)
    assert many.count == few.count, (few.statements, many.statements)
    assert page.count("Philippines") == 9


# The migration ---------------------------------------------------------------------------------


def test_the_migration_fills_existing_enrollments_from_the_account(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'backfill.sqlite'}")
    config = alembic_config(engine)
    command.upgrade(config, "0007_admissions")
    with engine.begin() as connection:
        for number, where in ((1, "PH"), (2, None)):
            connection.execute(text(
                "INSERT INTO lms_users (id, email, display_name, password_hash, is_active, "
                "timezone, wants_optional_mail, created_at, country) VALUES (:id, :email, 'P', "
                "'x', 1, 'UTC', 1, '2026-01-01', :country)"),
                {"id": number, "email": f"p{number}@example.org", "country": where})
        connection.execute(text(
            "INSERT INTO lms_programs (id, slug, kind, title, description, code) "
            "VALUES (1, 'y', 'year_long', 'Y', '', 'Y')"))
        connection.execute(text(
            "INSERT INTO lms_cohorts (id, program_id, fiscal_year, title, starts_on, ends_on, "
            "timezone, capacity, status, created_at) VALUES (1, 1, 2026, 'C', '2026-03-01', "
            "'2027-02-01', 'Asia/Tokyo', 5, 'active', '2026-01-01')"))
        for number in (1, 2):
            connection.execute(text(
                "INSERT INTO lms_enrollments (cohort_id, user_id, role, status, enrolled_at) "
                "VALUES (1, :user_id, 'trainee', 'active', '2026-01-01')"), {"user_id": number})
    command.upgrade(config, "0008_enrollment_country")
    with engine.connect() as connection:
        assert connection.execute(text(
            "SELECT user_id, country FROM lms_enrollments ORDER BY user_id")).all() == [
            (1, "PH"), (2, None)]
    engine.dispose()
