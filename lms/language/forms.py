from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from lms.forms import DateField
from lms.i18n import _l
from lms.language.models import Checkpoint, JapaneseLevel
from lms.language.services import CHECKPOINT_LABELS


class LevelForm(FlaskForm):
    enrollment_id = SelectField(_l("Trainee"), coerce=int, validators=[DataRequired()])
    level = SelectField(_l("JLPT level"), validators=[DataRequired()],
                        choices=[SelectChoice(level.value, level.value)
                                 for level in JapaneseLevel],
                        description=_l("N5 is the first level; N1 the highest."))
    checkpoint = SelectField(_l("When"), validators=[DataRequired()],
                             choices=[SelectChoice(checkpoint.value, label)
                                      for checkpoint, label in CHECKPOINT_LABELS.items()])
    assessed_on = DateField(_l("Date of the assessment"), validators=[DataRequired()])
    note = TextAreaField(_l("Note"), validators=[Length(max=2000)],
                         description=_l("How the level was assessed (a placement test, the "
                                        "JLPT itself), or anything the next teacher should "
                                        "know."))

    def __init__(self, trainees: list[Any], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.enrollment_id.choices = [SelectChoice(e.id, e.user.display_name)
                                      for e in trainees]

    @property
    def chosen_level(self) -> JapaneseLevel:
        return JapaneseLevel(self.level.data)

    @property
    def chosen_checkpoint(self) -> Checkpoint:
        return Checkpoint(self.checkpoint.data)
