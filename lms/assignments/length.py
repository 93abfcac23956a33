"""The length of a written answer, against the length an assignment asks for.

Words are counted between blanks (a run holding no letter or digit, such as a Markdown list's
"-", is not a word); characters, for Japanese writing, are every character but blanks. The
editor's script (lms/static/lms/length.js) counts the same way. An answer outside the range is
handed in only once the trainee confirms it: a length is advice, never a reason to refuse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lms.curriculum.models import Item
from lms.i18n import ngettext

_WORD = re.compile(r"\S+")
_LETTER_OR_DIGIT = re.compile(r"[^\W_]")
_BLANK = re.compile(r"\s")


def count(text: str, unit: str) -> int:
    if unit == "characters":
        return len(_BLANK.sub("", text))
    return sum(1 for word in _WORD.findall(text) if _LETTER_OR_DIGIT.search(word))


@dataclass(frozen=True)
class Measure:
    unit: str
    count: int
    least: int
    most: int

    @property
    def outside(self) -> bool:
        return not self.least <= self.count <= self.most

    @property
    def counted(self) -> str:
        if self.unit == "characters":
            return ngettext("Your answer has %(num)d character.",
                            "Your answer has %(num)d characters.", self.count)
        return ngettext("Your answer has %(num)d word.", "Your answer has %(num)d words.",
                        self.count)

    @property
    def asked(self) -> str:
        if self.unit == "characters":
            return ngettext("This assignment asks for %(least)d–%(num)d character.",
                            "This assignment asks for %(least)d–%(num)d characters.",
                            self.most, least=self.least)
        return ngettext("This assignment asks for %(least)d–%(num)d word.",
                        "This assignment asks for %(least)d–%(num)d words.",
                        self.most, least=self.least)

    def counted_as(self, number: int) -> str:
        """``counted`` for another count: the editor's script fills in its own."""
        return Measure(self.unit, number, self.least, self.most).counted


def measure(item: Item, text: str) -> Measure | None:
    """The answer's length against the item's range; None when the item asks for none."""
    if item.length_unit is None or item.length_min is None or item.length_max is None:
        return None
    return Measure(item.length_unit, count(text, item.length_unit), item.length_min,
                   item.length_max)


def asks_to_confirm(item: Item, text: str) -> bool:
    """Handing in ``text`` needs the trainee's word that its length is meant. An empty text
    is not asked about: the answer is then in the attached files (or there is nothing to hand
    in, which the service refuses)."""
    measured = measure(item, text)
    return measured is not None and measured.outside and bool(text.strip())
