"""Staff pages for running cohorts: create, edit, start, cancel, enroll, roster, mentors."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from lms import homepage, navigation, personal_data
from lms.accounts.models import User
from lms.accounts.queries import user_by_email
from lms.curriculum.queries import live_courses
from lms.db import session
from lms.forms import EmptyForm, commit_or_show_error, uploaded_text
from lms.i18n import _, current_locale, ngettext
from lms.names import localized_name
from lms.pagination import requested_page_number
from lms.programs import (
    country,
    home_sections,
    places,
    queries,
    replacing,
    services,
    standing,
)
from lms.programs.forms import (
    CancelCohortForm,
    CohortForm,
    EnrollForm,
    EnrollmentCountryForm,
    MentorshipForm,
    ReplaceCohortForm,
    RosterForm,
    WithdrawForm,
)
from lms.programs.models import Cohort, CohortStatus, EnrollmentRole
from lms.programs.personal_data import parts as personal_data_parts
from lms.security import is_staff, require_user, staff_required

bp = Blueprint("programs", __name__, template_folder="templates", url_prefix="/cohorts")
homepage.register(bp, home_sections.sections)
standing.register_facts(bp)
personal_data.register(bp, personal_data_parts)


def _nav_items(user: User) -> list[navigation.NavItem]:
    if not is_staff(user):
        return []
    return [navigation.link(30, _("Cohorts"), "lms.programs.index", blueprints=("lms.programs",))]


navigation.register(bp, _nav_items)


def _cohort_or_404(cohort_id: int) -> Cohort:
    cohort = queries.cohort(session, cohort_id)
    if cohort is None:
        abort(404)
    return cohort


def _details(form: CohortForm) -> services.CohortDetails:
    return services.CohortDetails(
        number=form.number.data, fiscal_year=form.fiscal_year.data, title=form.title.data,
        starts_on=form.starts_on.data, ends_on=form.ends_on.data,
        timezone=form.timezone.data, capacity=form.capacity.data,
        course_id=form.course_id.data or None, name_ja=form.name_ja.data,
        completion_ceremony_on=form.completion_ceremony_on.data)


@bp.route("")
@staff_required
def index() -> ResponseReturnValue:
    page = queries.cohorts_page(session, requested_page_number())
    counts = places.taken_counts(session, [cohort.id for cohort in page.items])
    return render_template("lms/programs/cohorts.html", page=page, counts=counts,
                           status_labels=services.STATUS_LABELS)


@bp.route("/new", methods=["GET", "POST"])
@staff_required
def create() -> ResponseReturnValue:
    actor = require_user()
    programs = queries.programs(session)
    form = CohortForm(programs, live_courses(session))
    if request.method == "GET":
        form.timezone.data = "Asia/Tokyo"
        # Coming from the new program's page: its first cohort is for it.
        wanted = request.args.get("program", type=int)
        if any(program.id == wanted for program in programs):
            form.program_id.data = wanted
    if form.validate_on_submit():
        program = next(program for program in programs if program.id == form.program_id.data)
        created = commit_or_show_error(form, lambda: services.create_cohort(
            session, actor, program, _details(form)))
        if (cohort := created.result) is not None:
            flash(_("The cohort has been created."), "success")
            return redirect(url_for("lms.programs.show", cohort_id=cohort.id))
    return render_template("lms/programs/cohort_form.html", form=form, cohort=None)


@bp.route("/<int:cohort_id>")
@staff_required
def show(cohort_id: int) -> ResponseReturnValue:
    cohort = _cohort_or_404(cohort_id)
    trainees = queries.roster_page(session, cohort, EnrollmentRole.TRAINEE,
                                   requested_page_number())
    mentors = queries.active_members(session, cohort, EnrollmentRole.MENTOR)
    return render_template(
        "lms/programs/cohort.html", cohort=cohort, trainees=trainees, mentors=mentors,
        teachers=queries.active_members(session, cohort, EnrollmentRole.TEACHER),
        mentorships_of=queries.mentorships_of(session, [e.id for e in trainees.items]),
        trainee_count=services.active_trainee_count(session, cohort),
        status_labels=services.STATUS_LABELS, action_form=EmptyForm(),
        enrollment_status_labels=services.ENROLLMENT_STATUS_LABELS,
        transitions=services.COHORT_TRANSITIONS[cohort.status])


@bp.route("/<int:cohort_id>/edit", methods=["GET", "POST"])
@staff_required
def edit(cohort_id: int) -> ResponseReturnValue:
    actor = require_user()
    cohort = _cohort_or_404(cohort_id)
    form = CohortForm(queries.programs(session), live_courses(session), obj=cohort)
    form.program_id.render_kw = {"disabled": True}
    form.program_id.data = cohort.program_id
    if request.method == "GET":
        form.course_id.data = cohort.course_id or 0
    if form.validate_on_submit():
        saved = commit_or_show_error(form, lambda: services.update_cohort(
            session, actor, cohort, _details(form)))
        if saved.done:
            flash(_("The cohort has been saved."), "success")
            return redirect(url_for("lms.programs.show", cohort_id=cohort.id))
    return render_template("lms/programs/cohort_form.html", form=form, cohort=cohort)


@bp.route("/<int:cohort_id>/activate", methods=["POST"])
@staff_required
def activate(cohort_id: int) -> ResponseReturnValue:
    actor = require_user()
    cohort = _cohort_or_404(cohort_id)
    if EmptyForm().validate_on_submit():
        commit_or_show_error(None, lambda: services.change_cohort_status(
            session, actor, cohort, CohortStatus.ACTIVE),
            done=_("The cohort is now active: trainees can study its course."))
    return redirect(url_for("lms.programs.show", cohort_id=cohort.id))


@bp.route("/<int:cohort_id>/cancel", methods=["GET", "POST"])
@staff_required
def cancel(cohort_id: int) -> ResponseReturnValue:
    actor = require_user()
    cohort = _cohort_or_404(cohort_id)
    form = CancelCohortForm()
    if form.validate_on_submit():
        cancelled = commit_or_show_error(form, lambda: services.change_cohort_status(
            session, actor, cohort, CohortStatus.CANCELLED, form.reason.data))
        if cancelled.done:
            flash(_("The cohort has been cancelled. Its enrollments are kept."), "success")
            return redirect(url_for("lms.programs.show", cohort_id=cohort.id))
    # The page says to whom it happens: everyone still active in the cohort.
    return render_template(
        "lms/programs/cancel.html", form=form, cohort=cohort,
        trainees=queries.active_members(session, cohort, EnrollmentRole.TRAINEE),
        mentors=queries.active_members(session, cohort, EnrollmentRole.MENTOR))


@bp.route("/<int:cohort_id>/replace", methods=["GET", "POST"])
@staff_required
def replace(cohort_id: int) -> ResponseReturnValue:
    actor = require_user()
    cohort = _cohort_or_404(cohort_id)
    form = ReplaceCohortForm(queries.replacement_candidates(session, cohort))
    if form.validate_on_submit():
        replacement = queries.cohort(session, form.replacement_id.data)
        if replacement is None:
            abort(404)
        replaced = commit_or_show_error(form, lambda: replacing.replace_cohort(
            session, actor, cohort, replacement, form.reason.data))
        if replaced.done:
            flash(_("The cohort has been replaced by %(replacement)s. Its enrollments are "
                    "kept.", replacement=localized_name(replacement)), "success")
            return redirect(url_for("lms.programs.show", cohort_id=cohort.id))
    return render_template(
        "lms/programs/replace.html", form=form, cohort=cohort,
        trainees=queries.active_members(session, cohort, EnrollmentRole.TRAINEE),
        mentors=queries.active_members(session, cohort, EnrollmentRole.MENTOR))


@bp.route("/<int:cohort_id>/enroll", methods=["GET", "POST"])
@staff_required
def enroll(cohort_id: int) -> ResponseReturnValue:
    actor = require_user()
    cohort = _cohort_or_404(cohort_id)
    form = EnrollForm()
    if form.validate_on_submit():
        person = user_by_email(session, form.email.data)
        if person is None:
            form.email.errors = [_("Nobody has an account with this address. Invite them "
                                   "first, or import a roster.")]
        else:
            enrolled = commit_or_show_error(form, lambda: services.enroll(
                session, actor, cohort, person, EnrollmentRole(form.role.data),
                form.affiliation.data))
            if enrolled.done:
                flash(_("%(name)s has been enrolled.", name=person.display_name), "success")
                _warn_if_past_call(cohort)
                return redirect(url_for("lms.programs.show", cohort_id=cohort.id))
    return render_template("lms/programs/enroll.html", form=form, cohort=cohort)


@bp.route("/<int:cohort_id>/roster", methods=["GET", "POST"])
@staff_required
def roster(cohort_id: int) -> ResponseReturnValue:
    """Preview first; the import then sends the same text back and applies it whole or not."""
    actor = require_user()
    cohort = _cohort_or_404(cohort_id)
    form = RosterForm()
    preview = None
    if form.validate_on_submit():
        text, problem = _roster_text(form)
        if problem is not None:
            form.csv_file.errors = [problem]
        elif not text.strip():
            form.csv_text.errors = [_("Choose a file or paste the roster.")]
        elif request.form.get("action") == "import":
            # A roster with problems enrolls nobody and comes back as its preview.
            preview = commit_or_show_error(form, lambda: services.import_roster(
                session, actor, cohort, text, current_locale())).result
            if preview is not None and preview.ok:
                flash(ngettext("%(num)d person has been enrolled.",
                               "%(num)d people have been enrolled.", len(preview.rows)),
                      "success")
                _warn_if_past_call(cohort)
                return redirect(url_for("lms.programs.show", cohort_id=cohort.id))
        else:
            preview = services.read_roster(session, actor, cohort, text)
        form.csv_text.data = text
    return render_template("lms/programs/roster.html", form=form, cohort=cohort,
                           preview=preview, past_call_warning=services.past_call_warning)


def _warn_if_past_call(cohort: Cohort) -> None:
    warning = services.past_call_warning(places.past_call(session, cohort))
    if warning is not None:
        flash(warning, "warning")


#: Far more than a cohort's roster; a larger file is refused whole, never cut (a cut can also
#: split a character and make the file look like it is not UTF-8).
ROSTER_MAX_BYTES = 2_000_000


def _roster_text(form: RosterForm) -> tuple[str, str | None]:
    """The roster's text from the file or the pasted text, or why the file cannot be read."""
    return uploaded_text(form.csv_file.data, form.csv_text.data, ROSTER_MAX_BYTES, _(
        "The file is larger than the limit of %(mb)d MB. Split the roster into smaller files.",
        mb=ROSTER_MAX_BYTES // 1_000_000))


@bp.route("/<int:cohort_id>/mentors", methods=["GET", "POST"])
@staff_required
def mentors(cohort_id: int) -> ResponseReturnValue:
    actor = require_user()
    cohort = _cohort_or_404(cohort_id)
    mentor_list = queries.active_members(session, cohort, EnrollmentRole.MENTOR)
    trainee_list = queries.active_members(session, cohort, EnrollmentRole.TRAINEE)
    form = MentorshipForm(mentor_list, trainee_list)
    if form.validate_on_submit():
        mentor = queries.enrollment_in_cohort(session, cohort, form.mentor_id.data)
        trainee = queries.enrollment_in_cohort(session, cohort, form.trainee_id.data)
        if mentor is None or trainee is None:
            abort(404)
        assigned = commit_or_show_error(form, lambda: services.assign_mentor(
            session, actor, mentor, trainee))
        if assigned.done:
            flash(_("%(mentor)s now mentors %(trainee)s.", mentor=mentor.user.display_name,
                    trainee=trainee.user.display_name), "success")
            return redirect(url_for("lms.programs.mentors", cohort_id=cohort.id))
    return render_template(
        "lms/programs/mentors.html", form=form, cohort=cohort, action_form=EmptyForm(),
        mentorships_of=queries.mentorships_of(session, [trainee.id for trainee in trainee_list]),
        trainees=trainee_list)


@bp.route("/<int:cohort_id>/mentors/<int:mentorship_id>/remove", methods=["POST"])
@staff_required
def remove_mentor(cohort_id: int, mentorship_id: int) -> ResponseReturnValue:
    actor = require_user()
    cohort = _cohort_or_404(cohort_id)
    mentorship = queries.mentorship_in_cohort(session, cohort, mentorship_id)
    if mentorship is None:
        abort(404)
    if EmptyForm().validate_on_submit():
        commit_or_show_error(None, lambda: services.unassign_mentor(session, actor, mentorship),
                             done=_("The mentorship has been removed."))
    return redirect(url_for("lms.programs.mentors", cohort_id=cohort.id))


@bp.route("/<int:cohort_id>/enrollments/<int:enrollment_id>/withdraw", methods=["GET", "POST"])
@staff_required
def withdraw(cohort_id: int, enrollment_id: int) -> ResponseReturnValue:
    actor = require_user()
    cohort = _cohort_or_404(cohort_id)
    enrollment = queries.enrollment_in_cohort(session, cohort, enrollment_id)
    if enrollment is None:
        abort(404)
    form = WithdrawForm()
    if form.validate_on_submit():
        withdrawn = commit_or_show_error(form, lambda: services.withdraw(
            session, actor, enrollment, form.withdrawn_on.data, form.reason.data))
        if withdrawn.done:
            flash(_("%(name)s has been withdrawn. The record is kept.",
                    name=enrollment.user.display_name), "success")
            return redirect(url_for("lms.programs.show", cohort_id=cohort.id))
    return render_template("lms/programs/withdraw.html", form=form, cohort=cohort,
                           enrollment=enrollment)


@bp.route("/<int:cohort_id>/enrollments/<int:enrollment_id>/country", methods=["GET", "POST"])
@staff_required
def enrollment_country(cohort_id: int, enrollment_id: int) -> ResponseReturnValue:
    actor = require_user()
    cohort = _cohort_or_404(cohort_id)
    enrollment = queries.enrollment_in_cohort(session, cohort, enrollment_id)
    if enrollment is None:
        abort(404)
    form = EnrollmentCountryForm(current_locale())
    if request.method == "GET":
        form.country.data = enrollment.country or ""
    if form.validate_on_submit():
        changed = commit_or_show_error(form, lambda: country.change_country(
            session, actor, enrollment, form.country.data, form.reason.data))
        if changed.done:
            flash(_("The country of %(name)s has been saved.",
                    name=enrollment.user.display_name), "success")
            return redirect(url_for("lms.programs.show", cohort_id=cohort.id))
    return render_template("lms/programs/enrollment_country.html", form=form, cohort=cohort,
                           enrollment=enrollment)
