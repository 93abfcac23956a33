"""Staff create a program: the year-long training, a follow-up training, or any kind of event
(an exchange, a study tour, a forum...), whose cohorts are then its editions."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lms import audit
from lms.accounts.models import User
from lms.errors import ServiceError
from lms.i18n import _l
from lms.programs.models import Program, ProgramKind
from lms.security import require_staff

PROGRAM_KIND_LABELS = {
    ProgramKind.YEAR_LONG: _l("Year-long training program"),
    ProgramKind.FOLLOW_UP: _l("Follow-up training"),
    ProgramKind.SEMINAR: _l("Seminar"),
    ProgramKind.EXCHANGE: _l("Exchange"),
    ProgramKind.STUDY_TOUR: _l("Study tour"),
    ProgramKind.FORUM: _l("Forum, symposium or workshop"),
    ProgramKind.ONLINE_SESSION: _l("Online session or webinar"),
    ProgramKind.SITE_VISITS: _l("Meeting with site visits"),
    ProgramKind.LECTURE: _l("Lecture or study mission"),
}

_CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,15}$")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass
class ProgramInput:
    kind: ProgramKind
    name: str
    code: str
    name_ja: str = ""
    #: Left empty, it is made from the name.
    slug: str = ""
    description: str = ""


def slug_from(name: str) -> str:
    """An address word from the English name: "Korea–Japan Exchange" gives korea-japan-exchange."""
    # Punctuation (an en dash among it) parts words before the accents are dropped.
    spaced = "".join(char if char.isalnum() else " " for char in name)
    ascii_name = unicodedata.normalize("NFKD", spaced).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:64].rstrip("-")


def create_program(db_session: Session, actor: User, given: ProgramInput) -> Program:
    require_staff(actor)
    name = given.name.strip()
    if not name:
        raise ServiceError(_l("Give the program's name in English."), field="name")
    if len(name) > 200:
        raise ServiceError(_l("Keep the name under 200 characters."), field="name")
    code = given.code.strip().upper()
    if not _CODE.match(code):
        raise ServiceError(_l("Give a code of up to 16 capital letters, digits or hyphens, "
                              "such as ASWWTP."), field="code")
    slug = given.slug.strip().lower() or slug_from(name)
    if not slug:
        raise ServiceError(_l("Give an address word in small letters, digits and hyphens: the "
                              "name has none to make one from."), field="slug")
    if not _SLUG.match(slug) or len(slug) > 64:
        raise ServiceError(_l("Use small letters, digits and single hyphens, up to 64."),
                           field="slug")
    # Checked here for a message beside the field; the unique index stays the last word.
    if db_session.scalar(select(Program.id).where(Program.slug == slug)) is not None:
        raise ServiceError(_l("Another program has this address word."), field="slug")
    if db_session.scalar(select(Program.id).where(func.upper(Program.code) == code)) is not None:
        raise ServiceError(_l("Another program has this code: certificates would share their "
                              "numbers."), field="code")
    program = Program(kind=given.kind, name=name, name_ja=given.name_ja.strip() or None,
                      code=code, slug=slug, description=given.description.strip())
    db_session.add(program)
    db_session.flush()
    audit.record(db_session, actor, "program_created", program,
                 after={"kind": given.kind.value, "name": name, "code": code, "slug": slug})
    return program
