"""Alumni of two completed year-long cohorts, a trainee of the current one, a plain user and
staff: each kind of person the alumni pages meet."""

from __future__ import annotations

import datetime as dt
import io
import struct
import zlib

import pytest
from sqlalchemy import select

from lms.accounts.models import Role, User
from lms.accounts.services import create_user
from lms.alumni import services
from lms.programs.models import Enrollment, EnrollmentRole, EnrollmentStatus
from tests import factories
from tests.conftest import PASSWORD, login


def completed(db, cohort, user: User) -> Enrollment:
    enrollment = Enrollment(cohort=cohort, user=user, role=EnrollmentRole.TRAINEE,
                            status=EnrollmentStatus.COMPLETED)
    db.add(enrollment)
    return enrollment


def alumnus(db, cohort, email: str, name: str, country: str) -> User:
    user = factories.person(db, email, name, country)
    completed(db, cohort, user)
    return user


@pytest.fixture
def world(db):
    staff = factories.staff(db)
    thirty_fifth = factories.cohort(db, number=35, starts_on=dt.date(2018, 3, 15), active=False)
    thirty_sixth = factories.cohort(db, number=36, starts_on=dt.date(2019, 3, 14),
                                    active=False)
    current = factories.cohort(db, number=43, starts_on=dt.date(2026, 3, 12))
    people = {
        "staff": staff,
        "alumna": alumnus(db, thirty_sixth, "putri@example.org", "Putri Handayani", "ID"),
        "other": alumnus(db, thirty_sixth, "siriporn@example.org", "Siriporn Kaewmanee",
                         "TH"),
        "twice": alumnus(db, thirty_fifth, "rodel@example.org", "Rodel Bautista", "PH"),
        "trainee": factories.enroll(db, current, "amihan@example.org", name="Amihan Reyes").user,
        "plain": create_user(db, "plain@example.org", "Plain Person", PASSWORD, country="JP"),
        "admin": create_user(db, "admin@example.org", "Admin", PASSWORD, [Role.ADMIN]),
    }
    completed(db, thirty_sixth, people["twice"])  # came back for a second year
    db.commit()
    return {**people, "c35": thirty_fifth, "c36": thirty_sixth, "current": current}


def profile(db, user: User, listed: bool = True, **values) -> None:
    details = {"listed": listed, "country": user.country, "organization": "",
               "current_role": "", "fields": [], "bio": "", "shared": [], **values}
    services.save_profile(db, user, services.ProfileDetails(**details))
    db.commit()


def as_user(client, email: str) -> None:
    client.delete_cookie("kakehashi_session")  # a fresh browser for each person
    response = login(client, email)
    assert response.status_code == 302, email


def as_nobody(client) -> None:
    client.delete_cookie("kakehashi_session")


def png_bytes(width: int = 2, height: int = 2) -> bytes:
    """A valid PNG made with the standard library."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _row in range(height))
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


WEBP = (b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00\x2f\x00\x00\x00\x10\x07\x10\x11"
        b"\x11\x88\x88\xfe\x07\x00")
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


def upload(data: bytes, name: str = "picture.png"):
    return (io.BytesIO(data), name)


@pytest.fixture(autouse=True)
def _uploads_in_tmp(app, tmp_path):
    app.config["LMS_UPLOAD_DIR"] = str(tmp_path / "uploads")


def report_by(db, author: User, title: str = "How our barangay kept older people fed",
              body: str = "We cooked **together**.", country: str | None = None):
    report = services.create_report(db, author, services.ReportDraft(
        title, body, country or author.country))
    db.commit()
    return report


def first(db, model):
    return db.scalar(select(model).order_by(model.id))
