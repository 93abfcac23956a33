"""``python -m bench.grants TARGETS``: fill the demo's open grant round with many applications.

Run by the seeding (``add_grant_applications`` in bench/seeding.py) after ``flask lms demo``.
It adds applicants and their applications to the fiscal 2026 round (the demo's open one) in
every state of an open round, most of them with the committee: each of those is assigned to
both demo committee members, who have submitted reviews of most and drafts of some (and the
second declared a conflict on a few). Rows go in by bulk inserts, in the shapes the services
write, because making thousands through the services one by one would take minutes.

TARGETS (the JSON file bench.grow writes) gets the round's id, a demo application with the
committee (with its reviews) for the staff application page, and the demo alumna's fiscal 2020
grant (closed, with its decision, payments and reports) for the applicant's page.
"""

from __future__ import annotations

import argparse
import datetime as dt
import decimal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select

from bench.targets import seed_and_write
from lms.accounts.models import User
from lms.audit import AuditEvent
from lms.clock import utcnow
from lms.db import session
from lms.grants import tallies
from lms.grants.models import (
    ApplicationStatus,
    ApplicationVersion,
    BudgetCategory,
    BudgetLine,
    GrantApplication,
    GrantRound,
)
from lms.reviews import tally
from lms.reviews.models import (
    AssignmentStatus,
    Recommendation,
    Review,
    ReviewAssignment,
    ReviewSubject,
)

S = ApplicationStatus
FISCAL_YEAR = 2026  # the demo's open round: see lms/demo/grants.py
STAFF_EMAIL = "staff@kakehashi.example"
MEMBER_EMAILS = ("committee@kakehashi.example", "committee2@kakehashi.example")
ALUMNA_EMAIL = "alumna@kakehashi.example"
EMAIL = "bench.applicant.{:05d}@bench.example"
BATCH = 500
# (country, currency, units of yen for one unit of it, a typical budget line in it)
PLACES = (("PH", "PHP", "2.6", 60_000), ("ID", "IDR", "0.0092", 18_000_000),
          ("TH", "THB", "4.5", 40_000), ("LK", "LKR", "0.50", 300_000),
          ("BD", "BDT", "1.22", 150_000), ("KR", "KRW", "0.106", 1_800_000),
          ("TW", "TWD", "4.8", 40_000), ("MY", "MYR", "34", 5_500))
# One in twenty of each state, as an open round looks a few weeks before it closes.
STATES = (S.DRAFT, S.DRAFT, S.SUBMITTED, S.SUBMITTED, S.SCREENING, S.INELIGIBLE,
          S.MORE_INFORMATION, S.WITHDRAWN, *[S.IN_REVIEW] * 12)
WITH_COMMITTEE = (S.IN_REVIEW, S.MORE_INFORMATION)
CATEGORIES = (BudgetCategory.TRAINING, BudgetCategory.PERSONNEL, BudgetCategory.TRAVEL,
              BudgetCategory.MATERIALS, BudgetCategory.VENUE)


class SeedGrantsError(RuntimeError):
    pass


def _chunks(numbers: range, size: int) -> Iterator[range]:
    for start in range(numbers.start, numbers.stop, size):
        yield range(start, min(start + size, numbers.stop))


def _user_id(email: str) -> int:
    user_id = session.scalar(select(User.id).where(User.email == email))
    if user_id is None:
        raise SeedGrantsError(f"no {email}: run `flask lms demo` first")
    return user_id


def _open_round() -> GrantRound:
    grant_round = session.scalar(select(GrantRound).where(GrantRound.fiscal_year == FISCAL_YEAR)
                                 .order_by(GrantRound.id).limit(1))
    if grant_round is None:
        raise SeedGrantsError(f"no fiscal {FISCAL_YEAR} grant round: run `flask lms demo` first")
    return grant_round


