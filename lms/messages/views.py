"""Messages: one's conversations, writing to one's mentors and to the program office, the
office's shared inbox, and comments on handed-in work."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from lms import homepage, navigation, personal_data, uploads
from lms.accounts.models import User
from lms.clock import utcnow
from lms.db import session
from lms.forms import EmptyForm, choices, commit_or_show_error, not_allowed_is_a_page
from lms.i18n import _
from lms.markdown import render
from lms.messages import export, home_sections, queries, services
from lms.messages.forms import AssignForm, InboxFilterForm, MessageForm, OfficeForm
from lms.messages.models import (
    WITHDRAW_WITHIN,
    Conversation,
    ConversationKind,
    ConversationStatus,
)
from lms.pagination import requested_page_number
from lms.programs.models import Enrollment, EnrollmentRole
from lms.programs.queries import current_mentorships
from lms.security import current_lms_user, is_staff, login_required, require_user, staff_required

bp = Blueprint("messages", __name__, template_folder="templates", url_prefix="/messages")
homepage.register(bp, home_sections.sections)
personal_data.register(bp, export.part)
navigation.register(bp, lambda user: [navigation.link(
    15, _("Messages"), "lms.messages.index", blueprints=("lms.messages",))])


@bp.app_template_global()
def submission_comments(submission: Any) -> queries.Comments | None:
    """For the include on the work and grading pages, which belong to another domain. A
    global, not a context processor: every template rendered would pay for one."""
    user = current_lms_user()
    return queries.comments_on(session, user, submission) if user else None


def _files(form: MessageForm) -> list[services.Upload]:
    return [services.Upload(upload.filename, upload.stream)
            for upload in form.files.data or [] if upload and upload.filename]


def _sent(form: MessageForm, action: Any, on_refusal: Any = None) -> Any:
    """Commit what ``action`` sent; a file over the size limit is the 413 page."""
    def guarded() -> Any:
        try:
            return action()
        except uploads.FileTooLarge:
            abort(413)
    return commit_or_show_error(form, guarded, on_refusal=on_refusal)


def _flash_refusal(refusal: Any) -> None:
    flash(str(refusal.message), "error")


@bp.route("")
@login_required
def index() -> ResponseReturnValue:
    actor = require_user()
    with_mentors = session.scalars(
        select(Enrollment).where(Enrollment.user_id == actor.id,
                                 Enrollment.role == EnrollmentRole.TRAINEE,
                                 Enrollment.id.in_(current_mentorships("trainee")))).all()
    return render_template("lms/messages/index.html",
                           page=queries.my_conversations(session, actor,
                                                         requested_page_number()),
                           with_mentors=with_mentors, is_staff=is_staff(actor))


@bp.route("/office/new", methods=["GET", "POST"])
@login_required
def new_office() -> ResponseReturnValue:
    actor = require_user()
    form = OfficeForm()
    if form.validate_on_submit():
        started = _sent(form, lambda: services.start_office_conversation(
            session, actor, form.subject.data, form.body.data or "", _files(form)))
        if started.done:
            return redirect(url_for("lms.messages.conversation",
                                    conversation_id=started.result.id))
    return render_template("lms/messages/new_office.html", form=form)


@bp.route("/mentor/<int:enrollment_id>", methods=["GET", "POST"])
@login_required
def with_mentor(enrollment_id: int) -> ResponseReturnValue:
    """The trainee's conversation with their mentors, reached by the enrollment before its
    first message, so that opening the page starts nothing."""
    actor = require_user()
    trainee = queries.trainee_enrollment_for(session, actor, enrollment_id)
    if trainee is None:
        abort(404)
    existing = queries.by_key(session, f"mentor:{trainee.id}")
    if existing is not None and request.method == "GET":
        return redirect(url_for("lms.messages.conversation", conversation_id=existing.id))
    form = MessageForm()
    if form.validate_on_submit():
        def start() -> Any:
            conversation = services.mentor_conversation(session, actor, trainee)
            services.send(session, actor, conversation, form.body.data or "", _files(form))
            return conversation
        started = _sent(form, start)
        if started.done:
            return redirect(url_for("lms.messages.conversation",
                                    conversation_id=started.result.id))
    return render_template("lms/messages/first_to_mentor.html", form=form, trainee=trainee,
                           mentors=queries.current_mentor_users(session, trainee.id),
                           is_trainee=trainee.user_id == actor.id)


def _conversation(conversation_id: int) -> tuple[User, Conversation]:
    actor = require_user()
    conversation = queries.conversation_for(session, actor, conversation_id)
    if conversation is None:
        abort(404)
    return actor, conversation


@bp.route("/<int:conversation_id>", methods=["GET", "POST"])
@login_required
def conversation(conversation_id: int) -> ResponseReturnValue:
    actor, found = _conversation(conversation_id)
    form = MessageForm()
    if request.method == "POST":
        if form.validate_on_submit() and _sent(form, lambda: services.send(
                session, actor, found, form.body.data or "", _files(form))).done:
            return redirect(url_for("lms.messages.conversation", conversation_id=found.id,
                                    _anchor="latest"))
        read_up_to = queries.read_up_to(session, actor, found)
    else:
        # What was new is shown as new this once; reading it is what marks it read.
        read_up_to = queries.read_up_to(session, actor, found)
        commit_or_show_error(None, lambda: services.mark_read(session, actor, found))
    # Without a page asked for, the latest messages: the last page.
    number = requested_page_number() if "page" in request.args else 1_000_000
    return render_template(
        "lms/messages/conversation.html", conversation=found, form=form,
        thread=queries.thread(session, found, number), read_up_to=read_up_to, actor=actor,
        render=render, withdraw_since=utcnow() - WITHDRAW_WITHIN,
        office_form=_office_form(actor, found),
        work_link=_work_page_of(actor, found.submission_id) if found.submission_id else None,
        mentors=(queries.current_mentor_users(session, found.trainee_enrollment_id)
                 if found.kind != ConversationKind.OFFICE else []))


def _office_form(actor: User, conversation: Conversation) -> AssignForm | None:
    if conversation.kind != ConversationKind.OFFICE or not is_staff(actor):
        return None
    form = AssignForm(assignee=str(conversation.assignee_id or ""))
    form.assignee.choices = choices([("", _("Nobody yet")), *(
        (str(member.id), member.display_name) for member in queries.staff_members(session))])
    return form


@bp.route("/<int:conversation_id>/assign", methods=["POST"])
@staff_required
def assign(conversation_id: int) -> ResponseReturnValue:
    actor, found = _conversation(conversation_id)
    form = AssignForm()
    form.assignee.choices = choices([("", ""), *(
        (str(member.id), member.display_name) for member in queries.staff_members(session))])
    if form.validate_on_submit():
        assignee = session.get(User, int(form.assignee.data)) if form.assignee.data else None
        commit_or_show_error(None, lambda: services.assign(session, actor, found, assignee),
                             done=_("The assignment has been saved."),
                             on_refusal=not_allowed_is_a_page)
    return redirect(url_for("lms.messages.conversation", conversation_id=found.id))


@bp.route("/<int:conversation_id>/close", methods=["POST"])
@staff_required
def close(conversation_id: int) -> ResponseReturnValue:
    return _set_status(conversation_id, services.close, _("The conversation is closed."))


@bp.route("/<int:conversation_id>/reopen", methods=["POST"])
@staff_required
def reopen(conversation_id: int) -> ResponseReturnValue:
    return _set_status(conversation_id, services.reopen, _("The conversation is open again."))


def _set_status(conversation_id: int, change: Any, done: str) -> ResponseReturnValue:
    actor, found = _conversation(conversation_id)
    if EmptyForm().validate_on_submit():
        commit_or_show_error(None, lambda: change(session, actor, found), done=done,
                             on_refusal=not_allowed_is_a_page)
    return redirect(url_for("lms.messages.conversation", conversation_id=found.id))


@bp.route("/sent/<int:message_id>/withdraw", methods=["POST"])
@login_required
def withdraw(message_id: int) -> ResponseReturnValue:
    actor = require_user()
    message = queries.message_for(session, actor, message_id)
    if message is None:
        abort(404)
    if EmptyForm().validate_on_submit():
        commit_or_show_error(None, lambda: services.withdraw(session, actor, message),
                             done=_("The message has been withdrawn."),
                             on_refusal=not_allowed_is_a_page)
    return redirect(_place_of(actor, message.conversation))


def _place_of(actor: User, conversation: Conversation) -> str:
    """Comments on work are read beside the work; other conversations on their own page."""
    if conversation.submission_id is not None:
        return _work_page_of(actor, conversation.submission_id)
    return url_for("lms.messages.conversation", conversation_id=conversation.id)


def _work_page_of(actor: User, submission_id: int) -> str:
    submission = queries.submission_for(session, actor, submission_id)
    if submission is None:
        abort(404)
    if submission.enrollment.user_id == actor.id:
        return url_for("lms.assignments.work", cohort_id=submission.enrollment.cohort_id,
                       slug=submission.item.slug, _anchor="comments")
    return url_for("lms.assignments.grade", submission_id=submission.id, _anchor="comments")


@bp.route("/files/<int:attachment_id>")
@login_required
def download(attachment_id: int) -> ResponseReturnValue:
    attachment = queries.attachment_for(session, require_user(), attachment_id)
    if attachment is None:
        abort(404)
    return uploads.send_stored(attachment.stored_name, attachment.content_type,
                               attachment.original_name)


@bp.route("/inbox")
@staff_required
def inbox() -> ResponseReturnValue:
    actor = require_user()
    filters = InboxFilterForm(request.args)
    if not filters.validate():
        filters = InboxFilterForm(data={})
    status = None if filters.status.data == "all" else ConversationStatus(
        filters.status.data or "open")
    who = filters.who.data if filters.who.data in ("mine", "unassigned") else None
    page = queries.office_inbox(session, actor, queries.InboxFilters(status, who),
                                requested_page_number())
    return render_template("lms/messages/inbox.html", page=page, filters=filters,
                           counts=queries.office_counts(session))


@bp.route("/submissions/<int:submission_id>", methods=["POST"])
@login_required
def comment(submission_id: int) -> ResponseReturnValue:
    """A comment on handed-in work, sent from the work page or the grading page."""
    actor = require_user()
    submission = queries.submission_for(session, actor, submission_id)
    if submission is None:
        abort(404)
    form = MessageForm()
    if form.validate_on_submit():
        def comment_on() -> Any:
            conversation = services.submission_conversation(session, actor, submission)
            return services.send(session, actor, conversation, form.body.data or "",
                                 _files(form))
        if _sent(form, comment_on, on_refusal=_flash_refusal).done:
            flash(_("Your comment has been sent."), "success")
    else:
        for error in [*form.body.errors, *form.files.errors]:
            flash(str(error), "error")
    return redirect(_work_page_of(actor, submission.id))
