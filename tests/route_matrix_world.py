"""The one world the route matrix runs in: an object of each kind with its owner, and a second
of each kind owned by someone else, whose ids are "other people's ids".

Everything is made through the services (or the domain test helpers that call them), at the
matrix's fixed present, 1 November 2026. ``build`` returns only plain values (ids, slugs,
tokens), so the same result serves every test the seeding is put back for.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path
from tempfile import TemporaryDirectory

from itsdangerous.encoding import base64_encode
from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.accounts import tokens
from lms.accounts.models import Role, TokenPurpose, User
from lms.accounts.services import create_user
from lms.admissions import applying as admission_applying
from lms.admissions import nominations, selection
from lms.admissions import services as admission_services
from lms.admissions.models import ChecklistItem, DocumentKind
from lms.admissions.selection import InterviewInput
from lms.alumni import services as alumni_services
from lms.alumni.models import AlumniReport
from lms.announcements import services as announcement_services
from lms.announcements.models import Audience
from lms.assignments import services as assignment_services
from lms.calendar import services as calendar_services
from lms.certificates import credentials, issuer
from lms.certificates.models import Certificate
from lms.certificates.services import complete_cohort
from lms.clock import utcnow
from lms.concerns import services as concern_services
from lms.concerns.models import ConcernCategory
from lms.curriculum.models import Course, Item, Module
from lms.events import delegations, invitations
from lms.events import program as seminar_program
from lms.events import services as seminar_services
from lms.events.delegation_models import DelegationDirection, MemberRole
from lms.events.models import SessionKind
from lms.followup import services as followup_services
from lms.grants import applying as grant_applying
from lms.grants import decisions, projects
from lms.grants import services as grant_services
from lms.grants.decisions import DecisionInput
from lms.grants.models import DecisionOutcome, ReportKind
from lms.grants.projects import ReportInput
from lms.mail import OutboxMessage
from lms.messages import services as message_services
from lms.notifications.models import Delivery, Notification
from lms.placements import evaluations as placement_evaluations
from lms.placements import services as placement_services
from lms.placements.models import EvaluationKind, PracticeField
from lms.programs import services as program_services
from lms.programs.models import Cohort, Enrollment, EnrollmentRole
from lms.safety import links as safety_links
from lms.safety import services as safety_services
from lms.safety.models import SafetyAudience
from tests import factories
from tests.admissions.conftest import PDF, call_input, eligible
from tests.admissions.conftest import complete_input as admission_input
from tests.alumni.conftest import png_bytes
from tests.certificates.conftest import meet_rule
from tests.conftest import PASSWORD
from tests.events.conftest import make_seminar
from tests.followup.conftest import MOTIVATION, follow_up_cohort
from tests.grants.conftest import in_review, round_input
from tests.grants.conftest import submitted as grant_submitted

#: The matrix's present: a year-long cohort in its care module, a seminar and two follow-up
#: trainings taking registrations and applications, a grant round and an admissions call open.
NOW = dt.datetime(2026, 11, 1, 3, 0, tzinfo=dt.UTC)

#: Who signs in for each column of the matrix (None: nobody).
ACTOR_EMAILS = {
    "anon": None,
    "plain": "plain@example.org",
    "applicant": "applicant@example.org",
    "trainee": "trainee@example.org",
    "outsider": "outsider@example.org",
    "mentor": "mentor@example.org",
    "mentor2": "mentor2@example.org",
    "alumna": "alumna@example.org",
    "member": "member@example.org",
    "member2": "member2@example.org",
    "staff": "staff@example.org",
    "admin": "admin@example.org",
    "supervisor": "supervisor@example.org",
}


def build(db: Session) -> dict[str, object]:
    """Seed the world and return the values the matrix's paths are filled with."""
    ids: dict[str, object] = {}
    staff = factories.staff(db)
    create_user(db, "admin@example.org", "Admin", PASSWORD, [Role.ADMIN])
    plain = factories.person(db, "plain@example.org", "Plain Person", "JP")
    members = [create_user(db, f"{name}@example.org", name.title(), PASSWORD,
                           [Role.COMMITTEE_MEMBER]) for name in ("member", "member2")]
    ids["plain"] = plain.id
    _year(db, ids)
    _messages(db, ids)
    _alumni(db, staff, ids)
    _grants(db, staff, members, ids)
    _admissions(db, staff, members, ids)
    _seminars(db, ids)
    _delegations(db, ids)
    _followup(db, ids)
    _tokens(db, ids)
    _announcements(db, staff, ids)
    _safety_checks(db, staff, ids)
    _concerns(db, staff, ids)
    _notifications(db, ids)
    db.commit()
    return ids


