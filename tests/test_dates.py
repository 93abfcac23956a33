"""Dates people type: a sensible range on every date field, and local times that a zone skips
or repeats (lms.forms date fields, lms.clock.local_to_utc)."""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil
import zoneinfo

import pytest
import wtforms
from werkzeug.datastructures import MultiDict
from wtforms.fields.core import UnboundField

import lms
from lms.clock import local_to_utc
from lms.errors import ServiceError
from lms.forms import DateField, DateTimeLocalField

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


def test_a_time_the_clocks_skip_is_refused_naming_the_zone():
    with pytest.raises(ServiceError) as refused:
        local_to_utc(dt.datetime(2027, 3, 14, 2, 30), NEW_YORK, field="due_at")
    assert refused.value.field == "due_at"
    assert "America/New_York" in str(refused.value.message)
    assert "2027-03-14 02:30" in str(refused.value.message)


def test_a_time_that_happens_twice_is_taken_as_the_first():
    moment = local_to_utc(dt.datetime(2026, 11, 1, 1, 30), NEW_YORK)
    assert moment.repeated
    assert moment.utc == dt.datetime(2026, 11, 1, 5, 30, tzinfo=dt.UTC)  # still on EDT


def test_an_ordinary_time_is_neither_skipped_nor_repeated():
    moment = local_to_utc(dt.datetime(2026, 7, 1, 9, 0), NEW_YORK)
    assert moment == type(moment)(utc=dt.datetime(2026, 7, 1, 13, 0, tzinfo=dt.UTC),
                                  repeated=False)


class _Dates(wtforms.Form):
    day = DateField()
    moment = DateTimeLocalField(format="%Y-%m-%dT%H:%M")


@pytest.mark.parametrize("field,value,ok", [
    ("day", "0001-01-01", False),
    ("day", "1899-12-31", False),
    ("day", "1900-01-01", True),
    ("day", "2100-12-31", True),
    ("day", "2101-01-01", False),
    ("moment", "0001-01-01T00:00", False),
    ("moment", "9999-12-31T23:59", False),
    ("moment", "2026-12-03T17:00", True),
])
def test_dates_outside_the_sensible_range_are_a_form_error(app, field, value, ok):
    with app.test_request_context():
        form = _Dates(MultiDict({field: value}))
        form.validate()
        assert (not form.errors.get(field)) is ok, form.errors
        if not ok:
            assert "between 1900-01-01 and 2100-12-31" in form.errors[field][0]
        assert 'min="1900-01-01' in str(form[field])


def _lms_form_classes():
    for module_info in pkgutil.walk_packages(lms.__path__, "lms."):
        if not module_info.name.rsplit(".", 1)[-1].endswith("forms"):
            continue
        module = importlib.import_module(module_info.name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, wtforms.Form) and cls.__module__ == module.__name__:
                yield cls


def test_every_date_field_in_every_form_is_the_checked_one():
    """A new form that takes WTForms' own DateField would let year 1 through to a 500."""
    unchecked, seen = [], 0
    for cls in _lms_form_classes():
        for name, unbound in inspect.getmembers(cls, lambda v: isinstance(v, UnboundField)):
            kind = unbound.field_class
            # A TimeField is a DateTimeField in WTForms, but a clock time has no year.
            if issubclass(kind, (wtforms.DateField, wtforms.DateTimeField)) and \
                    not issubclass(kind, wtforms.TimeField):
                seen += 1
                if not issubclass(kind, (DateField, DateTimeLocalField)):
                    unchecked.append(f"{cls.__module__}.{cls.__name__}.{name}")
    assert seen >= 10
    assert unchecked == []
