"""``python -m bench.admissions TARGETS``: fill the demo's open call with many applications.

Run by the seeding (``add_admission_applications`` in bench/seeding.py) after ``flask lms
demo``. It adds applicants and their applications to the call for the fiscal 2027 cohort (the
demo's open one) from eight countries, in every state that takes no place (the demo's own
applicants hold the call's six): drafts, sent, screened, with the committee (assigned to both
demo committee members, most reviewed, some interviewed), on the waiting list, not selected,
declined and withdrawn, each with its documents and, for one in five, a nominator's
confirmation. Rows go in by bulk inserts, in the shapes the services write, because making
thousands through the services one by one would take minutes; the documents are rows only.

TARGETS (the JSON file bench.grow writes) gets the call's id and its number of applications.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select

from bench.targets import seed_and_write
from lms.accounts.models import User
from lms.admissions import tallies
from lms.admissions.models import (
    AdmissionApplication,
    AdmissionCall,
    ApplicationDocument,
    ApplicationStatus,
    DocumentKind,
    Gender,
    Interview,
    LanguageLevel,
    Nomination,
    NominationMethod,
)
from lms.audit import AuditEvent
from lms.clock import utcnow
from lms.db import session
from lms.programs.models import Cohort, Program, ProgramKind
from lms.reviews import tally
from lms.reviews.models import (
    AssignmentStatus,
    Recommendation,
    Review,
    ReviewAssignment,
    ReviewSubject,
)

S = ApplicationStatus
COHORT_STARTS = dt.date(2027, 3, 11)  # the demo's open call fills this cohort: lms/demo
STAFF_EMAIL = "staff@kakehashi.example"
MEMBER_EMAILS = ("committee@kakehashi.example", "committee2@kakehashi.example")
EMAIL = "bench.admission.{:05d}@bench.example"
BATCH = 500
# (country, time zone, first language)
PLACES = (("PH", "Asia/Manila", "fil"), ("ID", "Asia/Jakarta", "id"),
          ("TH", "Asia/Bangkok", "th"), ("LK", "Asia/Colombo", "si"),
          ("BD", "Asia/Dhaka", "bn"), ("KR", "Asia/Seoul", "ko"),
          ("TW", "Asia/Taipei", "zh"), ("MY", "Asia/Kuala_Lumpur", "ms"))
# A call a few weeks from closing, after a first round of decisions.
STATES = (S.DRAFT, S.DRAFT, S.DRAFT, S.SUBMITTED, S.SUBMITTED, S.SUBMITTED, S.INELIGIBLE,
          S.WITHDRAWN, S.WAITLISTED, S.NOT_SELECTED, S.NOT_SELECTED, S.DECLINED,
          *[S.ELIGIBLE] * 8)
SCREENED = (S.ELIGIBLE, S.INELIGIBLE, S.WAITLISTED, S.NOT_SELECTED, S.DECLINED)
WITH_COMMITTEE = (S.ELIGIBLE, S.WAITLISTED, S.NOT_SELECTED, S.DECLINED)
DECIDED = (S.WAITLISTED, S.NOT_SELECTED, S.DECLINED)
ENDED = (S.INELIGIBLE, S.WITHDRAWN, S.NOT_SELECTED, S.DECLINED)
DOCUMENTS = (DocumentKind.CV, DocumentKind.PASSPORT, DocumentKind.DIPLOMA,
             DocumentKind.EMPLOYMENT_CERTIFICATE)
MOTIVATION = ("I coordinate home visits for older people living alone in my district and want "
              "to learn how Japanese communities find and support them before a crisis. ") * 6


class SeedAdmissionsError(RuntimeError):
    pass


def _chunks(numbers: range, size: int) -> Iterator[range]:
    for start in range(numbers.start, numbers.stop, size):
        yield range(start, min(start + size, numbers.stop))


def _user_id(email: str) -> int:
    user_id = session.scalar(select(User.id).where(User.email == email))
    if user_id is None:
        raise SeedAdmissionsError(f"no {email}: run `flask lms demo` first")
    return user_id


def _open_call() -> AdmissionCall:
    call = session.scalar(
        select(AdmissionCall).join(Cohort, Cohort.id == AdmissionCall.cohort_id)
        .join(Program, Program.id == Cohort.program_id)
        .where(Program.kind == ProgramKind.YEAR_LONG, Cohort.starts_on == COHORT_STARTS)
        .limit(1))
    if call is None:
        raise SeedAdmissionsError("no call for the fiscal 2027 cohort: run `flask lms demo` "
                                  "first")
    return call


def _by_nominator(n: int) -> bool:
    return n % 5 == 0


def _application_row(n: int, call: AdmissionCall, applicant_id: int, subject_id: int | None,
                     sent: dt.datetime, waitlist_position: int | None) -> dict[str, Any]:
    country, _zone, language = PLACES[n % len(PLACES)]
    status = STATES[n % len(STATES)]
    # Half the withdrawn stepped back before sending, half after.
    was_sent = status != S.DRAFT and not (status == S.WITHDRAWN and n // len(STATES) % 2)
    decided = sent + dt.timedelta(days=12) if status in DECIDED else None
    return {
        "call_id": call.id, "applicant_id": applicant_id, "status": status,
        "full_name": f"Applicant {n:05d}", "date_of_birth": dt.date(1985 + n % 12, 1 + n % 12,
                                                                    1 + n % 28),
        "gender": (Gender.FEMALE, Gender.MALE, Gender.FEMALE)[n % 3], "country": country,
        "phone": f"+00 {n:05d}", "organization": f"Social welfare office {n} (bench)",
        "position": "Social worker", "profession": "Social worker",
        "years_in_welfare": 3 + n % 12,
        "languages": [{"language": language, "level": int(LanguageLevel.FLUENT)},
                      {"language": "en", "level": int(LanguageLevel.ADVANCED)}],
        "motivation": MOTIVATION,
        "nomination_method": NominationMethod.NOMINATOR if _by_nominator(n)
        else NominationMethod.LETTER,
        "created_at": sent - dt.timedelta(days=9), "updated_at": sent,
        "submitted_at": sent if was_sent else None,
        "screening_reason": "The certificate of employment shows less than three years in "
                            "social welfare." if status == S.INELIGIBLE else "",
        "decision_message": "Thank you for applying." if decided else "",
        "decided_at": decided, "waitlist_position": waitlist_position,
        "reply_by": decided + dt.timedelta(days=call.reply_days)
        if status == S.DECLINED and decided else None,
        "replied_at": decided + dt.timedelta(days=3) if status == S.DECLINED and decided
        else None,
        "ended_at": (decided or sent) if status in ENDED else None,
        "review_subject_id": subject_id,
    }


def add_admission_applications(count: int) -> dict[str, Any]:
    call = _open_call()
    criteria = call.review_scheme.criteria
    staff_id = _user_id(STAFF_EMAIL)
    member_ids = [_user_id(email) for email in MEMBER_EMAILS]
    already = session.scalar(select(func.count()).select_from(User)
                             .where(User.email.like("bench.admission.%"))) or 0
    now = utcnow()
    for numbers in _chunks(range(already + 1, count + 1), BATCH):
        emails = [EMAIL.format(n) for n in numbers]
        session.execute(insert(User), [
            {"email": EMAIL.format(n), "display_name": f"Applicant {n:05d}",
             "country": PLACES[n % len(PLACES)][0], "timezone": PLACES[n % len(PLACES)][1],
             "locale": "en", "email_confirmed_at": now - dt.timedelta(days=40)}
            for n in numbers])
        users = dict(session.execute(select(User.email, User.id)
                                     .where(User.email.in_(emails))).all())
        reviewed = [n for n in numbers if STATES[n % len(STATES)] in WITH_COMMITTEE]
        if reviewed:
            session.execute(insert(ReviewSubject), [
                {"scheme_id": call.review_scheme_id, "owner_id": users[EMAIL.format(n)],
                 "title": f"Applicant {n:05d}"} for n in reviewed])
        subjects = dict(session.execute(
            select(ReviewSubject.owner_id, ReviewSubject.id)
            .where(ReviewSubject.scheme_id == call.review_scheme_id,
                   ReviewSubject.owner_id.in_(list(users.values())))).all())
        # Sent over the weeks the call has been open, the latest a few hours ago.
        sent = {n: now - dt.timedelta(hours=3 + (n * 7) % (24 * 40)) for n in numbers}
        last = session.scalar(select(func.max(AdmissionApplication.waitlist_position)).where(
            AdmissionApplication.call_id == call.id)) or 0
        waitlisted = [n for n in numbers if STATES[n % len(STATES)] == S.WAITLISTED]
        positions = {n: last + index for index, n in enumerate(waitlisted, start=1)}
        session.execute(insert(AdmissionApplication), [
            _application_row(n, call, users[EMAIL.format(n)],
                             subjects.get(users[EMAIL.format(n)]), sent[n], positions.get(n))
            for n in numbers])
        applications = dict(session.execute(
            select(AdmissionApplication.applicant_id, AdmissionApplication.id)
            .where(AdmissionApplication.call_id == call.id,
                   AdmissionApplication.applicant_id.in_(list(users.values())))).all())
        by_number = {n: applications[users[EMAIL.format(n)]] for n in numbers}
        _add_documents_and_nominations(numbers, by_number, sent)
        sent_numbers = [n for n in numbers
                        if STATES[n % len(STATES)] not in (S.DRAFT, S.WITHDRAWN)]
        session.execute(insert(AuditEvent), [
            {"at": sent[n], "actor_id": users[EMAIL.format(n)],
             "action": "admission_application_submitted",
             "object_type": "AdmissionApplication", "object_id": str(by_number[n]),
             "before": {"status": "draft"}, "after": {"status": "submitted"}}
            for n in sent_numbers])
        _add_reviews(reviewed, users, subjects, sent, member_ids, staff_id, criteria)
        interviewed = [n for n in reviewed if n % 4 == 0]
        if interviewed:
            session.execute(insert(Interview), [
                {"application_id": by_number[n], "minutes": 30,
                 "starts_at": sent[n] + dt.timedelta(days=10, hours=n % 8),
                 "place": "Video call", "interviewer_id": member_ids[0],
                 "scheduled_by_id": staff_id, "sequence": 0,
                 "updated_at": sent[n] + dt.timedelta(days=6)} for n in interviewed])
        # Written past the services: the reviews outstanding per call are counted here.
        tally.recount(session, call.review_scheme_id)
        session.commit()
    # The bulk inserts bypassed the ORM that keeps the call's tallies: count them again.
    tallies.recount(session, [call.id])
    session.commit()
    return _targets(call)


def _add_documents_and_nominations(numbers: range, by_number: dict[int, int],
                                   sent: dict[int, dt.datetime]) -> None:
    rows = []
    for n in numbers:
        kinds = list(DOCUMENTS) if STATES[n % len(STATES)] != S.DRAFT else \
            list(DOCUMENTS[:1 + n % len(DOCUMENTS)])
        if not _by_nominator(n):
            kinds.append(DocumentKind.NOMINATION_LETTER)
        rows += [{"application_id": by_number[n], "kind": kind,
                  "stored_name": hashlib.sha256(f"bench-{n}-{kind}".encode()).hexdigest()[:32],
                  "original_name": f"{kind.value}.pdf", "content_type": "application/pdf",
                  "size": 48_000 + 1000 * (n % 50),
                  "uploaded_at": sent[n] - dt.timedelta(days=2)} for kind in kinds]
    session.execute(insert(ApplicationDocument), rows)
    nominated = [n for n in numbers if _by_nominator(n)]
    if nominated:
        session.execute(insert(Nomination), [
            {"application_id": by_number[n], "name": f"Director {n:05d}",
             "email": f"director.{n:05d}@bench.example",
             "organization": f"Social welfare office {n} (bench)", "position": "Director",
             "token_hash": hashlib.sha256(f"bench-nomination-{n}".encode()).hexdigest(),
             "sent_at": sent[n] - dt.timedelta(days=6),
             "expires_at": sent[n] + dt.timedelta(days=15),
             # A draft's nominator may not have answered yet; a sent one's has confirmed.
             "answered_at": None if STATES[n % len(STATES)] == S.DRAFT and n % 2
             else sent[n] - dt.timedelta(days=3),
             "confirmed": None if STATES[n % len(STATES)] == S.DRAFT and n % 2 else True,
             "statement": "We nominate our colleague without reservation."}
            for n in nominated])


def _add_reviews(reviewed: list[int], users: dict[str, int], subjects: dict[int, int],
                 sent: dict[int, dt.datetime], member_ids: list[int], staff_id: int,
                 criteria: list[dict[str, Any]]) -> None:
    if not reviewed:
        return
    session.execute(insert(ReviewAssignment), [
        {"subject_id": subjects[users[EMAIL.format(n)]], "reviewer_id": member_id,
         "status": AssignmentStatus.ACTIVE, "assigned_by_id": staff_id,
         "assigned_at": sent[n] + dt.timedelta(days=2)}
        for n in reviewed for member_id in member_ids])
    assignments = {(subject_id, reviewer_id): assignment_id
                   for assignment_id, subject_id, reviewer_id in session.execute(
                       select(ReviewAssignment.id, ReviewAssignment.subject_id,
                              ReviewAssignment.reviewer_id)
                       .where(ReviewAssignment.subject_id.in_(
                           [subjects[users[EMAIL.format(n)]] for n in reviewed])))}
    rows = []
    for n in reviewed:
        decided = STATES[n % len(STATES)] in DECIDED
        for index, member_id in enumerate(member_ids):
            # Decided ones were reviewed by both; the others are part-way.
            state = "submitted" if decided or (n + index) % 3 else \
                ("draft" if n % 2 else None)
            if state is None:
                continue
            scores = {criterion["key"]: (n + index + position) % 6
                      for position, criterion in enumerate(criteria)}
            if state == "draft":
                scores = dict(list(scores.items())[:2])
            saved = sent[n] + dt.timedelta(days=4 + index)
            rows.append({
                "assignment_id": assignments[subjects[users[EMAIL.format(n)]], member_id],
                "scores": scores,
                "recommendation": (Recommendation.YES, Recommendation.MAYBE,
                                   Recommendation.NO)[(n + index) % 3]
                if state == "submitted" else None,
                "comments": "Solid practice and clear goals." if state == "submitted" else "",
                "saved_at": saved, "submitted_at": saved if state == "submitted" else None})
    if rows:
        session.execute(insert(Review), rows)


def _targets(call: AdmissionCall) -> dict[str, Any]:
    return {
        "admission_call_id": call.id,
        "admission_applications": session.scalar(
            select(func.count()).select_from(AdmissionApplication)
            .where(AdmissionApplication.call_id == call.id)),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.admissions",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("targets", type=Path, help="the JSON file of targets to add to")
    parser.add_argument("--applications", type=int, default=2000,
                        help="applications to add to the open call (default 2000)")
    args = parser.parse_args(argv)
    return seed_and_write("bench.admissions",
                          lambda: add_admission_applications(args.applications),
                          args.targets, merge=True)


if __name__ == "__main__":
    raise SystemExit(main())
