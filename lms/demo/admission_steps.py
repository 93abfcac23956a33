"""What the people of a call for applications do, each step through the admissions, review
and onboarding services as the person involved, then dated as it happened: applicants write,
upload, invite their nominator, send and reply; staff screen, assign, interview and decide;
committee members review."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.accounts.models import User
from lms.accounts.queries import user_by_email
from lms.accounts.services import create_user
from lms.admissions import applying, onboarding, selection
from lms.admissions.applying import ApplicationInput
from lms.admissions.models import (
    AdmissionApplication,
    AdmissionCall,
    ApplicationStatus,
    ChecklistItem,
    DocumentKind,
    NominationMethod,
)
from lms.admissions.nominations import (
    NOMINATION_DAYS,
    NominatorInput,
    answer_nomination,
    invite_nominator,
)
from lms.admissions.workflow import TRANSITIONS
from lms.clock import utcnow
from lms.demo.admission_story import Applicant, Call, Nominator, Onboarding, Story
from lms.demo.data import load
from lms.demo.files import pdf
from lms.demo.people import DEMO_PASSWORD
from lms.demo.reviewing import ReviewState, comments, due_as_if_assigned, review_input
from lms.demo.timeline import Timeline, tokyo
from lms.mail import OutboxMessage
from lms.reviews import services as reviews
from lms.reviews import tally
from lms.reviews.models import Recommendation
from lms.urls import external_url

S = ApplicationStatus


@dataclass(frozen=True)
class Page:
    title: str
    #: Filled in with the applicant's details: see data/documents.toml.
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Documents:
    countries: dict[str, str]
    pages: dict[DocumentKind, Page]


@dataclass
class Plan:
    """One call as it is played: its row, its story, and its days from today, in Tokyo."""

    call: AdmissionCall
    spec: Call
    #: When the call really opened: a closed call is opened around now while people apply.
    opens_at: dt.datetime
    today: dt.date
    documents: Documents
    comments: dict[Recommendation, tuple[str, ...]]

    @classmethod
    def of(cls, call: AdmissionCall, spec: Call, today: dt.date) -> Plan:
        return cls(call, spec, call.opens_at, today, load("documents.toml", Documents),
                   comments().admissions)

    def day(self, days_from_today: int, hour: int = 10, minute: int = 0) -> dt.datetime:
        return tokyo(self.today + dt.timedelta(days=days_from_today), hour, minute)

    def document(self, kind: DocumentKind, person: Applicant) -> tuple[str, bytes]:
        """The file an applicant would upload for ``kind``: its name and its bytes."""
        page = self.documents.pages[kind]
        values = {"name": person.name, "name_upper": person.name.upper(),
                  "born": person.born.strftime("%d %B %Y"),
                  "country": self.documents.countries[person.country],
                  "position": person.position, "position_lower": person.position.lower(),
                  "organization": person.organization, "years": person.years,
                  "since": utcnow().year - person.years,
                  "profession": person.profession.lower(), "purpose": self.spec.purpose,
                  "languages": ", ".join(person.languages)}
        name = f"{kind.value.replace('_', '-')}-{person.name.split()[0].lower()}.pdf"
        return name, pdf(page.title, [line.format(**values) for line in page.lines])


def moved(application: AdmissionApplication, *fields: str) -> tuple[Any, ...]:
    """The application's fields a move dates, with ``ended_at`` when it reached an end."""
    ended = ("ended_at",) if not TRANSITIONS[application.status] else ()
    return (application, "updated_at", *fields, *ended)


def _account(db_session: Session, person: Applicant) -> User:
    user = user_by_email(db_session, person.email)
    if user is None:
        user = create_user(db_session, person.email, person.name, DEMO_PASSWORD,
                           country=person.country, timezone=person.timezone,
                           locale="ja" if person.country == "JP" else "en")
    return user


def _motivation(spec: Call, story: Story, index: int) -> str:
    if story.just_begun:
        return story.work
    return "\n\n".join((story.work, spec.learn[index % len(spec.learn)],
                        spec.after[(index + 1) % len(spec.after)], spec.closing))