def _notifications(db: Session, ids: dict[str, object]) -> None:
    """A notification for the trainee, and one for the outsider that nobody else may open."""
    for key, email in (("notification", "trainee@example.org"),
                       ("other_notification", "outsider@example.org")):
        owner = db.scalars(select(User).where(User.email == email)).one()
        notification = Notification(user_id=owner.id, kind="work_graded", subject="Graded",
                                    link="http://localhost/", delivery=Delivery.APP)
        db.add(notification)
        db.flush()
        ids[key] = notification.id


def _year(db: Session, ids: dict[str, object]) -> None:
    """The current year: a trainee with her mentor, a classmate with another mentor, and a
    trainee of another cohort with a mentor of his own; work handed in by both classmates, the
    trainee's slides still a draft, and her calendar feed."""
    with TemporaryDirectory() as folder:
        course = factories.synced_course(db, Path(folder))
    ids["course"] = course.id
    starts = dt.date(2026, 9, 25)  # the care module opened on 24 October
    cohort = factories.cohort(db, course, number=50, starts_on=starts)
    other = factories.cohort(db, course, number=51, starts_on=starts)
    trainee = factories.enroll(db, cohort, "trainee@example.org", name="Amihan Reyes")
    classmate = factories.enroll(db, cohort, "classmate@example.org", name="Siriporn K")
    mentor = factories.enroll(db, cohort, "mentor@example.org", EnrollmentRole.MENTOR)
    mentor2 = factories.enroll(db, cohort, "mentor2@example.org", EnrollmentRole.MENTOR)
    outsider = factories.enroll(db, other, "outsider@example.org", name="Other Cohort")
    far_mentor = factories.enroll(db, other, "far.mentor@example.org", EnrollmentRole.MENTOR)
    staff = factories.staff(db)
    mentorship = program_services.assign_mentor(db, staff, mentor, trainee)
    program_services.assign_mentor(db, staff, mentor2, classmate)
    far = program_services.assign_mentor(db, staff, far_mentor, outsider)
    items = {item.slug: item for item in db.scalars(select(Item))}
    submissions = {}
    for who in (trainee, classmate):
        user = who.user
        assignment_services.attach(db, user, who, items["visit-note"], 1, "note.pdf",
                                   io.BytesIO(PDF))
        submissions[who.id] = assignment_services.submit(
            db, user, who, items["visit-note"], 1, "I visited a day centre.")
    attachment_of = {enrollment_id: submission.attachments[0].id
                     for enrollment_id, submission in submissions.items()}
    draft_attachment = assignment_services.attach(
        db, trainee.user, trainee, items["presentation"], 1, "slides.pdf", io.BytesIO(PDF))
    feed = calendar_services.create_feed(db, trainee.user)
    facility = placement_services.create_facility(db, staff, placement_services.FacilityDetails(
        name="Sakura no Sato", field=PracticeField.OLDER_PEOPLE, prefecture="17"))
    # Read here, not from the course kept in memory: nothing is committed while the world grows.
    practicum = db.scalar(select(Module).where(Module.course_id == course.id,
                                               Module.slug == "later"))
    placements = {}
    for who, supervisor in ((trainee, "supervisor@example.org"),
                            (classmate, "other.supervisor@example.org")):
        placements[who.id] = placement_services.place(
            db, staff, who, practicum, placement_services.PlacementDetails(
                facility=facility, starts_on=cohort.date_of_day(practicum.opens_day),
                ends_on=cohort.ends_on,
                field=PracticeField.OLDER_PEOPLE, supervisor_name="Mori Yuki",
                supervisor_email=supervisor), None)
    factories.person(db, "supervisor@example.org", "Mori Yuki", country="JP")
    # Only the trainee's supervisor is invited: the classmate's has no account at all.
    placement_services.invite_supervisor(db, staff, placements[trainee.id])
    supervisor = db.scalar(select(User).where(User.email == "supervisor@example.org"))
    final = placement_evaluations.save(
        db, supervisor, placements[trainee.id], EvaluationKind.FINAL, placement_evaluations.Filled(
            {"attitude": 2, "plan": 2}, {"overall": "Ready."}), submit=True)
    db.flush()
    ids.update(
        cohort=cohort.id, other_cohort=other.id, trainee_enrollment=trainee.id,
        outsider_enrollment=outsider.id, mentorship=mentorship.id, far_mentorship=far.id,
        submission=submissions[trainee.id].id, other_submission=submissions[classmate.id].id,
        attachment=attachment_of[trainee.id], other_attachment=attachment_of[classmate.id],
        draft_attachment=draft_attachment.id,
        feed=feed.token, facility=facility.id, placement=placements[trainee.id].id,
        other_placement=placements[classmate.id].id, evaluation=final.id)


