"""Demo conversations, with the texts of data/messages.toml: a trainee and her mentor, and
questions to the program office (one open and unassigned, one answered and closed)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.accounts.models import User
from lms.demo.data import load
from lms.demo.people import cast
from lms.messages import queries, services
from lms.messages.models import Conversation
from lms.programs.models import Cohort, CohortStatus, Enrollment, EnrollmentRole


@dataclass(frozen=True)
class Line:
    sender: str  # "trainee", "mentor" or "office"
    text: str


@dataclass(frozen=True)
class OfficeQuestion:
    #: Which trainee of the current cohort asks, by the order they were enrolled.
    asker: int
    subject: str
    lines: tuple[Line, ...]
    closed: bool = False


@dataclass(frozen=True)
class Messages:
    mentor_trainee: int
    with_mentor: tuple[Line, ...]
    office: tuple[OfficeQuestion, ...]


def seed_messages(db_session: Session) -> None:
    if db_session.scalar(select(Conversation.id).limit(1)) is not None:
        return  # already seeded
    story = load("messages.toml", Messages)
    cohort = db_session.scalar(select(Cohort).where(Cohort.status == CohortStatus.ACTIVE,
                                                    Cohort.course_id.is_not(None))
                               .order_by(Cohort.starts_on.desc()))
    if cohort is None:
        return
    trainees = list(db_session.scalars(select(Enrollment).where(
        Enrollment.cohort_id == cohort.id, Enrollment.role == EnrollmentRole.TRAINEE)
        .order_by(Enrollment.id)))
    office = cast(db_session).officer
    trainee = trainees[story.mentor_trainee]
    mentors = queries.current_mentor_users(db_session, trainee.id)
    if mentors:
        conversation = services.mentor_conversation(db_session, trainee.user, trainee)
        _play(db_session, conversation, story.with_mentor,
              {"trainee": trainee.user, "mentor": mentors[0]})
    for question in story.office:
        asker = trainees[question.asker].user
        first, *rest = question.lines
        conversation = services.start_office_conversation(db_session, asker, question.subject,
                                                          first.text)
        _play(db_session, conversation, tuple(rest), {"trainee": asker, "office": office})
        if question.closed:
            services.close(db_session, office, conversation)
    db_session.flush()


def _play(db_session: Session, conversation: Conversation, lines: tuple[Line, ...],
          people: dict[str, User]) -> None:
    for line in lines:
        services.send(db_session, people[line.sender], conversation, line.text)