def write(db_session: Session, clock: Timeline, plan: Plan, story: Story,
          index: int) -> tuple[User, AdmissionApplication]:
    """The applicant's account and application, written over the days before it was sent."""
    sent = plan.day(-story.days_ago, 9 + index % 9, (index * 13) % 60)
    started = max(sent - dt.timedelta(days=9), plan.opens_at + dt.timedelta(hours=3))
    user = _account(db_session, story)
    application = applying.start_application(db_session, user, plan.call)
    clock.happened(started, (application, "created_at", "updated_at"))
    method = NominationMethod.NOMINATOR if story.nominator else NominationMethod.LETTER
    applying.save_draft(db_session, user, application, ApplicationInput(
        full_name=story.name, date_of_birth=story.born, gender=story.gender,
        country=story.country, phone=story.phone, organization=story.organization,
        position=story.position, profession=story.profession,
        years_in_welfare=story.years,
        languages=[(code, int(level)) for code, level in story.languages.items()],
        motivation=_motivation(plan.spec, story, index), nomination_method=method))
    clock.happened(started + dt.timedelta(hours=1), (application, "updated_at"))
    kinds = [*plan.spec.required_documents,
             *((DocumentKind.NOMINATION_LETTER,) if story.nominator is None else ())]
    for number, kind in enumerate(kinds):
        if kind in story.missing:
            continue
        name, content = plan.document(kind, story)
        document = applying.add_document(db_session, user, application, kind,
                                         io.BytesIO(content), name)
        clock.happened(started + dt.timedelta(days=1 + number % 3, hours=number),
                       (document, "uploaded_at"), (application, "updated_at"))
    if story.nominator is not None:
        _nominate(db_session, clock, user, application, story.nominator, started)
    if story.fate == S.DRAFT:
        clock.happened(sent, (application, "updated_at"))
        return user, application
    applying.submit(db_session, user, application)
    clock.happened(sent, moved(application, "submitted_at"))
    return user, application


def _nominator_link_token(db_session: Session, email: str) -> str:
    """The secret in the link the nominator was mailed, read from the mail as they would."""
    placeholder = "NOMINATION-TOKEN"
    before, after = external_url("lms.admissions.nominate", token=placeholder).split(placeholder)
    body = db_session.scalar(select(OutboxMessage.body).where(OutboxMessage.to_address == email)
                             .order_by(OutboxMessage.id.desc()).limit(1)) or ""
    start = body.index(before) + len(before)
    end = body.index(after, start) if after else len(body)
    return body[start:end].split()[0]


def _nominate(db_session: Session, clock: Timeline, user: User,
              application: AdmissionApplication, nominator: Nominator,
              started: dt.datetime) -> None:
    invited = started + dt.timedelta(days=1, hours=2)
    nomination = invite_nominator(db_session, user, application, NominatorInput(
        nominator.name, nominator.email, nominator.organization, nominator.position))
    clock.happened(invited, (application, "updated_at"))
    if nominator.statement is not None:
        # Answered through the link while it is valid, then dated back with the invitation.
        token = _nominator_link_token(db_session, nominator.email)
        answer_nomination(db_session, token, True, nominator.statement)
        clock.happened(invited + dt.timedelta(days=2, hours=5), (nomination, "answered_at"))
    nomination.sent_at = invited
    nomination.expires_at = invited + dt.timedelta(days=NOMINATION_DAYS)


def withdraw(db_session: Session, clock: Timeline, user: User,
             application: AdmissionApplication, moment: dt.datetime) -> None:
    applying.withdraw(db_session, user, application)
    clock.happened(moment, moved(application))


def screen(db_session: Session, clock: Timeline, staff: User, application: AdmissionApplication,
           story: Story, moment: dt.datetime) -> None:
    eligible = story.fate != S.INELIGIBLE
    selection.screen(db_session, staff, application, eligible,
                     "" if eligible else story.message)
    rows: list[tuple[Any, ...]] = [moved(application)]
    if application.review_subject is not None:
        rows.append((application.review_subject, "created_at"))
    clock.happened(moment, *rows)


