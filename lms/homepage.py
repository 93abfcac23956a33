"""The home page's sections. Each domain says what needs the signed-in person there (its
blueprint registers a section provider); this module only gathers the sections in order, so
the home page knows no domain's rules.

A provider answers with at most one aggregated query per section it shows, and shows nothing
(no query at all, where it can tell from the user) for a person without its role."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from flask import Blueprint, current_app
from markupsafe import Markup
from sqlalchemy import (
    Date,
    Integer,
    Select,
    String,
    bindparam,
    cast,
    literal,
    literal_column,
    null,
    select,
    type_coerce,
    union_all,
)
from sqlalchemy.orm import Session

from lms.accounts.models import User
from lms.db import UTCDateTime
from lms.prepared import bound_type, prepared_rows

_PROVIDERS_KEY = "lms_home_sections"


@dataclass(frozen=True)
class Section:
    #: Unique on the page; the heading's id is made from it.
    key: str
    #: Place on the page across all domains, lowest first.
    position: int
    title: str
    #: Renders the section's body with ``context`` (not rendered when ``html`` is given); it
    #: says so in words when nothing waits.
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    #: How many things wait for the person here, shown beside the title; None shows none.
    count: int | None = None
    #: ``count`` is where counting stopped: more wait than it says.
    count_more: bool = False
    #: The body written in Python, shown as it is instead of rendering ``template``: including
    #: a template for each of a staff home's dozen sections cost more than writing most of
    #: them.
    html: Markup | None = None


#: Given the database session and the signed-in user, one domain's sections for them: made,
#: or pending on their lines (Pending), which the home then reads with the other pending ones.
SectionProvider = Callable[[Session, User], Iterable["Section | Pending"]]


def register(blueprint: Blueprint, provider: SectionProvider) -> None:
    """Show ``provider``'s sections on the home page of each app the blueprint is on."""
    blueprint.record_once(
        lambda state: state.app.extensions.setdefault(_PROVIDERS_KEY, []).append(provider))


#: Given the database session, what one domain shows every visitor on the signed-out home.
PublicProvider = Callable[[Session], Iterable[Section]]

_PUBLIC_KEY = "lms_public_home_sections"


def register_public(blueprint: Blueprint, provider: PublicProvider) -> None:
    """Show ``provider``'s sections to visitors who have not signed in (one query each)."""
    blueprint.record_once(
        lambda state: state.app.extensions.setdefault(_PUBLIC_KEY, []).append(provider))


def public_sections(db_session: Session) -> list[Section]:
    providers: list[PublicProvider] = current_app.extensions.get(_PUBLIC_KEY, [])
    found = [section for provider in providers for section in provider(db_session)]
    return sorted(found, key=lambda section: section.position)


def sections(db_session: Session, user: User) -> list[Section]:
    providers: list[SectionProvider] = current_app.extensions.get(_PROVIDERS_KEY, [])
    found = made(db_session, [item for provider in providers
                              for item in provider(db_session, user)])
    return sorted(found, key=lambda section: section.position)


def made(db_session: Session, items: Iterable[Section | Pending]) -> list[Section]:
    """The sections of ``items``, all the pending ones' lines read in one query."""
    found: list[Section] = []
    pending: list[Pending] = []
    for item in items:
        if isinstance(item, Pending):
            pending.append(item)
        else:
            found.append(item)
    if pending:
        gathered = _gather(db_session, [(wait.build, wait.values) for wait in pending])
        found += [section for wait, lines in zip(pending, gathered, strict=True)
                  for section in wait.make(lines)]
    return found


# One query per section --------------------------------------------------------------------------
#
# A section usually shows several lists and figures (work waiting, how many are overdue, when
# the last one was done). Each is written as a ``line(...)`` select of the same columns and
# ``gather`` runs them all as one UNION ALL, so a section costs one round trip however many
# things it tells. The union is built once an app and bound to the person and the time at each
# visit: building a dozen sections' SQL again for every visit cost more than the database took
# to answer it.

_TYPES: dict[str, Any] = {"id": Integer(), "ref": Integer(), "title": String(),
                          "detail": String(), "at": UTCDateTime(), "number": Integer(),
                          "day": Date(), "zone": String()}


class Line(NamedTuple):
    """One row of a section's query: a thing that waits, or a figure in ``number``. Its fields
    are the union's columns in their order (``line`` selects ``_TYPES`` in this order). A
    tuple rather than a frozen dataclass: a staff home makes some forty, and a dataclass's
    frozen fields cost several times more to set."""

    kind: str
    id: int | None
    #: A second id for the link, such as the cohort of a submission.
    ref: int | None
    title: str | None
    detail: str | None
    at: dt.datetime | None
    number: int | None
    #: A calendar day, such as the day something is due, and the time zone it is a day in.
    day: dt.date | None = None
    zone: str | None = None


