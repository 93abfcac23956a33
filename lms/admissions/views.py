"""Admissions pages for the public and applicants: the calls, applying with a draft and
documents. On the same blueprint, the nomination pages are in nomination_views.py and an
application's own page with what follows it (a decision, an offer, the arrival) in
status_views.py."""

from __future__ import annotations

from functools import partial
from typing import Any

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue

from lms import facts, homepage, navigation, personal_data, uploads
from lms.accounts.models import Role, User
from lms.admissions import access, applying, home_sections, services
from lms.admissions import applicant_queries as queries
from lms.admissions.applying import ApplicationInput, ApplicationProblems
from lms.admissions.forms import (
    LANGUAGES_ANCHOR,
    ApplicationForm,
    ArrivalForm,
    DocumentForm,
    NominatorForm,
    error_summary,
)
from lms.admissions.models import (
    AdmissionApplication,
    AdmissionCall,
    ApplicationStatus,
    DocumentKind,
    Gender,
    LanguageLevel,
    NominationMethod,
)
from lms.admissions.onboarding import CHECKLIST_LABELS
from lms.admissions.personal_data import parts as personal_data_parts
from lms.admissions.services import DOCUMENT_LABELS, LEVEL_LABELS
from lms.admissions.workflow import STATUS_LABELS, WITHDRAWABLE
from lms.clock import utcnow
from lms.db import session
from lms.errors import ServiceError
from lms.forms import commit_or_show_error, not_allowed_is_a_page
from lms.i18n import _, current_locale
from lms.markdown import render
from lms.security import current_lms_user, is_staff, login_required, require_user

bp = Blueprint("admissions", __name__, template_folder="templates", url_prefix="/admissions")
personal_data.register(bp, personal_data_parts)


def _nav_items(user: User) -> list[navigation.NavItem]:
    """The applicants', the staff's and the selection committee's pages (three blueprints)."""
    found = [navigation.link(90, _("Admissions"), "lms.admissions_staff.calls",
                             blueprints=("lms.admissions_staff",)) if is_staff(user)
             else navigation.link(20, _("Admissions"), "lms.admissions.calls",
                                  blueprints=("lms.admissions",))]
    if user.has_role(Role.COMMITTEE_MEMBER):
        found.append(navigation.link(110, _("Selection reviews"),
                                     "lms.admissions_review.assignments",
                                     blueprints=("lms.admissions_review",)))
    return found


navigation.register(bp, _nav_items)
homepage.register(bp, home_sections.sections)
homepage.register_public(bp, lambda db_session: [homepage.Section(
    "open-calls", 10, _("Open calls for applications"), "lms/admissions/public_calls.html",
    {"calls": queries.open_calls(db_session, utcnow())})])
facts.register(bp, home_sections.APPLICANT, home_sections.has_live_application)

S = ApplicationStatus


def page_context() -> dict[str, Any]:
    return {"status_labels": STATUS_LABELS, "document_labels": DOCUMENT_LABELS,
            "level_labels": LEVEL_LABELS, "checklist_labels": CHECKLIST_LABELS, "S": S,
            "DocumentKind": DocumentKind, "LanguageLevel": LanguageLevel,
            "withdrawable": WITHDRAWABLE}


def own_or_404(application_id: int) -> tuple[User, AdmissionApplication]:
    """The signed-in person and their own application; anyone else's id is not found."""
    actor = require_user()
    application = access.own_application(session, actor, application_id)
    if application is None:
        abort(404)
    return actor, application


def to_application(application_id: int, anchor: str | None = None) -> ResponseReturnValue:
    return redirect(url_for("lms.admissions.application", application_id=application_id,
                            _anchor=anchor))


def to_edit(application_id: int, anchor: str | None = None) -> ResponseReturnValue:
    return redirect(url_for("lms.admissions.edit", application_id=application_id,
                            _anchor=anchor))


# The calls, for everyone -----------------------------------------------------------------------