def _messages(db: Session, ids: dict[str, object]) -> None:
    """The trainee's conversation with her mentor (a message of hers with a file), an office
    conversation of hers, and the classmate's office conversation and conversation with her
    mentor: someone else's."""
    trainee = db.get(Enrollment, ids["trainee_enrollment"])
    classmate = db.scalar(select(Enrollment).join(User, User.id == Enrollment.user_id)
                          .where(User.email == "classmate@example.org"))
    with_mentor = message_services.mentor_conversation(db, trainee.user, trainee)
    message = message_services.send(db, trainee.user, with_mentor, "Can we meet on Friday?",
                                    [message_services.Upload("plan.pdf", io.BytesIO(PDF))])
    office = message_services.start_office_conversation(db, trainee.user, "Visa", "When?")
    others = message_services.mentor_conversation(db, classmate.user, classmate)
    other_message = message_services.send(
        db, classmate.user, others, "A question", [message_services.Upload(
            "other.pdf", io.BytesIO(PDF))])
    other_office = message_services.start_office_conversation(db, classmate.user, "Room", "?")
    db.flush()
    ids.update(conversation=with_mentor.id, office_conversation=office.id,
               other_conversation=others.id, other_office_conversation=other_office.id,
               message=message.id, other_message=other_message.id,
               message_file=message.attachments[0].id,
               other_message_file=other_message.attachments[0].id)


def _alumni(db: Session, staff: User, ids: dict[str, object]) -> None:
    """A completed year: the alumna and another alumna hold certificates; their reports are
    in each state."""
    year = factories.cohort(db, db.get(Course, ids["course"]), number=36,
                            starts_on=dt.date(2019, 3, 14))
    alumna = factories.enroll(db, year, "alumna@example.org", name="Putri Handayani")
    alumna2 = factories.enroll(db, year, "alumna2@example.org", name="Rodel Bautista")
    for enrollment in (alumna, alumna2):
        meet_rule(db, enrollment)
    complete_cohort(db, staff, year)
    certificates = {row.enrollment_id: row for row in db.scalars(select(Certificate))}
    alumni_services.save_profile(db, alumna.user, alumni_services.ProfileDetails(
        listed=True, country="ID", organization="Yayasan", current_role="Coordinator",
        fields=[], bio="", shared=[]))

    def report(enrollment: Enrollment, title: str) -> tuple[int, int]:
        written = alumni_services.create_report(db, enrollment.user, alumni_services.ReportDraft(
            title, "We cooked **together**.", enrollment.user.country or "PH"))
        picture = alumni_services.add_picture(db, enrollment.user, written,
                                              io.BytesIO(png_bytes()), "A kitchen")
        return written.id, picture.id

    published, published_picture = report(alumna, "A published report")
    alumni_services.submit_report(db, alumna.user, db.get(AlumniReport, published))
    alumni_services.approve_report(db, staff, db.get(AlumniReport, published), "")
    draft, draft_picture = report(alumna, "A draft report")
    sent, sent_picture = report(alumna2, "A report with staff")
    alumni_services.submit_report(db, alumna2.user, db.get(AlumniReport, sent))
    other_draft, other_draft_picture = report(alumna2, "Another's draft")
    key = issuer.signing_key()
    assert key is not None, "the test settings derive a signing key"
    ids.update(
        alumna=alumna.user.id, alumna2=alumna2.user.id,
        certificate=certificates[alumna.id].id, other_certificate=certificates[alumna2.id].id,
        code=certificates[alumna.id].verification_code,
        key=credentials.public_key_multibase(key.public_key()),
        published=published, published_picture=published_picture, draft=draft,
        draft_picture=draft_picture, sent=sent, sent_picture=sent_picture,
        other_draft=other_draft, other_draft_picture=other_draft_picture)


