"""Who attended each session: staff tick the registered participants, or import the meeting
tool's report (CSV) whole or not at all, each bad line named."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from sqlalchemy import func, select

from lms.audit import AuditEvent
from lms.errors import NotAllowed, ServiceError
from lms.events import attendance, program, services
from lms.events.models import SessionAttendance, SessionKind
from lms.events.queries import registration_of
from tests.conftest import post
from tests.events.conftest import as_user, make_seminar, user


def add_session(db, world, cohort=None, title="Lecture", day=dt.date(2026, 12, 8)):
    row = program.add_session(db, world["staff"], cohort or world["seminar"],
                              program.SessionDetails(kind=SessionKind.LECTURE, title=title,
                                                     day=day, starts=dt.time(10, 0),
                                                     ends=dt.time(11, 0)))
    db.commit()
    return row


def register(db, *emails, cohort=None):
    ids = []
    for email in emails:
        person = user(db, email)
        services.register(db, person, cohort)
        ids.append(person.id)
    db.commit()
    return ids


@pytest.fixture
def registered(db, world):
    return register(db, "alumna@example.org", "alumnus@example.org", "trainee@example.org",
                    cohort=world["seminar"])


def present(db, row):
    return set(db.scalars(select(SessionAttendance.user_id).where(
        SessionAttendance.session_id == row.id)))


def test_staff_tick_who_attended_and_untick_later(db, world, registered):
    row = add_session(db, world)
    alumna, alumnus, trainee = registered
    attendance.save_attendance(db, world["staff"], world["seminar"], row, [alumna, trainee])
    assert present(db, row) == {alumna, trainee}
    attendance.save_attendance(db, world["staff"], world["seminar"], row, [alumnus, trainee])
    assert present(db, row) == {alumnus, trainee}
    attendance.save_attendance(db, world["staff"], world["seminar"], row, [alumnus, trainee])
    assert db.scalars(select(AuditEvent.after).where(
        AuditEvent.action == "seminar_attendance_saved").order_by(AuditEvent.id)).all() == [
        {"present": sorted([alumna, trainee])}, {"present": sorted([alumnus, trainee])}]


def test_only_registered_participants_can_be_ticked(db, world, registered):
    row = add_session(db, world)
    outsider = user(db, "maricel@example.org").id  # an alumna, not registered
    with pytest.raises(ServiceError, match="registered"):
        attendance.save_attendance(db, world["staff"], world["seminar"], row,
                                   [registered[0], outsider])
    assert present(db, row) == set()


def test_a_cancelled_registration_cannot_be_ticked(db, world, registered):
    row = add_session(db, world)
    alumna = user(db, "alumna@example.org")
    registration = registration_of(db, world["seminar"], alumna)
    services.cancel_registration(db, alumna, world["seminar"], registration)
    with pytest.raises(ServiceError):
        attendance.save_attendance(db, world["staff"], world["seminar"], row, [alumna.id])


def test_attendance_is_for_staff_and_for_the_sessions_own_edition(db, world, registered):
    row = add_session(db, world)
    with pytest.raises(NotAllowed):
        attendance.save_attendance(db, user(db, "alumna@example.org"), world["seminar"], row,
                                   registered)
    with pytest.raises(NotAllowed):
        attendance.import_attendance(db, user(db, "alumna@example.org"), world["seminar"],
                                     row, "email\nalumna@example.org\n")
    other = make_seminar(db, number=9, starts_on=dt.date(2026, 12, 14))
    with pytest.raises(ServiceError, match="another event"):
        attendance.save_attendance(db, world["staff"], other, row, [])
    with pytest.raises(ServiceError, match="another event"):
        attendance.import_attendance(db, world["staff"], other, row,
                                     "email\nalumna@example.org\n")


def test_a_report_is_matched_by_email_whatever_the_case(db, world, registered):
    row = add_session(db, world)
    alumna, alumnus, trainee = registered
    attendance.save_attendance(db, world["staff"], world["seminar"], row, [trainee])
    report = ("Name,User Email,Join time\n"
              "Putri,ALUMNA@Example.org,09:58\n"
              "\n"
              "Putri (rejoined),alumna@example.org,10:20\n"
              "Wichai, alumnus@example.org ,10:01\n")
    checked = attendance.import_attendance(db, world["staff"], world["seminar"], row, report)
    assert checked.ok and checked.user_ids == {alumna, alumnus}
    # Those already ticked stay present.
    assert present(db, row) == {alumna, alumnus, trainee}


def test_a_bad_report_names_each_line_and_records_nothing(db, world, registered):
    row = add_session(db, world)
    report = ("Name,Email\n"
              "Putri,alumna@example.org\n"
              "Maricel,maricel@example.org\n"
              "Host,\n"
              "Stranger,someone@elsewhere.example\n")
    checked = attendance.import_attendance(db, world["staff"], world["seminar"], row, report)
    assert not checked.ok
    assert checked.problems == [
        "Line 3: maricel@example.org is not registered for this event.",
        "Line 4: no email address.",
        "Line 5: someone@elsewhere.example is not registered for this event."]
    assert present(db, row) == set()


@pytest.mark.parametrize("report,problem", [
    ("Name,Join time\nPutri,09:58\n", "Line 1: the header must name the email column"),
    ("", "Line 1: the header must name the email column"),
    ("email\n\n", "The file has no rows."),
])
def test_a_report_without_emails_is_refused(db, world, registered, report, problem):
    row = add_session(db, world)
    checked = attendance.import_attendance(db, world["staff"], world["seminar"], row, report)
    assert not checked.ok and checked.problems[0].startswith(problem)
    assert present(db, row) == set()


# Pages ----------------------------------------------------------------------------------------


def _address(world, row, rest=""):
    return f"/events/{world['seminar'].id}/sessions/{row.id}/attendance{rest}"


def test_the_tick_page_lists_the_participants_and_saves_in_one_post(client, db, world,
                                                                    registered):
    row = add_session(db, world)
    as_user(client, "staff@example.org")
    page = client.get(_address(world, row)).get_data(as_text=True)
    assert page.count('name="present"') == 3 and "Putri Handayani" in page
    answer = post(client, _address(world, row), {"present": [str(registered[0]),
                                                             str(registered[2])]},
                  token_from=_address(world, row))
    assert answer.status_code == 302
    assert present(db, row) == {registered[0], registered[2]}
    summary = client.get(f"/events/{world['seminar'].id}/attendance").get_data(as_text=True)
    assert "Attendance per session" in summary and "2 of 3" in summary


def test_someone_elses_id_on_the_tick_page_saves_nothing(client, db, world, registered):
    row = add_session(db, world)
    as_user(client, "staff@example.org")
    outsider = user(db, "maricel@example.org").id
    answer = post(client, _address(world, row), {"present": [str(registered[0]),
                                                             str(outsider)]},
                  token_from=_address(world, row), follow_redirects=True)
    assert "Only people registered for the event" in answer.get_data(as_text=True)
    assert present(db, row) == set()
    assert post(client, _address(world, row), {"present": ["x"]},
                token_from=_address(world, row)).status_code == 400


def test_another_editions_session_is_not_found(client, db, world, registered):
    other = make_seminar(db, number=9, starts_on=dt.date(2026, 12, 14))
    row = add_session(db, world, cohort=other, day=dt.date(2026, 12, 14))
    as_user(client, "staff@example.org")
    for rest in ("", "/import"):
        assert client.get(_address(world, row, rest)).status_code == 404
        assert post(client, _address(world, row, rest)).status_code == 404
    assert db.scalar(select(func.count()).select_from(SessionAttendance)) == 0


def test_a_report_is_imported_from_a_file_or_pasted(client, db, world, registered):
    row = add_session(db, world)
    as_user(client, "staff@example.org")
    address = _address(world, row, "/import")
    answer = post(client, address, {"csv_file": (io.BytesIO(
        "\ufeffName,Email\nPutri,Alumna@example.org\n".encode()), "report.csv")},
        token_from=address, content_type="multipart/form-data")
    assert answer.status_code == 302
    assert present(db, row) == {registered[0]}
    answer = post(client, address, {"csv_text": "Email\nalumnus@example.org\n"},
                  token_from=address)
    assert answer.status_code == 302
    assert present(db, row) == {registered[0], registered[1]}


def test_a_bad_report_comes_back_with_its_lines(client, db, world, registered):
    row = add_session(db, world)
    as_user(client, "staff@example.org")
    address = _address(world, row, "/import")
    answer = post(client, address, {"csv_text": "Email\nalumna@example.org\nnobody@x.org\n"},
                  token_from=address)
    page = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert "Nothing has been recorded" in page
    assert "Line 3: nobody@x.org is not registered for this event." in page
    assert present(db, row) == set()
    answer = post(client, address, {"csv_file": (io.BytesIO("Email\n\xe9".encode("latin-1")),
                                                 "report.csv")},
                  token_from=address, content_type="multipart/form-data")
    assert "The file must be CSV saved as UTF-8." in answer.get_data(as_text=True)
    answer = post(client, address, {"csv_text": ""}, token_from=address)
    assert "Choose a file or paste the report." in answer.get_data(as_text=True)
    assert present(db, row) == set()


def test_removing_a_session_removes_its_attendance(db, world, registered):
    row = add_session(db, world)
    attendance.save_attendance(db, world["staff"], world["seminar"], row, registered)
    db.commit()
    program.remove_session(db, world["staff"], world["seminar"], row)
    db.commit()
    assert db.scalar(select(func.count()).select_from(SessionAttendance)) == 0
