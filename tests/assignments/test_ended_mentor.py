"""A mentor's rights end with the mentorship: once the mentor is withdrawn, the cohort is
completed or cancelled, or the mentorship is removed, every mentor page and download answers
404 and the services refuse, while a current mentor keeps them all."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from sqlalchemy import func, select

from lms.assignments import extensions, grading, services
from lms.assignments.models import Attachment, Extension, Grade, Submission
from lms.errors import NotAllowed
from lms.mail import OutboxMessage
from lms.programs import services as program_services
from lms.programs.models import CohortStatus, Mentorship
from tests import factories
from tests.assignments.conftest import VISIT_NOTE_DUE
from tests.assignments.test_views import PDF, as_user, send, work_url
from tests.conftest import post

ENDINGS = ["mentor_withdrawn", "cohort_completed", "cohort_cancelled", "mentorship_removed"]
FULL_MARKS = {"Observation": 4, "Reflection": 6}


def end_mentorship(db, year, how):
    staff = factories.staff(db)
    if how == "mentor_withdrawn":
        program_services.withdraw(db, staff, year["mentor"], dt.date(2019, 4, 14), "Moved")
    elif how == "cohort_completed":
        # Only the cohort's status counts here (completion leaves mentors' enrollments
        # active); how a cohort is completed is the certificates domain's business.
        year["cohort"].status = CohortStatus.COMPLETED
    elif how == "cohort_cancelled":
        program_services.change_cohort_status(db, staff, year["cohort"],
                                              CohortStatus.CANCELLED, "Typhoon")
    else:
        program_services.unassign_mentor(db, staff, db.scalar(select(Mentorship).where(
            Mentorship.mentor_enrollment_id == year["mentor"].id)))
    db.commit()


@pytest.fixture
def handed_in(client, db, year):
    """The trainee's submitted note with a file, as the mentor would find it."""
    as_user(client, "amihan@example.org")
    send(client, work_url(year), {"text": "My note", "action": "submit"},
         files=[(io.BytesIO(PDF), "note.pdf")])
    submission = db.scalar(select(Submission))
    attachment = db.scalar(select(Attachment))
    assert submission is not None and attachment is not None
    cohort, trainee = year["cohort"].id, year["trainee"].id
    pages = ["/grading", f"/submissions/{submission.id}/grade",
             f"/submissions/{submission.id}/extension",
             f"/cohorts/{cohort}/trainees/{trainee}/extension/visit-note",
             f"/attachments/{attachment.id}", f"/cohorts/{cohort}/gradebook",
             f"/cohorts/{cohort}/gradebook.csv", f"/cohorts/{cohort}/progress"]
    return {"submission": submission, "attachment": attachment, "pages": pages}


GRADE = {"version": "0", "criterion-0": "4", "criterion-1": "6", "feedback": "Good",
         "outcome": "graded"}
EXTEND = {"due_at": "2019-04-25T23:59", "reason": "Ill"}


def test_a_current_mentor_reaches_every_page_and_download(client, db, year, handed_in):
    as_user(client, "mentor@example.org")
    answers = {page: client.get(page).status_code for page in handed_in["pages"]}
    assert answers == dict.fromkeys(answers, 200)
    assert "Amihan Reyes" in client.get("/grading").get_data(as_text=True)
    home = client.get("/").get_data(as_text=True)
    assert "Grading</a>" in home and "Your trainees" in home
    grade_url = handed_in["pages"][1]
    assert post(client, grade_url, GRADE, token_from=grade_url).status_code == 302
    extension_url = handed_in["pages"][2]
    assert post(client, extension_url, EXTEND, token_from=extension_url).status_code == 302


@pytest.mark.parametrize("how", ENDINGS)
def test_an_ended_mentor_gets_404_on_every_page_and_download(client, db, year, handed_in,
                                                            how):
    end_mentorship(db, year, how)
    as_user(client, "mentor@example.org")
    answers = {page: client.get(page).status_code for page in handed_in["pages"]}
    grade_url, extension_url = handed_in["pages"][1], handed_in["pages"][2]
    # A file is removed with the Remove button of the trainee's work form.
    removing = {"attempt": "1", "text": "Taken over", "remove": str(handed_in["attachment"].id)}
    answers.update({f"POST {grade_url}": post(client, grade_url, GRADE).status_code,
                    f"POST {extension_url}": post(client, extension_url, EXTEND).status_code,
                    "POST remove": post(client, work_url(year), removing).status_code})
    assert answers == dict.fromkeys(answers, 404)
    assert db.scalar(select(func.count()).select_from(Grade)) == 0
    assert db.scalar(select(func.count()).select_from(Extension)) == 0
    assert db.scalar(select(func.count()).select_from(Attachment)) == 1
    home = client.get("/").get_data(as_text=True)
    assert "Grading</a>" not in home and "Your trainees" not in home


@pytest.mark.parametrize("how", ENDINGS)
def test_the_services_refuse_an_ended_mentor(db, year, how):
    with_trainee = year["trainee"]
    submission = services.submit(db, with_trainee.user, with_trainee,
                                 year["items"]["visit-note"], 1, "My note")
    db.commit()
    end_mentorship(db, year, how)
    mentor = year["mentor"].user
    assert not services.may_assess(db, mentor, with_trainee)
    with pytest.raises(NotAllowed):
        grading.grade(db, mentor, submission, grading.Assessment(FULL_MARKS, "", False), 0)
    with pytest.raises(NotAllowed):
        extensions.grant_extension(db, mentor, with_trainee, year["items"]["visit-note"],
                                   VISIT_NOTE_DUE + dt.timedelta(days=3), "Ill")


@pytest.mark.parametrize("how", ["mentor_withdrawn", "mentorship_removed"])
def test_an_ended_mentor_is_not_told_of_new_work(db, year, how):
    end_mentorship(db, year, how)
    services.submit(db, year["trainee"].user, year["trainee"], year["items"]["visit-note"], 1,
                    "My note")
    db.commit()
    assert not db.scalars(select(OutboxMessage).where(
        OutboxMessage.to_address == "mentor@example.org")).all()