def _grants(db: Session, staff: User, members: list[User], ids: dict[str, object]) -> None:
    """An open round taking several applications a person: the alumna's project under way
    (reviewed by the member, a progress report with a file) and her draft; the other
    alumna's application with the second member."""
    alumna, alumna2 = db.get(User, ids["alumna"]), db.get(User, ids["alumna2"])
    grant_round = grant_services.create_round(db, staff, round_input(
        allow_several=True, guide_course_id=ids["course"]))
    under_way = grant_submitted(db, alumna, grant_round)
    grant_services.screen(db, staff, under_way, eligible=True, reason="")
    review = grant_services.assign_reviewer(db, staff, under_way, members[0])
    decisions.decide(db, staff, under_way, DecisionInput(DecisionOutcome.APPROVED, 900_000,
                                                         "Well planned."))
    projects.accept_terms(db, alumna, under_way)
    projects.save_report(db, alumna, under_way, ReportKind.PROGRESS,
                         ReportInput("Started.", 3, {}), submit=False)
    attachment = projects.add_attachment(db, alumna, under_way, ReportKind.PROGRESS,
                                         io.BytesIO(PDF), "receipts.pdf")
    draft = grant_applying.start_application(db, alumna, grant_round)
    others = in_review(db, staff, alumna2, grant_round, title="Day care in Manila")
    other_review = grant_services.assign_reviewer(db, staff, others, members[1])
    ids.update(round=grant_round.id, grant=under_way.id, grant_draft=draft.id,
               other_grant=others.id, grant_review=review.id, other_grant_review=other_review.id,
               grant_attachment=attachment.id)


def _admissions(db: Session, staff: User, members: list[User], ids: dict[str, object]) -> None:
    """The call for the next cohort: the applicant's application selected after review and
    interview, another applicant's confirmed (with the pre-arrival checklist); and a second
    call where the applicant's draft waits for her nominator."""
    applicant = factories.person(db, "applicant@example.org", "Maria Santos", "PH")
    rival = factories.person(db, "rival@example.org", "Somchai Boonmee", "TH")
    next_cohort = factories.cohort(db, number=52, starts_on=dt.date(2027, 3, 11), active=False)
    later_cohort = factories.cohort(db, number=53, starts_on=dt.date(2028, 3, 9), active=False)
    call = admission_services.create_call(db, staff, call_input(next_cohort.id))
    later_call = admission_services.create_call(db, staff, call_input(
        later_cohort.id, title="Call for the 53rd cohort"))
    mine = eligible(db, staff, applicant, call)
    review = selection.assign_reviewer(db, staff, mine, members[0])
    selection.schedule_interview(db, staff, mine, InterviewInput(
        starts_at=utcnow() + dt.timedelta(days=3), minutes=45, place="Room 3",
        interviewer_id=members[0].id))
    selection.decide(db, staff, mine, selection.S.SELECTED, "Welcome.")
    theirs = eligible(db, staff, rival, call, full_name="Somchai Boonmee")
    other_review = selection.assign_reviewer(db, staff, theirs, members[1])
    selection.decide(db, staff, theirs, selection.S.SELECTED, "")
    selection.confirm_place(db, rival, theirs)
    draft = admission_applying.start_application(db, applicant, later_call)
    admission_applying.save_draft(db, applicant, draft, admission_input())
    admission_applying.add_document(db, applicant, draft, DocumentKind.CV, io.BytesIO(PDF),
                                    "cv.pdf")
    nominations.invite_nominator(db, applicant, draft, nominations.NominatorInput(
        "Dr Reyes", "nominator@example.org"))
    db.flush()
    nomination_mail = db.scalars(select(OutboxMessage).where(
        OutboxMessage.to_address == "nominator@example.org")).one()
    ids.update(
        call=call.id, admission=mine.id, other_admission=theirs.id, admission_draft=draft.id,
        document=mine.documents[0].id, other_document=theirs.documents[0].id,
        checklist_item=db.scalars(select(ChecklistItem.id).where(
            ChecklistItem.application_id == theirs.id)).first(),
        admission_review=review.id, other_admission_review=other_review.id,
        nomination=_token_in(nomination_mail.body, "/admissions/nominate/"))


