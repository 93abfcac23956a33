"""A call open now for the 44th cohort (six places, at most two from a country), the people
around it (applicants from three countries, two committee members, staff, a trainee of the
current cohort), and helpers that take an application as far as a test needs."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from lms.accounts.models import Role, User
from lms.accounts.services import create_user
from lms.admissions import applying, selection, services
from lms.admissions.applying import ApplicationInput
from lms.admissions.models import (
    AdmissionApplication,
    AdmissionCall,
    ApplicationStatus,
    DocumentKind,
    Gender,
    LanguageLevel,
    NominationMethod,
)
from lms.admissions.services import CallInput
from lms.clock import utcnow
from tests import factories
from tests.conftest import PASSWORD

MOTIVATION = " ".join(["I coordinate home care for older people in my district and want to "
                       "learn how Japanese community care links hospitals and families."] * 8)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def call_input(cohort_id: int, **changes) -> CallInput:
    """A call open from yesterday for four weeks, in Tokyo's zone."""
    now = utcnow().astimezone(dt.timezone(dt.timedelta(hours=9))).replace(tzinfo=None)
    values = dict(cohort_id=cohort_id, title="Call for the 44th cohort", timezone="Asia/Tokyo",
                  opens_at=now - dt.timedelta(days=1), closes_at=now + dt.timedelta(days=28),
                  capacity=6, country_quota=2, min_years_in_welfare=3,
                  required_language="en", required_language_level=int(LanguageLevel.ADVANCED),
                  required_documents=[DocumentKind.CV.value, DocumentKind.PASSPORT.value],
                  eligibility="Social workers in public or private welfare services.",
                  guidance="The program pays travel, housing and a monthly allowance.")
    values.update(changes)
    return CallInput(**values)


def complete_input(country: str = "PH", **changes) -> ApplicationInput:
    values = dict(full_name="Maria Santos", date_of_birth=dt.date(1992, 5, 4),
                  gender=Gender.FEMALE, country=country, phone="+63 2 8123 4567",
                  organization="Quezon City Social Services", position="Case manager",
                  profession="Social worker", years_in_welfare=6,
                  languages=[("en", int(LanguageLevel.FLUENT)), ("ja", int(LanguageLevel.BASIC))],
                  motivation=MOTIVATION, nomination_method=NominationMethod.LETTER)
    values.update(changes)
    return ApplicationInput(**values)


def upload(db, applicant: User, application: AdmissionApplication, kind: DocumentKind) -> None:
    applying.add_document(db, applicant, application, kind, io.BytesIO(PDF), f"{kind}.pdf")


def submitted(db, applicant: User, call: AdmissionCall, **changes) -> AdmissionApplication:
    """A complete application nominated by letter, sent."""
    application = applying.start_application(db, applicant, call)
    applying.save_draft(db, applicant, application,
                        complete_input(country=applicant.country or "PH", **changes))
    for kind in (*call.required_document_kinds, DocumentKind.NOMINATION_LETTER):
        upload(db, applicant, application, kind)
    applying.submit(db, applicant, application)
    return application


def eligible(db, staff: User, applicant: User, call: AdmissionCall,
             **changes) -> AdmissionApplication:
    application = submitted(db, applicant, call, **changes)
    selection.screen(db, staff, application, eligible=True, reason="")
    return application


def applicant(db, email: str, name: str, country: str) -> User:
    return factories.person(db, email, name, country)


@pytest.fixture
def world(db):
    staff = factories.staff(db)
    current = factories.cohort(db, number=43, starts_on=dt.date(2026, 3, 12))
    next_cohort = factories.cohort(db, number=44, starts_on=dt.date(2027, 3, 11), active=False)
    people = {
        "staff": staff,
        "cohort": next_cohort,
        "maria": applicant(db, "maria@example.org", "Maria Santos", "PH"),
        "jose": applicant(db, "jose@example.org", "Jose Cruz", "PH"),
        "ana": applicant(db, "ana@example.org", "Ana Bautista", "PH"),
        "somchai": applicant(db, "somchai@example.org", "Somchai Boonmee", "TH"),
        "nimal": applicant(db, "nimal@example.org", "Nimal Perera", "LK"),
        "trainee": factories.enroll(db, current, "trainee@example.org", name="Rina Sari").user,
        "member": create_user(db, "member@example.org", "Member One", PASSWORD,
                              [Role.COMMITTEE_MEMBER]),
        "member2": create_user(db, "member2@example.org", "Member Two", PASSWORD,
                               [Role.COMMITTEE_MEMBER]),
    }
    people["call"] = services.create_call(db, staff, call_input(next_cohort.id))
    db.commit()
    return people


__all__ = [
    "MOTIVATION",
    "PDF",
    "ApplicationStatus",
    "call_input",
    "complete_input",
    "eligible",
    "submitted",
    "upload",
]