def _lines(n: int) -> list[tuple[BudgetCategory, str, int]]:
    typical = PLACES[n % len(PLACES)][3]
    return [(CATEGORIES[(n + k) % len(CATEGORIES)], f"Budget line {k + 1} of project {n}",
             typical * (2 + (n + 3 * k) % 5) // 2)
            for k in range(3 + n % 3)]


def _application_row(n: int, grant_round: GrantRound, applicant_id: int, subject_id: int | None,
                     submitted: dt.datetime) -> dict[str, Any]:
    country, currency, rate, _typical = PLACES[n % len(PLACES)]
    status = STATES[n % len(STATES)]
    lines = _lines(n)
    total = sum(amount for _category, _description, amount in lines)
    requested = int((total * decimal.Decimal(rate)).quantize(decimal.Decimal(1),
                                                              rounding=decimal.ROUND_HALF_UP))
    was_sent = status not in (S.DRAFT, S.WITHDRAWN)
    return {
        "round_id": grant_round.id, "applicant_id": applicant_id, "status": status,
        "title": f"Community program {n}: home visits and peer groups for older people",
        "country": country, "organization": f"Social welfare office {n} (bench)",
        "applicant_role": "Social worker",
        "problem": "Older people living alone in the district are not visited by any service. "
                   * 3,
        "use_of_learning": "Adapting the neighbourhood welfare volunteers seen in Japan.",
        "objectives": "Every older person living alone visited weekly.",
        "activities": "Training volunteers; weekly visits; monthly meetings with the clinic.",
        "beneficiaries": "Older people living alone", "beneficiary_count": 40 + n % 200,
        "local_currency": currency, "exchange_rate": decimal.Decimal(rate),
        "stated_total": total, "co_funding": "", "indicators": "Visits made; referrals.",
        "risks": "Volunteers leave: two are trained for each route.",
        "requested_amount": requested, "version": 1 if was_sent else 0,
        "review_subject_id": subject_id,
        "screening_reason": "Running costs are not funded." if status == S.INELIGIBLE else "",
        "decision_message": "Please send the clinic's letter of support."
        if status == S.MORE_INFORMATION else "",
        "created_at": submitted - dt.timedelta(days=9), "updated_at": submitted,
        "submitted_at": submitted if was_sent else None,
        "withdrawn_at": submitted if status == S.WITHDRAWN else None,
        "decided_at": submitted + dt.timedelta(days=5) if status == S.MORE_INFORMATION else None,
    }


def _reviews(n: int) -> list[tuple[str, str | None]]:
    """Per committee member: the assignment's status and the review's state (None: not yet)."""
    first = "submitted" if n % 3 else ("draft" if n % 2 else None)
    second = None if n % 4 == 1 else "submitted"
    second_status = "conflict" if n % 50 == 8 else "active"
    return [("active", first), (second_status, None if second_status == "conflict" else second)]


def add_grant_applications(count: int) -> dict[str, Any]:
    grant_round = _open_round()
    criteria = grant_round.review_scheme.criteria
    staff_id = _user_id(STAFF_EMAIL)
    member_ids = [_user_id(email) for email in MEMBER_EMAILS]
    already = session.scalar(select(func.count()).select_from(User)
                             .where(User.email.like("bench.applicant.%"))) or 0
    now = utcnow()
    for numbers in _chunks(range(already + 1, count + 1), BATCH):
        emails = [EMAIL.format(n) for n in numbers]
        session.execute(insert(User), [
            {"email": EMAIL.format(n), "display_name": f"Applicant {n:05d}",
             "country": PLACES[n % len(PLACES)][0], "timezone": "Asia/Tokyo"}
            for n in numbers])
        users = dict(session.execute(select(User.email, User.id)
                                     .where(User.email.in_(emails))).all())
        reviewed = [n for n in numbers if STATES[n % len(STATES)] in WITH_COMMITTEE]
        if reviewed:
            session.execute(insert(ReviewSubject), [
                {"scheme_id": grant_round.review_scheme_id, "owner_id": users[EMAIL.format(n)],
                 "title": f"Community program {n}"} for n in reviewed])
        subjects = dict(session.execute(
            select(ReviewSubject.owner_id, ReviewSubject.id)
            .where(ReviewSubject.scheme_id == grant_round.review_scheme_id,
                   ReviewSubject.owner_id.in_(list(users.values())))).all())
        # Sent over the weeks the round has been open, the latest a few hours ago.
        sent = {n: now - dt.timedelta(hours=3 + (n * 7) % (24 * 35)) for n in numbers}
        session.execute(insert(GrantApplication), [
            _application_row(n, grant_round, users[EMAIL.format(n)],
                             subjects.get(users[EMAIL.format(n)]), sent[n]) for n in numbers])
        applications = dict(session.execute(
            select(GrantApplication.applicant_id, GrantApplication.id)
            .where(GrantApplication.round_id == grant_round.id,
                   GrantApplication.applicant_id.in_(list(users.values())))).all())
        by_number = {n: applications[users[EMAIL.format(n)]] for n in numbers}
        session.execute(insert(BudgetLine), [
            {"application_id": by_number[n], "position": position, "category": category,
             "description": description, "local_amount": amount}
            for n in numbers
            for position, (category, description, amount) in enumerate(_lines(n), start=1)])
        submitted = [n for n in numbers if STATES[n % len(STATES)] not in (S.DRAFT, S.WITHDRAWN)]
        session.execute(insert(ApplicationVersion), [
            {"application_id": by_number[n], "number": 1, "submitted_at": sent[n],
             "content": {"title": f"Community program {n}", "budget_lines": [
                 {"category": str(category), "description": description,
                  "local_amount": amount} for category, description, amount in _lines(n)]}}
            for n in submitted])
        session.execute(insert(AuditEvent), [
            {"at": sent[n], "actor_id": users[EMAIL.format(n)],
             "action": "grant_application_submitted", "object_type": "GrantApplication",
             "object_id": str(by_number[n]), "before": {"status": "draft"},
             "after": {"status": "submitted", "version": 1}} for n in submitted])
        _add_reviews(reviewed, users, subjects, sent, member_ids, staff_id, criteria)
        # Written past the services: the reviews outstanding per round are counted here.
        tally.recount(session, grant_round.review_scheme_id)
        # The bulk inserts bypassed the ORM that keeps the round's tallies: count them again.
        tallies.recount(session, [grant_round.id])
        session.commit()
    return _targets(grant_round)


def _add_reviews(reviewed: list[int], users: dict[str, int], subjects: dict[int, int],
                 sent: dict[int, dt.datetime], member_ids: list[int], staff_id: int,
                 criteria: list[dict[str, Any]]) -> None:
    if not reviewed:
        return
    plans = {n: _reviews(n) for n in reviewed}
    session.execute(insert(ReviewAssignment), [
        {"subject_id": subjects[users[EMAIL.format(n)]], "reviewer_id": member_id,
         "status": AssignmentStatus(plans[n][index][0]), "assigned_by_id": staff_id,
         "assigned_at": sent[n] + dt.timedelta(days=2),
         "conflict_reason": "A former colleague." if plans[n][index][0] == "conflict" else None,
         "conflict_declared_at": sent[n] + dt.timedelta(days=3)
         if plans[n][index][0] == "conflict" else None}
        for n in reviewed for index, member_id in enumerate(member_ids)])
    assignments = {(subject_id, reviewer_id): assignment_id
                   for assignment_id, subject_id, reviewer_id in session.execute(
                       select(ReviewAssignment.id, ReviewAssignment.subject_id,
                              ReviewAssignment.reviewer_id)
                       .where(ReviewAssignment.subject_id.in_(
                           [subjects[users[EMAIL.format(n)]] for n in reviewed])))}
    rows = []
    for n in reviewed:
        for index, member_id in enumerate(member_ids):
            state = plans[n][index][1]
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
                "comments": "Clear plan; realistic budget." if state == "submitted" else "",
                "saved_at": saved, "submitted_at": saved if state == "submitted" else None})
    if rows:
        session.execute(insert(Review), rows)


