from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from lms.certificates.models import Outcome
from lms.i18n import _l


class OverrideForm(FlaskForm):
    outcome = RadioField(_l("Completion outcome"), validators=[DataRequired()], choices=[
        SelectChoice(Outcome.COMPLETED.value, _l("Completed: issue a certificate")),
        SelectChoice(Outcome.NOT_COMPLETED.value, _l("Not completed")),
    ])
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=2000)],
                           description=_l("Recorded with your name; the trainee does not see "
                                          "it."))


class CompleteCohortForm(FlaskForm):
    """Only asked for before the cohort's last day; otherwise just the confirming button."""

    early = BooleanField(_l("Complete the cohort before its last day"))
    early_reason = TextAreaField(_l("Reason for completing early"),
                                 validators=[Optional(), Length(max=2000)],
                                 description=_l("Recorded with your name in the audit trail."))


class RevokeForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=2000)],
                           description=_l("Recorded with your name. The public verification "
                                          "page says the certificate was revoked, not why."))


class VerifyForm(FlaskForm):
    """A lookup, sent with GET so the result has an address; nothing changes, so no CSRF."""

    class Meta:
        csrf = False

    code = StringField(_l("Verification code"), validators=[DataRequired(), Length(max=64)],
                       description=_l("As printed on the certificate, such as "
                                      "ABCD-EFGH-JKMN-PQRS-TVWX."))


class CredentialCheckForm(FlaskForm):
    credential_file = FileField(_l("Credential file (JSON)"))
    credential_text = TextAreaField(_l("Or paste the credential"),
                                    validators=[Optional(), Length(max=200_000)])
