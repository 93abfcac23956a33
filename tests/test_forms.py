"""lms.forms.commit_or_show_error, the one way a view commits: what it keeps, and where a
refusal is shown."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from flask import get_flashed_messages
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from wtforms import StringField

import lms
from lms import audit
from lms.audit import AuditEvent
from lms.errors import NotAllowed, ServiceError
from lms.forms import commit_or_show_error, not_allowed_is_a_page


class NameForm(FlaskForm):
    class Meta:
        csrf = False

    name = StringField("Name")


@pytest.fixture
def request_ctx(app, db):
    with app.test_request_context("/", method="POST"):
        yield db


def _kept(db, action: str) -> int:
    db.expire_all()
    return db.scalar(select(func.count()).select_from(AuditEvent)
                     .where(AuditEvent.action == action))


def _refused(db, error: ServiceError):
    def action() -> None:
        audit.record(db, None, "refused_work")
        db.flush()
        raise error
    return action


def test_done_commits_and_flashes_success(request_ctx):
    db = request_ctx
    outcome = commit_or_show_error(None, lambda: audit.record(db, None, "kept_work"),
                                   done="It is done.")
    assert outcome.done and outcome.result is not None and outcome.refusal is None
    db.rollback()  # nothing left to undo: the helper committed
    assert _kept(db, "kept_work") == 1
    assert get_flashed_messages(with_categories=True) == [("success", "It is done.")]


def test_without_done_nothing_is_flashed(request_ctx):
    db = request_ctx
    assert commit_or_show_error(None, lambda: audit.record(db, None, "kept_work")).done
    assert get_flashed_messages() == []


def test_a_bare_button_gets_the_refusal_flashed_and_nothing_kept(request_ctx):
    db = request_ctx
    error = ServiceError("Not now.")
    outcome = commit_or_show_error(None, _refused(db, error), done="It is done.")
    assert (outcome.done, outcome.result, outcome.refusal) == (False, None, error)
    assert _kept(db, "refused_work") == 0
    assert get_flashed_messages(with_categories=True) == [("error", "Not now.")]


def test_a_form_gets_the_refusal_beside_its_field_or_above_it(request_ctx):
    db = request_ctx
    form = NameForm()
    commit_or_show_error(form, _refused(db, ServiceError("Taken.", field="name")))
    commit_or_show_error(form, _refused(db, ServiceError("Closed.")))
    assert form.name.errors == ["Taken."] and form.form_errors == ["Closed."]
    assert get_flashed_messages() == [] and _kept(db, "refused_work") == 0


def test_on_refusal_replaces_the_display_after_the_rollback(request_ctx):
    db = request_ctx
    form = NameForm()
    seen = []

    def on_refusal(error: ServiceError) -> None:
        seen.append((str(error.message), _kept(db, "refused_work")))

    outcome = commit_or_show_error(form, _refused(db, ServiceError("Taken.", field="name")),
                                   on_refusal=on_refusal)
    assert not outcome.done and seen == [("Taken.", 0)]
    assert not form.name.errors and get_flashed_messages() == []


def test_not_allowed_is_a_page_raises_not_allowed_and_flashes_the_rest(request_ctx):
    db = request_ctx
    with pytest.raises(NotAllowed):
        commit_or_show_error(None, _refused(db, NotAllowed("Alumni only.")),
                             on_refusal=not_allowed_is_a_page)
    assert _kept(db, "refused_work") == 0
    commit_or_show_error(None, _refused(db, ServiceError("Closed.")),
                         on_refusal=not_allowed_is_a_page)
    assert get_flashed_messages(with_categories=True) == [("error", "Closed.")]


#: The modules that end a transaction themselves: the helper above, for every request; the
#: `flask lms` commands, which have no request; the outbox sender, which commits each message
#: it claims so that a crash mid-run neither loses nor repeats mail; and the migrations' setup,
#: which on SQLite switches foreign keys off and on again outside the migration's transaction.
OWN_TRANSACTIONS = {"lms/forms.py", "lms/cli.py", "lms/mail.py", "lms/migrations/env.py"}


def _ends_a_transaction(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [node.lineno for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("commit", "rollback")]


def test_only_the_helper_commands_and_outbox_commit_or_roll_back():
    """Views commit through commit_or_show_error and services only flush."""
    root = Path(lms.__file__).parent
    found = {f"lms/{path.relative_to(root).as_posix()}": lines
             for path in sorted(root.rglob("*.py"))
             if (lines := _ends_a_transaction(path))}
    assert set(found) - OWN_TRANSACTIONS == set(), found
    assert set(found) == OWN_TRANSACTIONS  # the scan itself still sees them


def test_quick_select_writes_what_wtforms_writes(app):
    """lms.forms.QuickSelect, the country lists' faster select, gives WTForms' own markup:
    groups, the chosen option, escaped values and labels, and options it leaves to WTForms."""
    from werkzeug.datastructures import MultiDict
    from wtforms import SelectField
    from wtforms.fields.choices import SelectChoice
    from wtforms.widgets import Select

    from lms.forms import QuickSelect, country_choices

    class PickForm(FlaskForm):
        class Meta:
            csrf = False

        country = SelectField("Country")
        other = SelectField("Other", coerce=int)

    with app.test_request_context("/"):
        for data in ({}, {"country": "PH", "other": "2"}, {"country": '"><b>'}):
            form = PickForm(MultiDict(data))
            form.country.choices = [*country_choices("ja", "— すべて —"),
                                    SelectChoice('"><b>', "Ampersand & <b>", optgroup="x&y")]
            form.other.choices = [SelectChoice(1, "One"), SelectChoice(2, "Two"),
                                  SelectChoice(3, "Three", render_kw={"disabled": True})]
            for field in (form.country, form.other):
                assert str(QuickSelect()(field)) == str(Select()(field)), (data, field.name)