def _targets(grant_round: GrantRound) -> dict[str, Any]:
    demo_in_review = session.scalar(
        select(GrantApplication.id).join(User, User.id == GrantApplication.applicant_id)
        .where(GrantApplication.round_id == grant_round.id,
               GrantApplication.status == S.IN_REVIEW,
               User.email.not_like("bench.%"))
        .order_by(GrantApplication.id).limit(1))
    alumna_grant = session.scalar(
        select(GrantApplication.id).join(GrantRound)
        .where(GrantApplication.applicant_id == _user_id(ALUMNA_EMAIL),
               GrantApplication.status.in_((S.IN_PROGRESS, S.CLOSED)))
        .order_by(GrantRound.fiscal_year.desc()).limit(1))
    if demo_in_review is None or alumna_grant is None:
        raise SeedGrantsError("the demo's grant applications are missing: did `flask lms demo` "
                              "seed the grants?")
    return {
        "grant_round_id": grant_round.id,
        "grant_applications": session.scalar(select(func.count()).select_from(GrantApplication)
                                             .where(GrantApplication.round_id
                                                    == grant_round.id)),
        "grant_application_id": demo_in_review,
        "alumna_grant_id": alumna_grant,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.grants",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("targets", type=Path, help="the JSON file of targets to add to")
    parser.add_argument("--applications", type=int, default=2000,
                        help="applications to add to the open round (default 2000)")
    args = parser.parse_args(argv)
    return seed_and_write("bench.grants", lambda: add_grant_applications(args.applications),
                          args.targets, merge=True)


if __name__ == "__main__":
    raise SystemExit(main())
