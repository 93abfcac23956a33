"""Pages for handing in work and for grading it."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue

from lms import homepage, navigation, personal_data, uploads
from lms.accounts.models import Role, User
from lms.assignments import (
    extensions,
    gradebook_queries,
    grading,
    grading_queries,
    home_sections,
    length,
    queries,
    services,
)
from lms.assignments.forms import (
    DeadlineForm,
    ExtensionForm,
    WorkForm,
    grade_form,
)
from lms.assignments.grade_form_html import fields_of_form, fresh_fields
from lms.assignments.models import Submission, SubmissionStatus
from lms.assignments.personal_data import parts as personal_data_parts
from lms.assignments.queue_rows import queue_filter, queue_rows
from lms.clock import local_to_utc
from lms.curriculum.content import shown_item
from lms.curriculum.models import Item
from lms.curriculum.queries import (
    cohort_for,
    enrollment_in,
    item_body_html,
    outline,
    trainee_work,
)
from lms.db import session
from lms.forms import (
    commit_or_show_error,
    note_if_repeated,
)
from lms.i18n import _, format_when, template_helpers
from lms.markdown import render, render_kept
from lms.pagination import requested_page_number
from lms.programs.models import Cohort, Enrollment, EnrollmentRole
from lms.programs.standing import viewer_is_mentor, viewer_is_teacher
from lms.security import is_staff, login_required, require_user, staff_required

bp = Blueprint("assignments", __name__, template_folder="templates")
homepage.register(bp, home_sections.sections)
personal_data.register(bp, personal_data_parts)


def _nav_items(user: User) -> list[navigation.NavItem]:
    # staff first: no mentor query for them
    if not (is_staff(user) or viewer_is_mentor() or viewer_is_teacher()):
        return []
    return [navigation.link(50, _("Grading"), "lms.assignments.queue")]


navigation.register(bp, _nav_items)


def _cohort(cohort_id: int) -> tuple[User, Cohort]:
    actor = require_user()
    cohort = cohort_for(session, actor, cohort_id)
    if cohort is None:
        abort(404)
    return actor, cohort


def _trainee_and_item(cohort_id: int, slug: str) -> tuple[User, Cohort, Enrollment, Item]:
    actor, cohort = _cohort(cohort_id)
    enrollment = enrollment_in(session, actor, cohort, EnrollmentRole.TRAINEE)
    item = queries.assignment_in(session, cohort, slug)
    if enrollment is None or item is None:
        abort(404)
    return actor, cohort, enrollment, item


# The trainee's side ---------------------------------------------------------------------------


@bp.route("/cohorts/<int:cohort_id>/work/<slug>", methods=["GET", "POST"])
@login_required
def work(cohort_id: int, slug: str) -> ResponseReturnValue:
    actor, cohort, enrollment, item = _trainee_and_item(cohort_id, slug)
    page = queries.work_page(session, enrollment, item)
    form = WorkForm()
    preview = None
    confirming = False  # handing in an answer outside the asked length: saved, then asked
    if request.method == "GET":
        form.attempt.data = str(page.next_attempt or "")
        form.text.data = page.starting_text
    elif form.validate_on_submit():
        action = request.form.get("action", "save")
        confirming = action == "submit" and not form.confirm_length.data and \
            length.asks_to_confirm(item, form.text.data or "")
        if action == "preview":
            preview = render(form.text.data)
        else:
            done = commit_or_show_error(form, lambda: _save(
                actor, enrollment, item, form, submit=action == "submit" and not confirming))
            if isinstance(done.refusal, uploads.StorageUnavailable):
                _keep_the_text(actor, enrollment, item, form)
            if done.done and confirming:
                page = queries.work_page(session, enrollment, item)
            elif done.done:
                if action == "submit":
                    flash(_("Your work has been handed in."), "success")
                else:
                    flash(_("Draft saved at %(when)s.", when=format_when(done.result.saved_at)),
                          "success")
                    _remove_chosen(actor, done.result)
                return redirect(url_for("lms.assignments.work", cohort_id=cohort.id,
                                        slug=item.slug))
    return render_template("lms/assignments/work.html", cohort=cohort, page=page, form=form,
                           preview=preview, body=item_body_html(cohort, item),
                           shown=shown_item(cohort.course, item),
                           measure=length.measure(item, form.text.data or ""),
                           confirming=confirming,
                           status_labels=services.STATUS_LABELS, render=render)


def _save(actor: User, enrollment: Enrollment, item: Item, form: WorkForm,
          submit: bool) -> Submission:
    attempt = int(form.attempt.data)
    text = form.text.data or ""
    for upload in form.files.data or []:
        if upload and upload.filename:
            try:
                services.attach(session, actor, enrollment, item, attempt, upload.filename,
                                upload.stream)
            except uploads.FileTooLarge:
                abort(413)
    if submit:
        return services.submit(session, actor, enrollment, item, attempt, text)
    return services.save_draft(session, actor, enrollment, item, attempt, text)


def _remove_chosen(actor: User, draft: Submission) -> None:
    """The file whose Remove button (one of the work form's) was pressed, removed after the
    answer was saved. An id that names none of this draft's files (another's, or one removed
    already in another tab) removes nothing, and what was typed is kept all the same."""
    removing = uploads.chosen_removal()
    found = next((a for a in draft.attachments if a.id == removing), None)
    if found is not None:
        commit_or_show_error(None, lambda: services.remove_attachment(session, actor, found),
                             done=_("The file has been removed."))


def _keep_the_text(actor: User, enrollment: Enrollment, item: Item, form: WorkForm) -> None:
    """No file could be kept, and the request's other work is undone; what was typed is
    still saved as the draft, in a transaction of its own."""
    if commit_or_show_error(form, lambda: services.save_draft(
            session, actor, enrollment, item, int(form.attempt.data), form.text.data or "")).done:
        form.files.errors = [*form.files.errors, _("What you wrote has been saved as a draft.")]


@bp.route("/cohorts/<int:cohort_id>/work/<slug>/autosave", methods=["POST"])
@login_required
def autosave(cohort_id: int, slug: str) -> ResponseReturnValue:
    """Called by the page's script while the trainee types; the button does the same without
    JavaScript."""
    actor, _the_cohort, enrollment, item = _trainee_and_item(cohort_id, slug)
    form = WorkForm()
    if not form.validate():
        return jsonify(saved=False, error=_("The draft could not be saved.")), 400
    saved = commit_or_show_error(form, lambda: services.save_draft(
        session, actor, enrollment, item, int(form.attempt.data), form.text.data or ""))
    if saved.refusal is not None:
        return jsonify(saved=False, error=str(saved.refusal.message)), 409
    return jsonify(saved=True, saved_at=format_when(saved.result.saved_at))


@bp.route("/attachments/<int:attachment_id>")
@login_required
def download(attachment_id: int) -> ResponseReturnValue:
    attachment = queries.attachment_for(session, require_user(), attachment_id)
    if attachment is None:
        abort(404)
    return uploads.send_stored(attachment.stored_name, attachment.content_type,
                               attachment.original_name)


@bp.route("/cohorts/<int:cohort_id>/grades")
@login_required
def my_grades(cohort_id: int) -> ResponseReturnValue:
    actor, cohort = _cohort(cohort_id)
    enrollment = enrollment_in(session, actor, cohort, EnrollmentRole.TRAINEE)
    if enrollment is None:
        abort(404)
    return grades_page(actor, cohort, enrollment.id)


def grades_page(actor: User, cohort: Cohort, enrollment_id: int) -> ResponseReturnValue:
    """A trainee's grades and standing, as she sees them or as staff and her mentor do; 404
    for a trainee the actor does not see in the gradebook."""
    book = gradebook_queries.trainee_gradebook(session, actor, cohort, enrollment_id)
    if book is None:
        abort(404)
    row = book.page.items[0]
    enrollment = row.enrollment
    course_outline = outline(session, cohort, enrollment)
    work = trainee_work(session, course_outline, enrollment) if course_outline else None
    return render_template("lms/assignments/grades.html", cohort=cohort, book=book, row=row,
                           work=work, status_labels=services.STATUS_LABELS,
                           own=enrollment.user_id == actor.id)


# Mentors and staff ------------------------------------------------------------------------------


@bp.app_template_global()
def trainee_grades_link(cohort_id: int, enrollment_id: int | None = None) -> str:
    """The address of a trainee's grades and standing; without her id, its start, which a page
    of many trainees follows with each one's id and "/grades" (one url_for a row cost more than
    the rest of it)."""
    if enrollment_id is not None:
        return url_for("lms.assignments.trainee_grades", cohort_id=cohort_id,
                       enrollment_id=enrollment_id)
    return url_for("lms.assignments.trainee_grades", cohort_id=cohort_id,
                   enrollment_id=0).removesuffix("0/grades")



@bp.route("/grading")
@login_required
def queue() -> ResponseReturnValue:
    actor = require_user()
    # viewer_is_mentor is the navigation's cached check of the one mentor rule: a mentor whose
    # mentorships have ended finds no queue, as on every other mentor page.
    if not actor.has_role(Role.STAFF) and not viewer_is_mentor() and not viewer_is_teacher():
        abort(404)
    # The filter's values as WTForms read them (the first of each, the status waiting work
    # when not given), its fields written by queue_rows.queue_filter.
    assignment, status = request.args.get("assignment"), request.args.get("status", "submitted")
    page = grading_queries.grading_queue(session, actor, requested_page_number(),
                                         item_slug=assignment or None,
                                         status=_queue_status(status))
    # Each row's link is the first one's with its own id: one url_for for the page.
    grade_url = url_for("lms.assignments.grade", submission_id=0, **_queue_args())
    helpers = template_helpers()
    return render_template(
        "lms/assignments/queue.html", page=page, assignment=assignment, status=status,
        filters=queue_filter(grading_queries.queue_filters(session, actor), assignment, status,
                             helpers),
        rows=queue_rows(page.items, grade_url, services.STATUS_LABELS, helpers))


def _queue_args() -> dict[str, str]:
    """The queue's filter, carried in the grading page's address (which its form posts back
    to), so that "Save and grade the next" goes on through the same list."""
    return {key: request.args[key] for key in ("assignment", "status") if request.args.get(key)}


def _queue_status(value: str | None) -> SubmissionStatus | None:
    """None shows every status; anything unknown falls back to the work waiting."""
    if value == "all":
        return None
    try:
        return SubmissionStatus(value)
    except ValueError:
        return SubmissionStatus.SUBMITTED


def _submission_or_404(submission_id: int) -> tuple[User, Submission]:
    actor = require_user()
    submission = queries.submission_for(session, actor, submission_id)
    if submission is None:
        abort(404)
    return actor, submission


@bp.route("/submissions/<int:submission_id>/grade", methods=["GET", "POST"])
@login_required
def grade(submission_id: int) -> ResponseReturnValue:
    actor = require_user()
    page = grading_queries.grading_page(session, actor, submission_id)
    if page is None:
        abort(404)
    if not page.may_grade:
        abort(403)
    submission = page.submission
    item, current = submission.item, submission.grade
    # A rubric's form before any save is written without a form: grade_form_html.fresh_fields.
    form = grade_form(item) if request.method == "POST" or not item.rubric else None
    conflict = None
    if form is not None and request.method == "GET":
        form.version.data = str(current.version if current else 0)
        if current:
            form.fill(item, current.scores)
            form.feedback.data = current.feedback
            form.outcome.data = "returned" if current.returned else "graded"
    elif form is not None and form.validate_on_submit():
        assessment = grading.Assessment(form.scores(item), form.feedback.data or "",
                                        form.outcome.data == "returned")
        graded = commit_or_show_error(form, lambda: grading.grade(
            session, actor, submission, assessment, int(form.version.data or 0)),
            done=_("Saved. %(name)s has been told by mail.",
                   name=submission.enrollment.user.display_name))
        if graded.done:
            return _after_grading(actor, submission)
        if isinstance(graded.refusal, grading.GradeConflict):
            conflict = graded.refusal.current
    history = grading_queries.grade_history(session, submission) \
        if actor.has_role(Role.STAFF) else []
    course = submission.enrollment.cohort.course
    shown = shown_item(course, item)
    text_language = shown.shown_language or (course.language if course else None)
    fields = fresh_fields(item, current, shown.rubric or [], text_language) if form is None \
        else fields_of_form(form, shown.rubric or [], text_language)
    # A handed-in text never changes: its HTML is kept (render_kept), as is the feedback's.
    return render_template(
        "lms/assignments/grade.html", submission=submission, form=form, conflict=conflict,
        shown=shown, fields=fields, earlier=page.others, text=render_kept(submission.text),
        due_at=page.due_at, history=history, render=render_kept,
        status_labels=services.STATUS_LABELS, queue_args=_queue_args())


def _after_grading(actor: User, submission: Submission) -> ResponseReturnValue:
    """Back to the grade just saved, or on to the next work of the grader's queue as they
    filtered it ("Save and grade the next"), or to that queue when nothing is left."""
    queue_args = _queue_args()
    if request.form.get("then") != "next":
        return redirect(url_for("lms.assignments.grade", submission_id=submission.id,
                                **queue_args))
    waiting = grading_queries.next_in_queue(session, actor, submission,
                                            queue_args.get("assignment"),
                                            _queue_status(queue_args.get("status")))
    if waiting is None:
        flash(_("Nothing else is waiting for a grade."), "success")
        return redirect(url_for("lms.assignments.queue", **queue_args))
    return redirect(url_for("lms.assignments.grade", submission_id=waiting.id, **queue_args))


@bp.route("/submissions/<int:submission_id>/extension", methods=["GET", "POST"])
@login_required
def extension(submission_id: int) -> ResponseReturnValue:
    actor, submission = _submission_or_404(submission_id)
    return _extension_page(actor, submission.enrollment, submission.item)


@bp.route("/cohorts/<int:cohort_id>/trainees/<int:enrollment_id>/extension/<slug>",
          methods=["GET", "POST"])
@login_required
def extension_for(cohort_id: int, enrollment_id: int, slug: str) -> ResponseReturnValue:
    actor, cohort = _cohort(cohort_id)
    trainee = session.get(Enrollment, enrollment_id)
    item = queries.assignment_in(session, cohort, slug)
    if trainee is None or trainee.cohort_id != cohort.id or item is None or \
            not services.may_assess(session, actor, trainee):
        abort(404)
    return _extension_page(actor, trainee, item)


def _extension_page(actor: User, trainee: Enrollment, item: Item) -> ResponseReturnValue:
    if not services.may_assess(session, actor, trainee):
        abort(403)
    cohort = trainee.cohort
    form = ExtensionForm()
    if form.validate_on_submit():
        granted = commit_or_show_error(form, lambda: extensions.grant_extension(
            session, actor, trainee, item,
            local_to_utc(form.due_at.data, cohort.zone, "due_at").utc, form.reason.data))
        if granted.done:
            flash(_("The extension has been granted and %(name)s has been told.",
                    name=trainee.user.display_name), "success")
            note_if_repeated(form.due_at.data, cohort.zone)
            return redirect(url_for("lms.assignments.gradebook", cohort_id=cohort.id))
    return render_template("lms/assignments/extension.html", form=form, trainee=trainee,
                           item=item, cohort=cohort,
                           due_at=services.due_at(session, trainee, item))


@bp.route("/cohorts/<int:cohort_id>/deadlines", methods=["GET", "POST"])
@staff_required
def deadlines(cohort_id: int) -> ResponseReturnValue:
    actor, cohort = _cohort(cohort_id)
    form = DeadlineForm()
    if form.validate_on_submit():
        item = session.get(Item, int(form.item_id.data))
        if item is None:
            abort(404)
        moved = commit_or_show_error(form, lambda: extensions.move_deadline(
            session, actor, cohort, item,
            local_to_utc(form.due_at.data, cohort.zone, "due_at").utc))
        if moved.done:
            flash(_("The deadline of %(title)s has moved for the whole cohort.",
                    title=item.title), "success")
            note_if_repeated(form.due_at.data, cohort.zone)
            return redirect(url_for("lms.assignments.deadlines", cohort_id=cohort.id))
    return render_template("lms/assignments/deadlines.html", cohort=cohort, form=form,
                           assignments=queries.cohort_assignments(session, cohort),
                           moved_to=queries.cohort_deadlines(session, cohort))


# The gradebook's pages use the blueprint and the helpers above, so they are imported last.
from lms.assignments import gradebook_views  # noqa: E402, F401