def review(db_session: Session, clock: Timeline, plan: Plan, staff: User,
           committee: list[User], application: AdmissionApplication, story: Story, seed: int,
           screened: dt.datetime) -> None:
    criteria = plan.call.review_scheme.criteria
    for number, member in enumerate(committee):
        assignment = selection.assign_reviewer(db_session, staff, application, member)
        clock.happened(screened + dt.timedelta(hours=1), (assignment, "assigned_at"))
        due_as_if_assigned(assignment, screened + dt.timedelta(hours=1), plan.call.zone)
        state = story.reviews[number]
        if state == ReviewState.ASSIGNED:
            continue
        submit = state == ReviewState.SUBMITTED
        given = reviews.save_review(
            db_session, member, assignment,
            review_input(criteria, story.marks[number], seed + number, submit, plan.comments),
            submit=submit)
        done = min(screened + dt.timedelta(days=2 + (seed + 3 * number) % 5, hours=4),
                   plan.day(-1, 18))
        clock.happened(done, (given, "saved_at", *(("submitted_at",) if submit else ())))
    # Dated back past the services: the call's reviews outstanding are counted again.
    tally.recount(db_session, plan.call.review_scheme_id)


def interview(db_session: Session, clock: Timeline, interviewer: User, staff: User,
              application: AdmissionApplication, place: str, starts_at: dt.datetime,
              scheduled: dt.datetime) -> None:
    meeting = selection.schedule_interview(
        db_session, staff, application, selection.InterviewInput(
            starts_at=starts_at, minutes=30, interviewer_id=interviewer.id, place=place))
    clock.happened(scheduled, (meeting, "updated_at"))


def decide(db_session: Session, clock: Timeline, staff: User, plan: Plan,
           application: AdmissionApplication, story: Story, moment: dt.datetime) -> None:
    outcome = story.fate if story.fate in (S.WAITLISTED, S.NOT_SELECTED) else S.SELECTED
    selection.decide(db_session, staff, application, outcome,
                     story.message or plan.spec.messages.get(outcome, ""))
    if outcome == S.SELECTED:
        application.reply_by = moment + dt.timedelta(days=plan.call.reply_days)
    clock.happened(moment, moved(application, "decided_at"))


def reply(db_session: Session, clock: Timeline, user: User, application: AdmissionApplication,
          story: Story, moment: dt.datetime) -> list[AdmissionApplication]:
    """Confirm or decline; a decline returns those the waiting list moved up."""
    if story.fate == S.CONFIRMED:
        selection.confirm_place(db_session, user, application)
        rows: list[tuple[Any, ...]] = [moved(application, "replied_at")]
        if application.enrollment is not None:
            rows.append((application.enrollment, "enrolled_at"))
        clock.happened(moment, *rows)
        return []
    waiting = set(db_session.scalars(select(AdmissionApplication.id).where(
        AdmissionApplication.call_id == application.call_id,
        AdmissionApplication.status == S.WAITLISTED)))
    selection.decline_place(db_session, user, application)
    moved_up = [db_session.get(AdmissionApplication, application_id)
                for application_id in waiting]
    offered = [row for row in moved_up if row is not None and row.status == S.SELECTED]
    for row in offered:
        row.reply_by = moment + dt.timedelta(days=application.call.reply_days)
    clock.happened(moment, moved(application, "replied_at"),
                   *(moved(row, "decided_at") for row in offered))
    return offered


def onboard(db_session: Session, clock: Timeline, plan: Plan, staff: User, user: User,
            application: AdmissionApplication, person: Applicant, spec: Onboarding,
            starts_on: dt.date) -> None:
    """Arrival given, the ticked items ticked, the health certificate sent but not yet checked
    by staff."""
    arrival = starts_on - dt.timedelta(days=spec.arrival_days_before_start)
    onboarding.set_arrival(db_session, user, application, arrival, spec.travel)
    clock.happened(plan.day(-3, 20), (application, "updated_at"))
    items = {item.kind: item for item in db_session.scalars(select(ChecklistItem).where(
        ChecklistItem.application_id == application.id))}
    for kind, note in spec.ticked.items():
        onboarding.tick(db_session, staff, items[kind], True, note)
        clock.happened(plan.day(-2, 11), (items[kind], "done_at"))
    name, content = plan.document(DocumentKind.HEALTH_CERTIFICATE, person)
    document = applying.add_document(db_session, user, application,
                                     DocumentKind.HEALTH_CERTIFICATE, io.BytesIO(content), name)
    clock.happened(plan.day(-1, 19), (document, "uploaded_at"), (application, "updated_at"))