def _seminars(db: Session, ids: dict[str, object]) -> None:
    """Two seminars taking registrations, each with a session; the alumna registered for the
    first, the other alumna for the second."""
    seminar = make_seminar(db)
    other = make_seminar(db, number=9, starts_on=dt.date(2026, 12, 14))
    sessions = {}
    for cohort in (seminar, other):
        sessions[cohort.id] = seminar_program.add_session(
            db, factories.staff(db), cohort, seminar_program.SessionDetails(
                kind=SessionKind.LECTURE, title="Opening", day=cohort.starts_on,
                starts=dt.time(10, 0), ends=dt.time(11, 0)))
    registration = seminar_services.register(db, db.get(User, ids["alumna"]), seminar)
    other_registration = seminar_services.register(db, db.get(User, ids["alumna2"]), other)
    ids.update(seminar=seminar.id, other_seminar=other.id, session=sessions[seminar.id].id,
               other_session=sessions[other.id].id, registration=registration.id,
               other_registration=other_registration.id)
    _other_events(db, ids)
    _reflections(db, ids)


def _reflections(db: Session, ids: dict[str, object]) -> None:
    """A reflection at each seminar, its author consenting (written straight into the table:
    the matrix's present is before the seminars start), and the other seminar's report
    published."""
    from lms.events.report_models import EventReport, Reflection

    rows = [Reflection(cohort_id=ids[cohort], user_id=ids[author], body="What I learned.",
                       consent=True)
            for cohort, author in (("seminar", "alumna"), ("other_seminar", "alumna2"))]
    db.add_all(rows)
    db.add(EventReport(cohort_id=ids["other_seminar"], summary="Held as planned.",
                       published_at=NOW))
    db.flush()
    ids.update(reflection=rows[0].id, other_reflection=rows[1].id)


def _other_events(db: Session, ids: dict[str, object]) -> None:
    """A forum open to anyone with a confirmed address, and a lecture for alumni only."""
    from lms.programs.models import Program, ProgramKind
    from lms.programs.services import CohortDetails, create_cohort

    staff = factories.staff(db)
    for key, kind, audience in (
            ("public_event", ProgramKind.FORUM, {"open_to_public": True}),
            ("alumni_event", ProgramKind.LECTURE, {"open_to_trainees": False})):
        program = Program(slug=f"matrix-{kind.value}", kind=kind, code="EV", title=key)
        db.add(program)
        db.flush()
        cohort = create_cohort(db, staff, program, CohortDetails(
            number=1, fiscal_year=2026, title=key, starts_on=dt.date(2026, 12, 1),
            ends_on=dt.date(2026, 12, 2), timezone="Asia/Tokyo", capacity=50, course_id=None))
        seminar_services.save_details(db, staff, cohort, seminar_services.EditionDetails(
            venue="Hall", city="Tokyo", per_country_cap=None, registration_closes_on=None,
            **audience))
        ids[key] = cohort.id
    # An edition whose details staff have not saved yet: a draft, on no public page.
    draft = create_cohort(db, staff, db.get(Cohort, ids["public_event"]).program, CohortDetails(
        number=2, fiscal_year=2027, title="draft_event", starts_on=dt.date(2027, 3, 1),
        ends_on=dt.date(2027, 3, 2), timezone="Asia/Tokyo", capacity=50, course_id=None))
    ids["draft_event"] = draft.id


def _delegations(db: Session, ids: dict[str, object]) -> None:
    """A delegation at each seminar, each with a member of her own account (the alumna at the
    first, the other alumna at the second), a member with only a name, and a visit to the
    facility."""
    staff = factories.staff(db)
    for key, seminar, email in (("delegation", ids["seminar"], "alumna@example.org"),
                                ("other_delegation", ids["other_seminar"],
                                 "alumna2@example.org")):
        cohort = db.get(Cohort, seminar)
        delegation = delegations.create_delegation(db, staff, cohort, delegations.DelegationDetails(
            name=f"Delegation {key}", direction=DelegationDirection.INBOUND, country="TW"))
        delegations.add_member(db, staff, cohort, delegation, delegations.MemberDetails(
            email=email, name="", role=MemberRole.LEADER))
        named = delegations.add_member(db, staff, cohort, delegation, delegations.MemberDetails(
            email="", name="Lin Mei-hua", role=MemberRole.INTERPRETER))
        visit = delegations.add_visit(db, staff, cohort, delegation, delegations.VisitDetails(
            visited_on=cohort.starts_on, facility_id=ids["facility"]))
        ids.update({key: delegation.id, f"{key}_member": named.id, f"{key}_visit": visit.id})
    # The plain person invited to the lecture for alumni and to the forum: no row asks what she
    # may do there, so no other answer changes.
    for key, event in (("event_invitation", ids["alumni_event"]),
                       ("other_event_invitation", ids["public_event"])):
        ids[key] = invitations.invite(db, staff, db.get(Cohort, event), "plain@example.org").id