def line(kind: str, **columns: Any) -> Select[Any]:
    """A select of one kind of line; columns not given are NULL. Add FROM, WHERE, ORDER BY and
    LIMIT to it as to any select."""
    unknown = set(columns) - set(_TYPES)
    if unknown:
        raise TypeError(f"no such line column: {', '.join(sorted(unknown))}")
    selected = [cast(literal(kind), String(40)).label("kind")]
    for name, type_ in _TYPES.items():
        value = columns.get(name)
        selected.append((cast(null(), type_) if value is None else type_coerce(value, type_))
                        .label(name))
    return select(*selected)


@dataclass
class Lines:
    rows: list[Line]

    def of(self, kind: str) -> list[Line]:
        return [row for row in self.rows if row.kind == kind]

    def number(self, kind: str) -> int:
        return next((row.number or 0 for row in self.rows if row.kind == kind), 0)

    def at(self, kind: str) -> dt.datetime | None:
        return next((row.at for row in self.rows if row.kind == kind), None)


#: Makes a section's lines (``line(...)`` selects) from bound parameters, one per value the
#: section binds at each visit (see :func:`gather`).
LinesBuilder = Callable[..., Iterable[Select[Any]]]

@dataclass(frozen=True)
class Pending:
    """Sections made once their lines are read: ``build`` and ``values`` as gather takes them,
    and ``make`` makes the sections of the lines. A provider returns this instead of its
    sections so that the home reads all the pending sections' lines in one query: each
    section's query of its own cost more (in setting up its statement and its result) than
    the database took to answer it."""

    build: LinesBuilder
    values: dict[str, Any]
    make: Callable[[Lines], Iterable[Section]]


def gather(db_session: Session, build: LinesBuilder, /, **values: Any) -> Lines:
    """All the lines of one section, in one query.

    ``build`` is called once an app with a bound parameter for each of ``values`` (the person's
    id, the time, a day), named as the keyword; each visit binds the values. So ``build`` reads
    nothing else that changes, neither the clock nor the person nor the request: what changes
    is given as a value. A value is an int, a str, a date or an aware datetime, never None."""
    return _gather(db_session, [(build, values)])[0]


def _gather(db_session: Session, asked: list[tuple[LinesBuilder, dict[str, Any]]]) -> list[Lines]:
    """The lines of each (build, values) asked, in one query: each section's union in turn,
    its rows told apart by the section's place in ``asked`` (the query's first column)."""
    for build, _values in asked:
        if build.__closure__:
            raise TypeError(f"{build.__qualname__} is built once an app: bind what it uses as "
                            "gather's values instead of capturing it")
    # Each section's values bound under names of its own: two sections may name theirs alike.
    values = {f"{name}__{place}": value for place, (_build, given) in enumerate(asked)
              for name, value in given.items()}

    def union() -> Select[Any]:
        parts = []
        for place, (build, given) in enumerate(asked):
            statements = build(**{name: bindparam(f"{name}__{place}",
                                                  type_=bound_type(name, value))
                                  for name, value in given.items()})
            # Each statement a subquery, so that its own ORDER BY and LIMIT hold in the union.
            parts += [select(literal_column(str(place), Integer()).label("place"),
                             *statement.subquery().c) for statement in statements]
        return select(*union_all(*parts).subquery().c)

    key = tuple((build, tuple(sorted(given))) for build, given in asked)
    rows = prepared_rows(db_session.connection(), key, union, values)
    found: list[list[Line]] = [[] for _asked in asked]
    for row in rows:
        found[row[0]].append(Line(*row[1:]))
    return [Lines(lines) for lines in found]



# Lists of things waiting, for sections that show several ------------------------------------

#: How far ahead a home looks for dates coming up.
DAYS_AHEAD = 30


class Entry(NamedTuple):
    """One thing that waits, linked straight to the page where it is done. A tuple rather
    than a frozen dataclass, as Line: a staff home makes some thirty."""

    title: str
    url: str
    detail: str | None = None
    #: The date that orders the list (handed in, closes, starts), as the page shows it.
    when: str | None = None


class EntryList(NamedTuple):
    heading: str
    entries: list[Entry]
    #: How many in all; the list shows the oldest few.
    count: int
    #: Said in words when nothing waits.
    empty: str
    #: Whether the entries are groups (a round, a call) that the count does not count.
    grouped: bool = False


#: The template that renders ``section.context["lists"]``, a list of EntryList.
LISTS_TEMPLATE = "lms/home_lists.html"
