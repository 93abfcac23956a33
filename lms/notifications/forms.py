from __future__ import annotations

from collections.abc import Mapping

from flask_wtf import FlaskForm
from wtforms import Field, SelectField

from lms.forms import choices
from lms.i18n import _l
from lms.notifications.kinds import KINDS, Kind
from lms.notifications.models import Delivery

DELIVERY_LABELS = {
    Delivery.APP: _l("In the app only"),
    Delivery.IMMEDIATE: _l("In the app and by mail at once"),
    Delivery.DIGEST: _l("In the app and in one mail a day"),
}


def choosable_kinds() -> list[Kind]:
    """The kinds a person chooses for; mail that must arrive is not theirs to turn off."""
    return [kind for kind in KINDS.values() if not kind.always_mailed]


def always_mailed_kinds() -> list[Kind]:
    return [kind for kind in KINDS.values() if kind.always_mailed]


def _field_name(kind: Kind) -> str:
    return f"delivery_{kind.key}"


class ChoicesForm(FlaskForm):
    """One choice per kind (fields delivery_<kind>, added below from KINDS)."""

    def delivery_fields(self) -> list[Field]:
        return [self[_field_name(kind)] for kind in choosable_kinds()]

    def show(self, deliveries: Mapping[str, Delivery]) -> None:
        for kind in choosable_kinds():
            self[_field_name(kind)].data = str(deliveries[kind.key])

    def chosen(self) -> dict[str, Delivery]:
        return {kind.key: Delivery(self[_field_name(kind)].data) for kind in choosable_kinds()}


for _kind in choosable_kinds():
    setattr(ChoicesForm, _field_name(_kind), SelectField(
        _kind.label, default=str(_kind.default),
        choices=choices((str(delivery), label) for delivery, label in DELIVERY_LABELS.items())))
