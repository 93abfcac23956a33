"""After the load test (bench/loadtest.py): what every client was told, against the rows.

A write a client was told was done must be in the database exactly once: a trainee's draft
or hand-in with its text, a lesson done, a grade with its total at the version it became (the
grade's history is its ``grade_saved`` audit events, one per version), a grant decision with
its amount. Rules that must hold whatever anyone was told: a grade's history has one event per
version, and the round's awarded total never exceeds its budget.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import Connection, create_engine, func, select

from bench.loadtest_clients import Client


@dataclass
class Check:
    lost: list[str] = field(default_factory=list)
    duplicated: list[str] = field(default_factory=list)
    broken: list[str] = field(default_factory=list)  # rules that held for nobody in particular
    budget: str = ""  # the round's awarded total and budget, for the report


def compare(database_url: str, clients: list[Client], targets: dict) -> Check:
    import lms.models  # noqa: F401 - every model, so that relationships between them resolve

    check = Check()
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            for client in clients:
                if client.kind == "trainee":
                    _trainee_writes(connection, client, check)
            _grades(connection, clients, check)
            _decisions(connection, clients, targets, check)
    finally:
        engine.dispose()
    return check


def _trainee_writes(connection: Connection, client: Client, check: Check) -> None:
    from lms.accounts.models import User
    from lms.assignments.models import Submission, SubmissionStatus
    from lms.curriculum.models import Item, LessonProgress
    from lms.programs.models import Enrollment

    enrollment_id = connection.scalar(
        select(Enrollment.id).join(User, Enrollment.user_id == User.id)
        .where(User.email == client.email))
    items = dict(connection.execute(select(Item.slug, Item.id)).all())
    # Mentors grade what was handed in (never return it), so it may be graded by now.
    handed_states = (SubmissionStatus.SUBMITTED, SubmissionStatus.GRADED)
    for slug in set(client.told.drafts) | set(client.told.handed_in):
        rows = connection.execute(select(Submission.status, Submission.text).where(
            Submission.enrollment_id == enrollment_id,
            Submission.item_id == items[slug])).all()
        where = f"{client.email} {slug}"
        if len(rows) > 1:
            check.duplicated.append(f"{where}: {len(rows)} submissions")
        handed = client.told.handed_in.get(slug)
        if handed is not None:
            if not any(row.status in handed_states and row.text == handed for row in rows):
                check.lost.append(f"{where}: handed in {handed!r}, found {rows}")
        elif not any(row.text == client.told.drafts[slug] for row in rows):
            check.lost.append(f"{where}: draft {client.told.drafts[slug]!r}, found {rows}")
    for slug in client.told.lessons:
        found = connection.scalar(select(func.count()).select_from(LessonProgress).where(
            LessonProgress.enrollment_id == enrollment_id,
            LessonProgress.item_id == items[slug]))
        if found == 0:
            check.lost.append(f"{client.email} lesson {slug}: not recorded")
        elif found > 1:
            check.duplicated.append(f"{client.email} lesson {slug}: {found} rows")


def _grades(connection: Connection, clients: list[Client], check: Check) -> None:
    from lms.assignments.models import Grade
    from lms.audit import AuditEvent

    history: dict[int, list[dict]] = defaultdict(list)
    for object_id, after in connection.execute(
            select(AuditEvent.object_id, AuditEvent.after)
            .where(AuditEvent.action == "grade_saved", AuditEvent.object_type == "Submission")):
        history[int(object_id)].append(after)
    told = {feedback: saved for client in clients for feedback, saved in
            client.told.grades.items()}
    for feedback, (submission_id, version, total) in told.items():
        found = [after for after in history[submission_id] if after["feedback"] == feedback]
        where = f"grade {feedback!r} on submission {submission_id}"
        if len(found) > 1:
            check.duplicated.append(f"{where}: saved {len(found)} times")
        elif not found or (found[0]["version"], found[0]["total"]) != (version, total):
            check.lost.append(f"{where}: told version {version} total {total}, found "
                              f"{[(a['version'], a['total']) for a in found]}")
    graded = set(history) | {saved[0] for saved in told.values()}
    current = {row.submission_id: row for row in connection.execute(
        select(Grade.submission_id, Grade.version, Grade.total, Grade.feedback)
        .where(Grade.submission_id.in_(graded)))} if graded else {}
    for submission_id in graded:
        versions = sorted(after["version"] for after in history[submission_id])
        grade = current.get(submission_id)
        if grade is None:
            check.lost.append(f"submission {submission_id}: graded, no grade row")
        elif versions != list(range(1, grade.version + 1)):
            check.broken.append(f"submission {submission_id}: grade at version "
                                f"{grade.version}, history has versions {versions}")
        elif (history_top := max(history[submission_id], key=lambda a: a["version"])
              )["feedback"] != grade.feedback or history_top["total"] != grade.total:
            check.broken.append(f"submission {submission_id}: the grade is not its history's "
                                "last version")


def _decisions(connection: Connection, clients: list[Client], targets: dict,
               check: Check) -> None:
    from lms.grants.models import AWARDED_STATES, GrantApplication, GrantDecision, GrantRound

    round_id = targets["grant_round_id"]
    budget = connection.scalar(select(GrantRound.budget).where(GrantRound.id == round_id))
    awarded = connection.scalar(
        select(func.coalesce(func.sum(GrantApplication.awarded_amount), 0))
        .where(GrantApplication.round_id == round_id,
               GrantApplication.status.in_(AWARDED_STATES))) or 0
    check.budget = f"{awarded:,} awarded of {budget:,}"
    if awarded > budget:
        check.broken.append(f"grant round {round_id}: {awarded:,} awarded of a {budget:,} "
                            "budget")
    recorded: dict[int, list[tuple[str, int | None]]] = defaultdict(list)
    for application_id, outcome, amount in connection.execute(
            select(GrantDecision.application_id, GrantDecision.outcome, GrantDecision.amount)
            .join(GrantApplication, GrantApplication.id == GrantDecision.application_id)
            .where(GrantApplication.round_id == round_id)):
        recorded[application_id].append((str(outcome), amount))
    state = {row.id: row for row in connection.execute(
        select(GrantApplication.id, GrantApplication.status, GrantApplication.awarded_amount)
        .where(GrantApplication.round_id == round_id))}
    told = [(application_id, decided) for client in clients
            for application_id, decided in client.told.decisions.items()]
    times_told = defaultdict(int)
    for application_id, (outcome, amount) in told:
        times_told[application_id] += 1
        row = state[application_id]
        kept = (str(row.status) == outcome and (outcome != "approved"
                                                or row.awarded_amount == amount))
        if not kept or (outcome, amount) not in recorded[application_id]:
            check.lost.append(f"application {application_id}: told {outcome} {amount}, found "
                              f"{row.status} {row.awarded_amount}, decisions "
                              f"{recorded[application_id]}")
    for application_id in set(recorded) | set(times_told):
        made = max(len(recorded[application_id]), times_told[application_id])
        if made > 1:
            check.duplicated.append(f"application {application_id}: decided {made} times "
                                    f"({recorded[application_id]})")