def _followup(db: Session, ids: dict[str, object]) -> None:
    """Two follow-up trainings open for applications: the alumna applied to the second, the
    other alumna to the first."""
    first = follow_up_cohort(db)
    second = follow_up_cohort(db, title="Follow-up Training 2027", starts_on=dt.date(2027, 2, 1))
    theirs = followup_services.apply(db, db.get(User, ids["alumna2"]), first, MOTIVATION)
    mine = followup_services.apply(db, db.get(User, ids["alumna"]), second, MOTIVATION)
    ids.update(follow_up=first.id, applied_follow_up=second.id, follow_up_application=mine.id,
               other_follow_up_application=theirs.id)


def _tokens(db: Session, ids: dict[str, object]) -> None:
    """Links mailed to people: an invitation that sets a password, an address to confirm."""
    invited = create_user(db, "invited@example.org", "Invited Person", PASSWORD)
    invited.password_hash = None  # as an invitation leaves it until the link is used
    newcomer = create_user(db, "newcomer@example.org", "New Comer", PASSWORD)
    newcomer.email_confirmed_at = None  # registered, the link not yet followed
    ids["invitation"] = tokens.issue_token(db, invited, TokenPurpose.INVITATION,
                                           dt.timedelta(days=7))
    ids["confirmation"] = tokens.issue_token(db, newcomer, TokenPurpose.EMAIL_CONFIRMATION,
                                             dt.timedelta(days=2))


def _announcements(db: Session, staff: User, ids: dict[str, object]) -> None:
    """An announcement with a file to the trainee's cohort, another to the outsider's."""
    made = {}
    for key, cohort in (("announcement", "cohort"), ("other_announcement", "other_cohort")):
        made[key] = announcement_services.create(
            db, staff, announcement_services.AnnouncementInput(
                title=f"News for cohort {ids[cohort]}", body="The library opens at **9**.",
                audience=Audience.COHORT, cohort_id=ids[cohort]),
            announcement_services.Upload(io.BytesIO(PDF), "timetable.pdf")).id
    ids.update(made)


def _safety_checks(db: Session, staff: User, ids: dict[str, object]) -> None:
    """A safety check to the trainee's cohort and another to the outsider's, with each one's
    personal link; and the trainee's link with its check changed to the other check, its
    signature kept (forged)."""
    made = {}
    for key, cohort in (("safety_check", "cohort"), ("other_safety_check", "other_cohort")):
        made[key] = safety_services.start(db, staff, safety_services.CheckInput(
            message="An earthquake struck. Are you safe?", audience=SafetyAudience.COHORT,
            cohort_id=ids[cohort])).id
    trainee = db.scalars(select(User.id).where(User.email == "trainee@example.org")).one()
    outsider = db.scalars(select(User.id).where(User.email == "outsider@example.org")).one()
    link = safety_links.token_for(made["safety_check"], trainee)
    ids.update(made, safety_link=link,
               other_safety_link=safety_links.token_for(made["other_safety_check"], outsider),
               forged_safety_link=forged_link(link, made["other_safety_check"], trainee))


def forged_link(link: str, check_id: int, user_id: int) -> str:
    """``link`` naming another check or person, with its signature kept."""
    _payload, signature = link.rsplit(".", 1)
    return f"{base64_encode(json.dumps([check_id, user_id]).encode()).decode()}.{signature}"


def _concerns(db: Session, staff: User, ids: dict[str, object]) -> None:
    """The admin names the staff member to handle concerns (and is not named herself); the
    trainee raises a concern, and so does her classmate."""
    admin = db.scalars(select(User).where(User.email == "admin@example.org")).one()
    concern_services.name_handler(db, admin, staff)
    for key, email in (("concern", "trainee@example.org"),
                       ("other_concern", "classmate@example.org")):
        reporter = db.scalars(select(User).where(User.email == email)).one()
        ids[key] = concern_services.raise_concern(db, reporter, concern_services.ConcernDetails(
            category=ConcernCategory.HARASSMENT, description="The shift leader shouts.")).id
    ids["concern_handler"] = staff.id


def _token_in(body: str, path: str) -> str:
    match = re.search(re.escape(path) + r"([\w-]+)", body)
    assert match, body
    return match.group(1)