@bp.route("/")
def calls() -> ResponseReturnValue:
    now = utcnow()
    return render_template("lms/admissions/calls.html", open_calls=queries.open_calls(session, now),
                           coming_calls=queries.coming_calls(session, now), **page_context())


@bp.route("/calls/<int:call_id>")
def call(call_id: int) -> ResponseReturnValue:
    found = queries.call_by_id(session, call_id)
    if found is None:
        abort(404)
    viewer = current_lms_user()
    now = utcnow()
    # Whoever signs in or registers from here comes back to this call.
    here = url_for("lms.admissions.call", call_id=found.id)
    return render_template(
        "lms/admissions/call.html", call=found, guidance=render(found.guidance),
        mine=queries.application_to(session, viewer, found) if viewer else None,
        is_open=found.is_open_at(now), not_yet_open=now < found.opens_at,
        login_url=url_for("lms.accounts.login", next=here),
        register_url=url_for("lms.accounts.register", next=here), **page_context())


@bp.route("/calls/<int:call_id>/apply", methods=["POST"])
@login_required
def start(call_id: int) -> ResponseReturnValue:
    actor = require_user()
    found = queries.call_by_id(session, call_id)
    if found is None:
        abort(404)
    # NotAllowed is a page that says why, such as an address not yet confirmed.
    started = commit_or_show_error(None, lambda: applying.start_application(
        session, actor, found), on_refusal=not_allowed_is_a_page)
    if (application := started.result) is None:
        return redirect(url_for("lms.admissions.call", call_id=call_id))
    if application.status == S.DRAFT:
        return to_edit(application.id)
    return to_application(application.id)


@bp.route("/mine")
@login_required
def mine() -> ResponseReturnValue:
    return render_template("lms/admissions/mine.html",
                           applications=queries.applications_of(session, require_user()),
                           **page_context())


# The application form --------------------------------------------------------------------------


def _form_data(application: AdmissionApplication) -> dict[str, Any]:
    return {
        "full_name": application.full_name, "date_of_birth": application.date_of_birth,
        "gender": application.gender.value if application.gender else "",
        "country": application.country or "", "phone": application.phone,
        "organization": application.organization, "position": application.position,
        "profession": application.profession, "years_in_welfare": application.years_in_welfare,
        "languages": [{"language": row["language"], "level": str(row["level"])}
                      for row in application.languages],
        "motivation": application.motivation,
        "nomination_method": application.nomination_method.value
        if application.nomination_method else None,
    }


def _application_form(application: AdmissionApplication, posted: bool) -> ApplicationForm:
    """The form from what was posted, or else from the saved draft."""
    if posted:
        return ApplicationForm(current_locale())
    return ApplicationForm(current_locale(), formdata=None, data=_form_data(application))


def _application_input(form: ApplicationForm) -> ApplicationInput:
    languages = [(entry.form.language.data or None,
                  int(entry.form.level.data) if entry.form.level.data else None)
                 for entry in form.languages.entries]
    return ApplicationInput(
        full_name=form.full_name.data or "", date_of_birth=form.date_of_birth.data,
        gender=Gender(form.gender.data) if form.gender.data else None,
        country=form.country.data or None, phone=form.phone.data or "",
        organization=form.organization.data or "", position=form.position.data or "",
        profession=form.profession.data or "", years_in_welfare=form.years_in_welfare.data,
        languages=languages, motivation=form.motivation.data or "",
        nomination_method=NominationMethod(form.nomination_method.data)
        if form.nomination_method.data else None)


def _document_kinds(call: AdmissionCall) -> list[DocumentKind]:
    """The documents the call asks for; the nomination letter has its own place."""
    return [kind for kind in call.required_document_kinds
            if kind != DocumentKind.NOMINATION_LETTER]


