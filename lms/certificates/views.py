"""Completion, certificates and their public verification."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue

from lms.certificates import documents, glance, queries, services, standing, wording
from lms.certificates.forms import (
    CompleteCohortForm,
    CredentialCheckForm,
    OverrideForm,
    RevokeForm,
    VerifyForm,
)
from lms.certificates.models import Certificate, Outcome
from lms.curriculum import standing as course_standing
from lms.db import session
from lms.forms import EmptyForm, commit_or_show_error
from lms.i18n import _
from lms.pagination import requested_page_number
from lms.programs import queries as program_queries
from lms.programs.models import Cohort, CohortStatus, Enrollment
from lms.security import cacheable, login_required, require_user, staff_required
from lms.urls import external_url

# The signed credentials (lms.certificates.issuer, credentials and status_list) are imported by
# the routes that sign or check them: cryptography takes about 10 MiB in a worker that never does.
if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

bp = Blueprint("certificates", __name__, template_folder="templates")
course_standing.register(bp, standing.WORK_JUDGE)
course_standing.register_glance(bp, glance.glance_trainees)


def _cohort_or_404(cohort_id: int) -> Cohort:
    cohort = program_queries.cohort(session, cohort_id)
    if cohort is None:
        abort(404)
    return cohort


# Completion (staff) -----------------------------------------------------------------------------


@bp.route("/cohorts/<int:cohort_id>/completion")
@staff_required
def completion(cohort_id: int) -> ResponseReturnValue:
    cohort = _cohort_or_404(cohort_id)
    screen = queries.completion_screen(session, cohort, requested_page_number())
    # Each row links to her certificate and to deciding for her: one url_for a row cost more
    # than the rest of it, so the links share prefixes made once.
    return render_template(
        "lms/certificates/completion.html", screen=screen, cohort=cohort,
        certificate_link=url_for(".show", certificate_id=0).removesuffix("0"),
        decide_link=url_for(".override", cohort_id=cohort.id, enrollment_id=0).removesuffix("0"))


@bp.route("/cohorts/<int:cohort_id>/completion/confirm")
@staff_required
def confirm_completion(cohort_id: int) -> ResponseReturnValue:
    """What completing will do, to whom; the button that does it posts to ``complete``."""
    return _confirmation_page(_cohort_or_404(cohort_id), CompleteCohortForm())


def _confirmation_page(cohort: Cohort, form: CompleteCohortForm) -> ResponseReturnValue:
    if cohort.status != CohortStatus.ACTIVE:
        for message in form.form_errors:
            flash(message, "error")
        return redirect(url_for(".completion", cohort_id=cohort.id))
    return render_template("lms/certificates/complete_confirm.html", cohort=cohort, form=form,
                           preview=queries.completion_preview(session, cohort),
                           early=services.ends_later(cohort))


@bp.route("/cohorts/<int:cohort_id>/completion", methods=["POST"])
@staff_required
def complete(cohort_id: int) -> ResponseReturnValue:
    cohort = _cohort_or_404(cohort_id)
    form = CompleteCohortForm()
    if form.validate_on_submit():
        reason = form.early_reason.data if form.early.data else None
        outcome = commit_or_show_error(
            form, lambda: services.complete_cohort(session, require_user(), cohort, reason))
        if not outcome.done:
            return _confirmation_page(cohort, form)
        if outcome.result is not None:
            result = outcome.result
            if result.completed_now:
                flash(_("The cohort is completed: %(completed)d completed, %(not_completed)d "
                        "did not, %(certificates)d certificates issued.",
                        completed=len(result.completed),
                        not_completed=len(result.not_completed),
                        certificates=len(result.certificates)), "success")
            else:
                flash(_("The cohort was already completed; no certificate was issued again."),
                      "info")
        for message in form.form_errors:
            flash(message, "error")
    return redirect(url_for(".completion", cohort_id=cohort.id))


def _trainee_or_404(cohort: Cohort, enrollment_id: int) -> Enrollment:
    enrollment = queries.enrollment_in_cohort(session, cohort, enrollment_id)
    if enrollment is None:
        abort(404)
    return enrollment


@bp.route("/cohorts/<int:cohort_id>/completion/<int:enrollment_id>",
          methods=["GET", "POST"])
@staff_required
def override(cohort_id: int, enrollment_id: int) -> ResponseReturnValue:
    cohort = _cohort_or_404(cohort_id)
    enrollment = _trainee_or_404(cohort, enrollment_id)
    row = queries.outcomes_for(session, [enrollment],
                               queries.requirements_of(session, cohort))[0]
    form = OverrideForm()
    if request.method == "GET" and row.override is not None:
        form.outcome.data = row.override.outcome.value
        form.reason.data = row.override.reason
    if form.validate_on_submit() and commit_or_show_error(form, lambda: services.override_outcome(
            session, require_user(), cohort, enrollment, Outcome(form.outcome.data),
            form.reason.data)).done:
        flash(_("The outcome for %(name)s is recorded.", name=enrollment.user.display_name),
              "success")
        return redirect(url_for(".completion", cohort_id=cohort.id))
    return render_template("lms/certificates/override.html", cohort=cohort, row=row, form=form,
                           clear_form=EmptyForm())


@bp.route("/cohorts/<int:cohort_id>/completion/<int:enrollment_id>/clear", methods=["POST"])
@staff_required
def clear_override(cohort_id: int, enrollment_id: int) -> ResponseReturnValue:
    cohort = _cohort_or_404(cohort_id)
    enrollment = _trainee_or_404(cohort, enrollment_id)
    form = EmptyForm()
    if form.validate_on_submit() and commit_or_show_error(form, lambda: services.clear_override(
            session, require_user(), cohort, enrollment)).done:
        flash(_("The completion rule decides for %(name)s again.",
                name=enrollment.user.display_name), "success")
    for message in form.form_errors:
        flash(message, "error")
    return redirect(url_for(".completion", cohort_id=cohort.id))


# Certificates (holder and staff) ------------------------------------------------------------------


def _certificate_or_404(certificate_id: int) -> Certificate:
    certificate = queries.certificate_for(session, require_user(), certificate_id)
    if certificate is None:
        abort(404)
    return certificate


def _verify_url(certificate: Certificate) -> str:
    return external_url("lms.certificates.verify_code", code=certificate.verification_code)


@bp.route("/certificates/<int:certificate_id>")
@login_required
def show(certificate_id: int) -> ResponseReturnValue:
    from lms.certificates import issuer

    certificate = _certificate_or_404(certificate_id)
    verify_url = _verify_url(certificate)
    unavailable = issuer.unavailable_reason()
    return render_template(
        "lms/certificates/certificate.html", certificate=certificate,
        cohort=certificate.enrollment.cohort, verify_url=verify_url,
        code=queries.grouped_code(certificate.verification_code),
        qr=documents.qr_svg(verify_url, _("QR code to the verification page")),
        credentials_available=unavailable is None, credentials_unavailable=unavailable,
        issuer_url=issuer.issuer_id(), **_wording(certificate))


def _wording(certificate: Certificate, images: bool = True) -> dict[str, Any]:
    """What the certificate page and the verification page say about the completion."""
    signer = wording.signatory()
    return {"completion": wording.completion_sentence(certificate),
            "completion_day": wording.completion_day(certificate), "signer": signer,
            "signature_image": wording.data_uri(signer.signature) if images else None,
            "seal_image": wording.data_uri(signer.seal) if images else None}


@bp.route("/certificates/<int:certificate_id>/certificate.pdf")
@login_required
def pdf(certificate_id: int) -> ResponseReturnValue:
    certificate = _certificate_or_404(certificate_id)
    text = wording.certificate_text(certificate, _verify_url(certificate))
    return Response(documents.certificate_pdf(text), mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{certificate.serial}.pdf"'})


@bp.route("/certificates/<int:certificate_id>/credential.json")
@login_required
def credential(certificate_id: int) -> ResponseReturnValue:
    from lms.certificates import issuer

    certificate = _certificate_or_404(certificate_id)
    key = _key_or_404()
    body = json.dumps(issuer.credential(certificate, key), ensure_ascii=False, indent=2)
    return Response(body, mimetype="application/ld+json", headers={
        "Content-Disposition": f'attachment; filename="{certificate.serial}-credential.json"'})


@bp.route("/certificates/<int:certificate_id>/revoke", methods=["GET", "POST"])
@staff_required
def revoke(certificate_id: int) -> ResponseReturnValue:
    certificate = _certificate_or_404(certificate_id)
    form = RevokeForm()
    if form.validate_on_submit() and commit_or_show_error(form, lambda: services.revoke_certificate(
            session, require_user(), certificate, form.reason.data)).done:
        flash(_("Certificate %(serial)s is revoked.", serial=certificate.serial), "success")
        return redirect(url_for(".show", certificate_id=certificate.id))
    return render_template("lms/certificates/revoke.html", certificate=certificate, form=form)


# Public verification ---------------------------------------------------------------------------


@bp.route("/verify")
def verify() -> ResponseReturnValue:
    form = VerifyForm(request.args)
    if request.args and form.validate():
        code = queries.normalize_code(form.code.data)
        if code is not None:
            return redirect(url_for(".verify_code", code=code))
        g.lms_verification_missed = True
        form.code.errors = [_verify_error(form.code.data)]
    return render_template("lms/certificates/verify.html", form=form)


def _verify_error(typed: str) -> str:
    """Why what was typed is no code, told to someone who may well have typed 20 characters."""
    foreign = queries.foreign_characters(typed)
    if foreign:
        return _("This is not a verification code. Codes never use the letters I, L, O and U "
                 "or the digits 0 and 1, which are easily mistaken for others. Check what you "
                 "typed as %(chars)s.", chars=", ".join(foreign))
    return _("This is not a verification code. A code has 20 letters and digits, such as "
             "ABCD-EFGH-JKMN-PQRS-TVWX; you typed %(count)d.",
             count=len("".join(typed.split()).replace("-", "")))


@bp.route("/verify/<code>")
def verify_code(code: str) -> ResponseReturnValue:
    certificate = queries.certificate_by_code(session, code)
    if certificate is None:
        g.lms_verification_missed = True
        return render_template("lms/certificates/verify_result.html", certificate=None,
                               form=VerifyForm(), typed=code), 404
    return render_template("lms/certificates/verify_result.html", certificate=certificate,
                           cohort=certificate.enrollment.cohort, form=VerifyForm(),
                           code=queries.grouped_code(certificate.verification_code),
                           **_wording(certificate, images=False))


@bp.route("/verify/credential", methods=["GET", "POST"])
def check_credential() -> ResponseReturnValue:
    """Anyone may check a downloaded credential's signature against this issuer's key."""
    from lms.certificates import credentials, issuer

    form = CredentialCheckForm()
    verdict: dict[str, Any] | None = None
    if form.validate_on_submit():
        document = _uploaded_json(form)
        key = issuer.signing_key()
        if document is not None and key is not None:
            valid = credentials.verify(document, issuer.published_keys(key))
            verdict = {"valid": valid, "name": _subject_name(document),
                       "revoked": valid and issuer.revoked(session, key, document)}
    return render_template("lms/certificates/check_credential.html", form=form,
                           verdict=verdict, issuer_url=issuer.issuer_id())


def _uploaded_json(form: CredentialCheckForm) -> dict[str, Any] | None:
    raw = form.credential_file.data.read() if form.credential_file.data else \
        (form.credential_text.data or "").encode()
    if not raw.strip():
        form.credential_text.errors = [_("Choose the credential file or paste its text.")]
        return None
    try:
        document = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError):
        form.credential_text.errors = [_("This is not JSON: a credential is a JSON file.")]
        return None
    if not isinstance(document, dict):
        form.credential_text.errors = [_("This JSON is not a credential.")]
        return None
    return document


def _subject_name(document: dict[str, Any]) -> str | None:
    subject = document.get("credentialSubject")
    achievement = subject.get("achievement") if isinstance(subject, dict) else None
    return achievement.get("name") if isinstance(achievement, dict) else None


def _key_or_404() -> Ed25519PrivateKey:
    """The signing key, when this instance issues credentials; otherwise the credential, the
    issuer's documents and the status lists are not found."""
    from lms.certificates import issuer

    key = issuer.signing_key()
    if key is None or issuer.unavailable_reason() is not None:
        abort(404)
    return key


def _published(document: dict[str, Any]) -> Response:
    response = jsonify(document)
    response.mimetype = "application/ld+json"
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.route("/credentials/issuer.json", endpoint="issuer")
@cacheable
def issuer_profile() -> ResponseReturnValue:
    """The issuer's published keys: the fixed address every credential's issuer names."""
    from lms.certificates import issuer

    return _published(issuer.profile(_key_or_404()))


@bp.route("/credentials/keys/<multibase>", endpoint="key")
@cacheable
def key_document(multibase: str) -> ResponseReturnValue:
    """Each key as a document of its own at its verificationMethod address, for verifiers that
    dereference that address as it is."""
    from lms.certificates import issuer

    document = issuer.key_document(_key_or_404(), multibase)
    if document is None:
        abort(404)
    return _published(document)


@bp.route("/credentials/status/<int:number>", endpoint="status_list")
@cacheable
def status_list_document(number: int) -> ResponseReturnValue:
    """A revocation list (W3C Bitstring Status List), built from the database and signed."""
    from lms.certificates import issuer, status_list

    key = _key_or_404()
    if not status_list.list_exists(session, number):
        abort(404)
    return _published(issuer.status_list_credential(session, key, number))
