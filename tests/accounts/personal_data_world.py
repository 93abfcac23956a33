"""Data about a person in every domain the personal data export reads, written straight as
rows: the export reads whatever the services left, so the rows need not have come through
each workflow. Every text names its owner's ``marker``, so a test can tell whose it is."""

from __future__ import annotations

import datetime as dt
import decimal
import itertools
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from lms.accounts.models import User
from lms.admissions.models import (
    AdmissionApplication,
    AdmissionCall,
    ApplicationDocument,
    ChecklistItem,
    ChecklistItemKind,
    DocumentKind,
    Interview,
    Nomination,
)
from lms.admissions.models import ApplicationStatus as AdmissionStatus
from lms.alumni.models import AlumniProfile, AlumniReport, ReportPicture
from lms.assignments.models import Attachment, Extension, Grade, Submission, SubmissionStatus
from lms.clock import utcnow
from lms.curriculum.models import Course, Item, ItemType, LessonProgress, Module
from lms.events.delegation_models import (
    Delegation,
    DelegationDirection,
    DelegationMember,
    MemberRole,
)
from lms.events.models import Invitation, Registration
from lms.followup.models import FollowUpApplication
from lms.grants.models import ApplicationStatus as GrantStatus
from lms.grants.models import (
    ApplicationVersion,
    BudgetCategory,
    BudgetLine,
    DecisionOutcome,
    Disbursement,
    GrantApplication,
    GrantDecision,
    GrantReport,
    GrantRound,
    ReportAttachment,
    ReportKind,
    ReportSpending,
)
from lms.programs.models import Cohort, Enrollment, EnrollmentRole
from lms.reviews.models import Recommendation, Review, ReviewAssignment, ReviewScheme, ReviewSubject
from tests import factories

_unique = itertools.count(1)


@dataclass
class Shared:
    """What several people's data hangs on: a cohort with a course, calls and a round."""

    cohort: Cohort
    lesson: Item
    assignment: Item
    call: AdmissionCall
    grant_round: GrantRound
    scheme: ReviewScheme
    follow_up: Cohort
    seminar: Cohort


@dataclass
class Owned:
    """The ids of one person's rows, by the export's part they belong in."""

    ids: dict[str, list[int]] = field(default_factory=dict)

    def add(self, part: str, row_id: int) -> None:
        self.ids.setdefault(part, []).append(row_id)


def shared(db: Session) -> Shared:
    number = next(_unique)
    course = Course(slug=f"course-{number}", title=f"Course {number}")
    module = Module(course=course, slug="m", position=1, title="Module", opens_day=1)
    db.add_all([course, module])
    db.flush()
    lesson = Item(course_id=course.id, module=module, slug="lesson", position=1,
                  type=ItemType.LESSON, title="A lesson")
    assignment = Item(course_id=course.id, module=module, slug="essay", position=2,
                      type=ItemType.ASSIGNMENT, title="An essay", due_day=10, points=10)
    scheme = ReviewScheme(title=f"Criteria {number}", criteria=[
        {"key": "fit", "label": "Fit", "weight": 1}])
    cohort = factories.cohort(db, course, number=100 + number)
    now = utcnow()
    call = AdmissionCall(cohort=factories.cohort(db, number=200 + number),
                         title=f"Call {number}", opens_at=now, capacity=5, review_scheme=scheme,
                         closes_at=now + dt.timedelta(days=30))
    grant_round = GrantRound(fiscal_year=2026, title=f"Round {number}", opens_at=now,
                             closes_at=now + dt.timedelta(days=30), budget=1_000_000,
                             largest_award=500_000, review_scheme=scheme)
    db.add_all([lesson, assignment, call, grant_round])
    db.flush()
    return Shared(cohort, lesson, assignment, call, grant_round, scheme,
                  factories.cohort(db, number=300 + number),
                  factories.cohort(db, number=400 + number))


