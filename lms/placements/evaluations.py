"""The supervisor's evaluations of a placement: the mid-placement review and the final
evaluation, written on the course's forms (lms.curriculum.evaluation_forms), submitted once,
then read and acknowledged by the trainee; her mentor and staff read them too.

Who reads one: its supervisor (while the placement is open to them), the trainee herself, her
current mentor and staff. The queries here filter by that, so a guessed id finds nothing."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, joinedload

from lms.accounts.models import User
from lms.audit import record
from lms.clock import utcnow
from lms.curriculum.evaluation_forms import FormView, LocalizedForm, course_forms
from lms.errors import NotAllowed, ServiceError
from lms.i18n import _l
from lms.notifications.services import notify
from lms.placements import supervision
from lms.placements.models import Evaluation, EvaluationKind, Placement
from lms.programs.models import Enrollment
from lms.programs.queries import current_trainees
from lms.security import is_staff
from lms.urls import external_url

KIND_LABELS = {EvaluationKind.MID_PLACEMENT: _l("Mid-placement review"),
               EvaluationKind.FINAL: _l("Final evaluation")}


@dataclass(frozen=True)
class Filled:
    #: The level chosen for each criterion, by key (a criterion left out has none yet).
    scores: dict[str, int]
    answers: dict[str, str]


def form_for(db_session: Session, placement: Placement, kind: EvaluationKind) -> FormView | None:
    """The course's form of this kind for the placement's cohort, if the course has one."""
    course = placement.enrollment.cohort.course
    return None if course is None else course_forms(db_session, course).get(kind.value)


def evaluation_of(db_session: Session, placement: Placement,
                  kind: EvaluationKind) -> Evaluation | None:
    return db_session.scalar(select(Evaluation).where(Evaluation.placement_id == placement.id,
                                                      Evaluation.kind == kind))


def save(db_session: Session, supervisor: User, placement: Placement, kind: EvaluationKind,
         filled: Filled, *, submit: bool) -> Evaluation:
    """Keep the supervisor's evaluation as a draft, or submit it: then every criterion has a
    level and every required question an answer, the trainee is told, and it is final."""
    if supervision.supervised_placement(db_session, supervisor, placement.id) is None:
        raise NotAllowed(_l("Only the placement's supervisor writes its evaluations, until "
                            "30 days after it ends."))
    form = form_for(db_session, placement, kind)
    if form is None:
        raise ServiceError(_l("The course has no form for this evaluation."))
    evaluation = evaluation_of(db_session, placement, kind)
    if evaluation is not None and evaluation.submitted_at is not None:
        raise ServiceError(_l("This evaluation was submitted: it can no longer be changed."))
    scores, answers = _checked(form.in_language("en"), filled, complete=submit)
    if evaluation is None:
        evaluation = Evaluation(placement_id=placement.id, kind=kind, form_slug=form.slug)
        db_session.add(evaluation)
    evaluation.scores, evaluation.answers = scores, answers
    evaluation.author_id = supervisor.id
    evaluation.saved_at = utcnow()
    if submit:
        evaluation.submitted_at = utcnow()
    db_session.flush()
    record(db_session, supervisor, "placements.evaluation_submitted" if submit
           else "placements.evaluation_saved", evaluation, after={"kind": kind.value})
    if submit:
        trainee = placement.enrollment.user
        notify(db_session, trainee, "evaluation", _l("Your supervisor's %(evaluation)s",
                                                     evaluation=KIND_LABELS[kind]),
               "lms/placements/mail/evaluation.txt",
               link=external_url("lms.placements.evaluation", evaluation_id=evaluation.id),
               evaluation_name=KIND_LABELS[kind], placement=placement)
    return evaluation


def _checked(form: LocalizedForm, filled: Filled, *, complete: bool
             ) -> tuple[dict[str, int], dict[str, str]]:
    scores = {}
    for criterion in form.criteria:
        value = filled.scores.get(criterion.key)
        if value is None:
            if complete:
                raise ServiceError(_l("Choose a level for each criterion."),
                                   f"criterion_{criterion.key}")
            continue
        if value not in {level.value for level in criterion.levels}:
            raise ServiceError(_l("Choose one of the levels offered."),
                               f"criterion_{criterion.key}")
        scores[criterion.key] = value
    answers = {}
    for question in form.questions:
        text = (filled.answers.get(question.key) or "").strip()
        if complete and question.required and not text:
            raise ServiceError(_l("Answer this question."), f"question_{question.key}")
        if len(text) > ANSWER_LIMIT:
            raise ServiceError(_l("Keep the answer under %(limit)d characters.",
                                  limit=ANSWER_LIMIT), f"question_{question.key}")
        answers[question.key] = text
    return scores, answers


#: Longer than a page of comments; a form longer than that is not a supervisor's.
ANSWER_LIMIT = 5000


def acknowledge(db_session: Session, trainee: User, evaluation: Evaluation) -> Evaluation:
    """The trainee has read her evaluation (once; again changes nothing)."""
    if evaluation.placement.enrollment.user_id != trainee.id:
        raise NotAllowed(_l("Only the trainee acknowledges her evaluation."))
    if evaluation.submitted_at is None:
        raise ServiceError(_l("This evaluation has not been submitted yet."))
    if evaluation.acknowledged_at is None:
        evaluation.acknowledged_at = utcnow()
        db_session.flush()
        record(db_session, trainee, "placements.evaluation_acknowledged", evaluation)
    return evaluation


def readable_evaluation(db_session: Session, reader: User,
                        evaluation_id: int) -> Evaluation | None:
    """The evaluation if ``reader`` may read it: the trainee once it is submitted, her current
    mentor and staff likewise, its supervisor while the placement is open to them (their
    draft too). None otherwise."""
    statement = (select(Evaluation).join(Placement, Placement.id == Evaluation.placement_id)
                 .join(Enrollment, Enrollment.id == Placement.enrollment_id)
                 .options(joinedload(Evaluation.placement).joinedload(Placement.enrollment)
                          .joinedload(Enrollment.user),
                          joinedload(Evaluation.placement).joinedload(Placement.facility),
                          joinedload(Evaluation.placement).joinedload(Placement.module),
                          joinedload(Evaluation.placement).joinedload(Placement.enrollment)
                          .joinedload(Enrollment.cohort))
                 .where(Evaluation.id == evaluation_id))
    submitted = Evaluation.submitted_at.is_not(None)
    supervising = Evaluation.placement_id.in_(
        select(Placement.id).where(Placement.supervisor_id == reader.id,
                                   Placement.ends_on >= supervision.first_open_day()))
    if is_staff(reader):
        return db_session.scalar(statement.where(or_(submitted, supervising)))
    hers = Enrollment.user_id == reader.id
    mentored = Enrollment.id.in_(current_trainees(reader))
    return db_session.scalar(statement.where(or_(supervising, submitted & or_(hers, mentored))))


def placement_evaluations(db_session: Session, placement_ids: list[int]
                          ) -> dict[tuple[int, EvaluationKind], Evaluation]:
    """The evaluations of these placements, by placement and kind (one query)."""
    if not placement_ids:
        return {}
    return {(evaluation.placement_id, evaluation.kind): evaluation
            for evaluation in db_session.scalars(
                select(Evaluation).where(Evaluation.placement_id.in_(placement_ids)))}