def _show_problems(form: ApplicationForm, problems: dict[str, list[str]],
                   error: ServiceError) -> None:
    """Each problem beside its field: the form's own fields, or the languages, a document or
    the nominator, which stand outside the form's simple fields."""
    pairs = error.problems if isinstance(error, ApplicationProblems) \
        else [(error.field, error.message)]
    for name, message in pairs:
        if name and name in form and name not in ("languages", "csrf_token"):
            form[name].errors = [*form[name].errors, str(message)]
        elif name:
            problems.setdefault(name, []).append(str(message))
        else:
            form.form_errors.append(str(message))


def edit_page(application: AdmissionApplication, form: ApplicationForm | None = None,
              problems: dict[str, list[str]] | None = None, draft_kept: bool = False,
              nominator_form: NominatorForm | None = None) -> str:
    form = form or _application_form(application, posted=False)
    problems = problems if problems is not None else {}
    nominator_form = nominator_form or NominatorForm(formdata=None)
    # What stops sending about the nominator, and a refused invitation, stand beside the
    # invitation's first field.
    name_field = nominator_form.nominator_name
    name_field.errors = [*name_field.errors, *problems.get("nominator", []),
                         *map(str, nominator_form.form_errors)]
    call = application.call
    return render_template(
        "lms/admissions/application_form.html", application=application, call=call,
        form=form, problems=problems,
        summary=error_summary(form, problems, nominator_form,
                              [*_document_kinds(call), DocumentKind.NOMINATION_LETTER]),
        draft_kept=draft_kept, nominator_form=nominator_form,
        document_kinds=_document_kinds(call), languages_anchor=LANGUAGES_ANCHOR,
        call_closed=not call.is_open_at(utcnow()), **page_context())


@bp.route("/applications/<int:application_id>/edit", methods=["GET", "POST"])
@login_required
def edit(application_id: int) -> ResponseReturnValue:
    actor, application = own_or_404(application_id)
    if application.status != S.DRAFT:
        flash(_("This application is sent and can no longer be changed."), "error")
        return to_application(application.id)
    form = _application_form(application, posted=request.method == "POST")
    problems: dict[str, list[str]] = {}
    draft_kept = False

    def show_problems(error: ServiceError) -> None:
        _show_problems(form, problems, error)

    if not form.validate_on_submit():
        return edit_page(application, form, problems)
    if not commit_or_show_error(None, lambda: applying.save_draft(
            session, actor, application, _application_input(form)),
            on_refusal=show_problems).done:
        _ask_for_chosen_files_again(application, problems)
    elif (stored := _store_chosen_documents(actor, application, problems)) is None:
        draft_kept = True
    else:
        removed = _remove_chosen_document(actor, application)
        if request.form.get("action") != "submit":
            flash(_("Your draft has been saved."), "success")
            return to_edit(application.id, removed or (
                f"document-{stored[-1].value}" if stored else None))
        # The draft is committed first, so a refused submission loses nothing typed.
        submitted = commit_or_show_error(
            None, lambda: applying.submit(session, actor, application),
            on_refusal=show_problems,
            done=_("Your application has been sent. Program staff check it first; you will "
                   "hear from them by email."))
        if submitted.done:
            return to_application(application.id)
        draft_kept = True
    return edit_page(application, form, problems, draft_kept)


# Documents -------------------------------------------------------------------------------------


def _chosen_documents(application: AdmissionApplication) -> list[tuple[DocumentKind, Any]]:
    """The files chosen in the application form's document fields, with their kinds."""
    kinds = [*_document_kinds(application.call), DocumentKind.NOMINATION_LETTER]
    return [(kind, upload) for kind in kinds
            if (upload := uploads.chosen_file(f"document-{kind.value}")) is not None]


def _store_chosen_documents(actor: User, application: AdmissionApplication,
                            problems: dict[str, list[str]]) -> list[DocumentKind] | None:
    """The files chosen in the form, each stored after the text was saved: an upload is part
    of the form, so it never costs what was typed. The kinds stored, or None when one was
    refused (its reason then stands beside its field)."""
    stored, refused = [], False
    for kind, upload in _chosen_documents(application):
        added = commit_or_show_error(None, partial(
            applying.add_document, session, actor, application, kind, upload.stream,
            upload.filename or ""), done=_("%(document)s has been uploaded.",
                                           document=str(DOCUMENT_LABELS[kind])),
            on_refusal=lambda error, field=f"document-{kind.value}": problems.setdefault(
                field, []).append(str(error.message)))
        if added.done:
            stored.append(kind)
        refused = refused or not added.done
    return None if refused else stored