def seed(db: Session, world: Shared, user: User, marker: str, *,
         reviews_for: User, with_profile: bool = True) -> Owned:
    """``user``'s data in every domain, texts naming ``marker``; ``user`` also reviews an
    application of ``reviews_for`` (whose name must not leak into ``user``'s export). A person
    has one alumni profile: seeding them again in another world goes ``with_profile=False``."""
    owned = Owned()
    now = utcnow()
    enrollment = Enrollment(cohort=world.cohort, user=user, role=EnrollmentRole.TRAINEE,
                            affiliation=f"{marker} home office", country="PH")
    db.add(enrollment)
    db.flush()
    owned.add("enrollments", enrollment.id)
    db.add(LessonProgress(enrollment_id=enrollment.id, item_id=world.lesson.id))
    _assignments(db, world, enrollment, marker, owned)
    _admissions(db, world, user, marker, owned)
    _grants(db, world, user, marker, owned)
    follow_up = FollowUpApplication(cohort_id=world.follow_up.id, user_id=user.id,
                                    motivation=f"{marker} follow-up motivation")
    registration = Registration(cohort_id=world.seminar.id, user_id=user.id, country="PH",
                                organization=f"{marker} registration organization")
    # A delegation of the person's own: another person's export must not name it.
    delegation = Delegation(cohort_id=world.seminar.id, name=f"{marker} delegation",
                            direction=DelegationDirection.OUTBOUND, country="MN")
    invitation = Invitation(cohort_id=world.seminar.id, user_id=user.id)
    db.add_all([follow_up, registration, delegation, invitation])
    db.flush()
    member = DelegationMember(delegation_id=delegation.id, user_id=user.id,
                              role=MemberRole.INTERPRETER,
                              organization=f"{marker} delegation organization",
                              arrives_at=now, arrival_by=f"{marker} flight",
                              departs_at=now + dt.timedelta(days=5),
                              lodging=f"{marker} hotel")
    db.add(member)
    if with_profile:
        db.add(AlumniProfile(user_id=user.id, organization=f"{marker} alumni organization",
                             bio=f"{marker} bio"))
    report = AlumniReport(author_id=user.id, title=f"{marker} report from home",
                          body=f"{marker} report body", country="PH",
                          staff_note=f"{marker} staff note on report")
    report.pictures.append(ReportPicture(
        stored_name=f"pic-{next(_unique)}", content_type="image/png", size=10, sha256="0" * 64,
        alt_text=f"{marker} picture"))
    db.add(report)
    subject = ReviewSubject(scheme=world.scheme, owner_id=reviews_for.id,
                            title=reviews_for.display_name)
    assignment = ReviewAssignment(subject=subject, reviewer_id=user.id)
    assignment.review = Review(scores={"fit": 4}, recommendation=Recommendation.YES,
                               comments=f"{marker} review comments", submitted_at=now)
    db.add(assignment)
    db.flush()
    owned.add("follow_up_applications", follow_up.id)
    owned.add("seminar_registrations", registration.id)
    owned.add("delegation_memberships", member.id)
    owned.add("event_invitations", invitation.id)
    owned.add("alumni_reports", report.id)
    owned.add("reviews", assignment.id)
    return owned


def _assignments(db: Session, world: Shared, enrollment: Enrollment, marker: str,
                 owned: Owned) -> None:
    submission = Submission(enrollment_id=enrollment.id, item_id=world.assignment.id,
                            status=SubmissionStatus.GRADED, text=f"{marker} essay text",
                            submitted_at=utcnow())
    submission.attachments.append(Attachment(
        original_name=f"{marker}-essay.pdf", stored_name=f"att-{next(_unique)}",
        content_type="application/pdf", size=100, sha256="0" * 64))
    submission.grade = Grade(scores={"all": 8}, total=8, feedback=f"{marker} feedback")
    db.add_all([submission, Extension(enrollment_id=enrollment.id, item_id=world.assignment.id,
                                      due_at=utcnow(), reason=f"{marker} extension reason")])
    db.flush()
    owned.add("submissions", submission.id)


def _admissions(db: Session, world: Shared, user: User, marker: str, owned: Owned) -> None:
    now = utcnow()
    application = AdmissionApplication(
        call=world.call, applicant_id=user.id, status=AdmissionStatus.CONFIRMED,
        full_name=f"{marker} full name", motivation=f"{marker} admission motivation",
        date_of_birth=dt.date(1990, 5, 1), decision_message=f"{marker} admission decision")
    application.documents.append(ApplicationDocument(
        kind=DocumentKind.CV, stored_name=f"doc-{next(_unique)}",
        original_name=f"{marker}-cv.pdf", content_type="application/pdf", size=100))
    application.nominations.append(Nomination(
        name=f"{marker} nominator", email=f"nominator-{next(_unique)}@example.org",
        token_hash=f"{next(_unique):064d}", expires_at=now, statement=f"{marker} statement"))
    db.add(application)
    db.flush()
    db.add_all([Interview(application_id=application.id, starts_at=now,
                          place=f"{marker} interview room"),
                ChecklistItem(application_id=application.id,
                              kind=ChecklistItemKind.ARRIVAL_DATE, done_at=now)])
    owned.add("admission_applications", application.id)


def _grants(db: Session, world: Shared, user: User, marker: str, owned: Owned) -> None:
    application = GrantApplication(
        round=world.grant_round, applicant_id=user.id, status=GrantStatus.IN_PROGRESS,
        title=f"{marker} grant project", problem=f"{marker} problem", local_currency="PHP",
        exchange_rate=decimal.Decimal("2.61"), awarded_amount=100_000, version=1)
    line = BudgetLine(position=1, category=BudgetCategory.TRAINING,
                      description=f"{marker} budget line", local_amount=40_000)
    application.budget_lines.append(line)
    db.add(application)
    db.flush()
    report = GrantReport(application_id=application.id, kind=ReportKind.PROGRESS,
                         narrative=f"{marker} grant report narrative")
    report.spending.append(ReportSpending(budget_line_id=line.id, spent_local=10_000))
    report.attachments.append(ReportAttachment(
        stored_name=f"rep-{next(_unique)}", filename=f"{marker}-receipts.pdf",
        content_type="application/pdf", size=100, sha256="0" * 64))
    db.add_all([
        report,
        ApplicationVersion(application_id=application.id, number=1,
                           content={"title": f"{marker} grant project"}),
        GrantDecision(application_id=application.id, outcome=DecisionOutcome.APPROVED,
                      amount=100_000, message=f"{marker} grant decision"),
        Disbursement(application_id=application.id, paid_on=dt.date(2026, 4, 1),
                     amount=100_000, reference=f"{marker} transfer"),
    ])
    db.flush()
    owned.add("grant_applications", application.id)
