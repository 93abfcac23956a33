"""The applicant's home: her draft with its deadline, what it still lacks, and how her
application stands once sent; never another applicant's."""

from __future__ import annotations

import pytest

from lms.admissions import applying
from lms.admissions import services as admission_services
from lms.admissions.models import DocumentKind
from tests import factories
from tests.admissions.conftest import call_input, complete_input, submitted, upload
from tests.home.conftest import home, queries_of, section_of


@pytest.fixture
def call(db):
    next_cohort = factories.cohort(db, number=44, active=False)
    created = admission_services.create_call(db, factories.staff(db), call_input(next_cohort.id))
    db.commit()
    return created


def _draft(db, email, name, call):
    applicant = factories.person(db, email, name, "PH")
    application = applying.start_application(db, applicant, call)
    applying.save_draft(db, applicant, application, complete_input())
    return application


def test_a_draft_shows_its_deadline_and_what_is_missing(client, db, call):
    application = _draft(db, "maria@example.org", "Maria Santos", call)
    upload(db, application.applicant, application, DocumentKind.CV)
    db.commit()
    section = section_of(home(client, "maria@example.org"), "applicant")
    assert "Call for the 44th cohort" in section and "Send it before" in section
    assert "Passport (the page with your photo)" in section
    assert "Nomination letter" in section and "Curriculum vitae" not in section
    assert f"/admissions/applications/{application.id}/edit" in section
    assert '<span class="count">1</span>' in section


def test_a_complete_draft_says_nothing_is_missing(client, db, call):
    application = _draft(db, "maria@example.org", "Maria Santos", call)
    for kind in (DocumentKind.CV, DocumentKind.PASSPORT, DocumentKind.NOMINATION_LETTER):
        upload(db, application.applicant, application, kind)
    db.commit()
    assert "Nothing is missing" in section_of(home(client, "maria@example.org"), "applicant")


def test_a_sent_application_shows_its_status(client, db, call):
    application = submitted(db, factories.person(db, "maria@example.org", "Maria Santos", "PH"),
                            call)
    db.commit()
    section = section_of(home(client, "maria@example.org"), "applicant")
    assert "submitted, waiting for screening" in section
    assert f"/admissions/applications/{application.id}\"" in section


def test_no_leak_of_another_applicants_draft(client, db, call):
    _draft(db, "maria@example.org", "Maria Santos", call)
    factories.person(db, "jose@example.org", "Jose Cruz", "PH")
    db.commit()
    assert 'id="applicant-heading"' not in home(client, "jose@example.org")


def test_the_applicant_home_makes_the_same_queries_with_more_documents(client, db, call,
                                                                       count_queries):
    application = _draft(db, "maria@example.org", "Maria Santos", call)
    db.commit()
    home(client, "maria@example.org")
    few = queries_of(client, count_queries)
    for kind in (DocumentKind.CV, DocumentKind.PASSPORT, DocumentKind.NOMINATION_LETTER):
        upload(db, application.applicant, application, kind)
    db.commit()
    assert queries_of(client, count_queries) == few