def _remove_chosen_document(actor: User, application: AdmissionApplication) -> str | None:
    """The document whose Remove button was pressed, removed after the text was saved; the
    anchor of its place on the page, or None when none was removed."""
    removing = uploads.chosen_removal()
    found = next((d for d in application.documents if d.id == removing), None)
    if found is None:
        return None
    removed = commit_or_show_error(None, lambda: applying.remove_document(
        session, actor, found), done=_("%(document)s has been removed.",
                                       document=str(DOCUMENT_LABELS[found.kind])))
    return f"document-{found.kind.value}" if removed.done else None


def _ask_for_chosen_files_again(application: AdmissionApplication,
                                problems: dict[str, list[str]]) -> None:
    """The text was refused, so nothing was kept; a page cannot fill a file field again, so
    the person is asked to choose the file again."""
    for kind, _upload in _chosen_documents(application):
        problems.setdefault(f"document-{kind.value}", []).append(
            _("Nothing was saved because of the problems above: choose this file again."))


@bp.route("/applications/<int:application_id>/documents/<kind>", methods=["POST"])
@login_required
def add_document(application_id: int, kind: str) -> ResponseReturnValue:
    actor, application = own_or_404(application_id)
    try:
        document_kind = DocumentKind(kind)
    except ValueError:
        abort(404)
    if document_kind not in applying.uploadable_kinds(application):
        abort(404)
    upload_form = DocumentForm()
    if upload_form.validate_on_submit():
        upload = upload_form.file.data
        messages: list[str] = []
        added = commit_or_show_error(None, lambda: applying.add_document(
            session, actor, application, document_kind, upload.stream, upload.filename or ""),
            on_refusal=lambda error: messages.append(str(error.message)),
            done=_("%(document)s has been uploaded.",
                   document=str(DOCUMENT_LABELS[document_kind])))
        if added.done:
            if application.status == S.CONFIRMED:
                return to_application(application.id, "checklist")
            return to_edit(application.id, f"document-{document_kind.value}")
    else:
        messages = [str(message) for field_messages in upload_form.errors.values()
                    for message in field_messages]
    session.refresh(application)
    if application.status == S.CONFIRMED:
        return status_page(application, health_problems=messages)
    if application.status != S.DRAFT:
        flash(" ".join(messages), "error")
        return to_application(application.id)
    return edit_page(application, problems={f"document-{document_kind.value}": messages})


@bp.route("/applications/<int:application_id>/documents/<int:document_id>")
@login_required
def document(application_id: int, document_id: int) -> ResponseReturnValue:
    found = queries.own_document(session, require_user(), application_id, document_id)
    if found is None:
        abort(404)
    return uploads.send_stored(found.stored_name, found.content_type, found.original_name)


# The application's page ------------------------------------------------------------------------


def status_page(application: AdmissionApplication, arrival_form: ArrivalForm | None = None,
                health_problems: list[str] | None = None) -> str:
    actor = require_user()
    interview = queries.interview_of(session, application)
    confirmed = application.status == S.CONFIRMED
    if arrival_form is None and confirmed:
        arrival_form = ArrivalForm(formdata=None, data={
            "arrival_on": application.arrival_on, "arrival_details": application.arrival_details})
    return render_template(
        "lms/admissions/application.html", application=application, call=application.call,
        cohort=application.call.cohort, interview=interview, viewer=actor,
        checklist=queries.checklist_of(session, application) if confirmed else [],
        arrival_form=arrival_form, health_problems=health_problems or [],
        described=services.describe(application), **page_context())


# These pages use the blueprint and the helpers above, so they are imported last.
from lms.admissions import nomination_views, status_views  # noqa: E402, F401
