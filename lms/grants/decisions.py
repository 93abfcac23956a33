"""The fund committee's decisions, recorded by staff: approve with an amount, reject, or ask
for more information. Approving takes the round's row lock before adding up what is already
awarded, so two staff approving at the same moment never take the round past its budget; a
meeting's decisions go in all together or not at all."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from lms.accounts.models import User
from lms.clock import utcnow
from lms.db import lock_row
from lms.errors import PolicyError, ServiceError
from lms.grants.models import (
    ApplicationStatus,
    DecisionOutcome,
    GrantApplication,
    GrantDecision,
    GrantRound,
)
from lms.grants.services import (
    OUTCOME_LABELS,
    awarded_total,
    check_transition,
    move,
    tell_applicant,
)
from lms.i18n import _l, format_money
from lms.security import require_staff

S = ApplicationStatus


@dataclass
class DecisionInput:
    outcome: DecisionOutcome
    amount: int | None = None
    message: str = ""
    #: The application's ``decision_stamp`` as a confirmation page showed it; a decision
    #: confirmed on a page that no longer shows the application as it is is refused.
    seen: str | None = None


def decision_stamp(application: GrantApplication) -> str:
    """Changes whenever the application does: every move and every edit sets updated_at."""
    return f"{application.version}:{application.updated_at.isoformat()}"


def _check_decision(application: GrantApplication, decision: DecisionInput) -> None:
    if decision.outcome == DecisionOutcome.APPROVED:
        if decision.amount is None or decision.amount <= 0:
            raise ServiceError(_l("Give the amount awarded."), field="amount")
        if decision.amount > application.requested_amount:
            raise ServiceError(_l(
                "The award cannot be more than the %(requested)s asked for.",
                requested=format_money(application.requested_amount,
                                       application.round.currency)), field="amount")
    elif decision.amount is not None:
        raise ServiceError(_l("Give an amount only when approving."), field="amount")
    if decision.outcome == DecisionOutcome.MORE_INFORMATION and not decision.message.strip():
        raise ServiceError(_l("Tell the applicant what more information is needed."),
                           field="message")


def _check_rules(application: GrantApplication, decision: DecisionInput,
                 budget_left: int) -> None:
    check_transition(application.status, S(str(decision.outcome)))
    _check_decision(application, decision)
    if decision.outcome == DecisionOutcome.APPROVED and decision.amount is not None \
            and decision.amount > budget_left:
        raise ServiceError(_l(
            "Only %(left)s of the round's budget is left: %(amount)s would take it over.",
            left=format_money(budget_left, application.round.currency),
            amount=format_money(decision.amount, application.round.currency)), field="amount")


def _record_decision(db_session: Session, actor: User, application: GrantApplication,
                     decision: DecisionInput, budget_left: int) -> GrantDecision:
    """The decision itself, once the round is locked and ``budget_left`` read under it."""
    db_session.refresh(application)  # another member of staff may have decided meanwhile
    if decision.seen is not None and decision.seen != decision_stamp(application):
        raise ServiceError(_l("It has changed since the confirmation page was shown: "
                              "nothing was recorded. Check it again and decide anew."))
    _check_rules(application, decision, budget_left)
    if decision.outcome == DecisionOutcome.APPROVED:
        application.awarded_amount = decision.amount
    now = utcnow()
    application.decision_message = decision.message.strip()
    application.decided_at = now
    record = GrantDecision(application_id=application.id, outcome=decision.outcome,
                           amount=decision.amount, message=application.decision_message,
                           decided_at=now, decided_by_id=actor.id)
    db_session.add(record)
    move(db_session, actor, application, S(str(decision.outcome)), "grant_decision_recorded",
          amount=decision.amount, message=application.decision_message)
    subjects = {
        DecisionOutcome.APPROVED: _l("Your grant application is approved"),
        DecisionOutcome.REJECTED: _l("Your grant application: the committee's decision"),
        DecisionOutcome.MORE_INFORMATION: _l("Your grant application: more information "
                                             "needed"),
    }
    tell_applicant(db_session, application, subjects[decision.outcome],
                    "lms/grants/mail/decision.txt", decision=record,
                    outcome_label=OUTCOME_LABELS[decision.outcome])
    return record


def decide(db_session: Session, actor: User, application: GrantApplication,
           decision: DecisionInput) -> GrantDecision:
    """Record the committee's decision on one application."""
    return decide_many(db_session, actor, application.round, [(application, decision)])[0]


def decide_many(db_session: Session, actor: User, grant_round: GrantRound,
                decisions: list[tuple[GrantApplication, DecisionInput]]) -> list[GrantDecision]:
    """Record the decisions of one committee meeting: all of them, or none with every problem
    named. The round's lock is taken first, so the budget left is what it really is."""
    require_staff(actor)
    if any(application.round_id != grant_round.id for application, _ in decisions):
        raise ServiceError(_l("Record decisions for one round at a time."))
    lock_row(db_session, GrantRound, grant_round.id)
    budget_left = grant_round.budget - awarded_total(db_session, grant_round)
    records: list[GrantDecision] = []
    problems: list[Any] = []
    for application, decision in decisions:
        try:
            record = _record_decision(db_session, actor, application, decision, budget_left)
        except ServiceError as error:
            if len(decisions) == 1:
                raise
            problems.append(_l("%(title)s: %(problem)s", title=application.title,
                               problem=str(error.message)))
            continue
        records.append(record)
        budget_left -= record.amount or 0
    if problems:
        # The view rolls the whole request back: a meeting's decisions go in together.
        raise PolicyError(problems)
    return records


def meeting_problems(db_session: Session, actor: User, grant_round: GrantRound,
                     decisions: list[tuple[GrantApplication, DecisionInput]],
                     ) -> list[tuple[GrantApplication, ServiceError]]:
    """What would stop ``decide_many`` now, found without writing or locking anything, so the
    confirmation page is only offered for decisions that can be recorded. ``decide_many``
    checks all of it again under the round's lock."""
    require_staff(actor)
    budget_left = grant_round.budget - awarded_total(db_session, grant_round)
    problems: list[tuple[GrantApplication, ServiceError]] = []
    for application, decision in decisions:
        try:
            _check_rules(application, decision, budget_left)
        except ServiceError as error:
            problems.append((application, error))
        else:
            budget_left -= decision.amount or 0
    return problems
