"""The route × actor matrix: for every route of the URL map and every method it takes, the
answer each kind of person gets. DESIGN.md §4: every route has its row here; a route without
one fails the suite (tests/test_route_matrix.py sends every row as every person and compares).

Adding a route: add its row to the table of its blueprint (a route of ``lms.grants_staff``
goes in GRANTS_STAFF), in the module that holds that table: the year's pages in
route_matrix_year.py, the alumni's and the grants' in route_matrix_alumni.py, admissions in
route_matrix_admissions.py, events in route_matrix_events.py, messages in
route_matrix_messages.py, announcements in route_matrix_communication.py, safety checks in
route_matrix_safety.py, confidential concerns in route_matrix_concerns.py. Copy the row of a
route with the same rights, change the path and write down what each person gets. An
object-scoped route gets a second row with someone else's object (``{other_grant}`` beside
``{grant}``): its owner must not find that one.

The people, one column each (the world they live in is tests/route_matrix_world.py):
  anon  nobody signed in
  plai  an account with no role, no enrollment, no application
  appl  an applicant: selected for the next cohort after review and interview, and a draft
        to a later call waiting for her nominator
  trai  a trainee of the current cohort, with her mentor; work handed in, slides in draft
  outs  a trainee of another cohort
  ment  the trainee's mentor
  men2  another mentor of the same cohort, of a classmate
  alum  an alumna: certificate, reports, a grant project under way and a draft, a follow-up
        application, a seminar registration
  memb  a committee member reviewing the applicant's admission and the alumna's grant
  mem2  a committee member reviewing another applicant's and another alumna's
  staf  program staff
  admn  an administrator (who holds every role)
  supv  a facility supervisor, invited by staff for the trainee's placement (and no more)

An answer is the status code, or for a redirect:
  in    to the sign-in page, which brings the person back afterwards
  err   anywhere else, with an error flashed: refused, or not possible now
  302   anywhere else, with no error
A POST carries a valid CSRF token and no other field: it shows that the wrong people are
turned away and the right ones get past the gate (a form's errors, 400, a redirect), not that
the action succeeds.

Paths name the world's objects in braces: ``{grant}`` is the alumna's, ``{other_grant}``
another alumna's, ``{cohort}`` the trainee's and ``{other_cohort}`` the outsider's; the names
are the keys that tests/route_matrix_world.py's ``build`` returns. Each person's rows run in
table order, every GET before the POSTs, and the rows marked ``last`` (after the path, the
answers on the next line) at the end: they sign the person out, or in as someone else. So a
POST that withdraws, removes or cancels its object comes after the rows that still use it.
A line starting with # is a note for the reader.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass

#: The columns, in order, and the person of tests/route_matrix_world.py each one is.
COLUMNS = {"anon": "anon", "plai": "plain", "appl": "applicant", "trai": "trainee",
           "outs": "outsider", "ment": "mentor", "men2": "mentor2", "alum": "alumna",
           "memb": "member", "mem2": "member2", "staf": "staff", "admn": "admin",
           "supv": "supervisor"}

ANSWER = re.compile(r"\d{3}|in|err")

#: The table a route's row goes in, for routes outside Kakehashi's blueprints.
HOST = "host"


@dataclass(frozen=True)
class Row:
    table: str  # the blueprint whose route it is (HOST for the host app's own)
    method: str
    path: str
    answers: dict[str, str]  # by person (the values of COLUMNS)
    last: bool


#: The modules that hold the tables.
MODULES = ("route_matrix_year", "route_matrix_alumni", "route_matrix_admissions",
           "route_matrix_messages", "route_matrix_communication", "route_matrix_safety",
           "route_matrix_concerns", "route_matrix_events")


def tables() -> dict[str, tuple[str, str]]:
    """Each blueprint's table by the blueprint's name: the file it is in, and its text."""
    found: dict[str, tuple[str, str]] = {}
    for module_name in MODULES:
        module = importlib.import_module(f"tests.{module_name}")
        found.update({name.lower(): (f"tests/{module_name}.py", text)
                      for name, text in vars(module).items()
                      if name.isupper() and isinstance(text, str)})
    return found


def rows() -> list[Row]:
    return [row for name, (_file, text) in tables().items() for row in _parse(name, text)]


def _parse(table: str, text: str) -> list[Row]:
    lines = [line for line in text.splitlines()
             if line.strip() and not line.lstrip().startswith("#")]
    if not lines or lines[0].split() != list(COLUMNS):
        raise ValueError(f"The {table.upper()} table must start with the header "
                         f"{' '.join(COLUMNS)}")
    parsed = []
    pending: list[str] = []
    last = False
    for line in lines[1:]:
        words = line.split()
        if words[0] in ("GET", "POST"):
            if pending:
                raise ValueError(f"{table.upper()}: no answers for {' '.join(pending)}")
            pending, words = words[:2], words[2:]
            last = words == ["last"]
            if not words or last:
                continue  # a long path, or one run last: the answers are on the next line
        if not pending:
            raise ValueError(f"{table.upper()}: answers without a route: {line.strip()}")
        answers = words
        if len(answers) != len(COLUMNS) or not all(ANSWER.fullmatch(a) for a in answers):
            raise ValueError(f"{table.upper()}: {' '.join(pending)} needs {len(COLUMNS)} "
                             f"answers (a status code, in or err), not {' '.join(answers)}")
        parsed.append(Row(table, pending[0], pending[1],
                          dict(zip(COLUMNS.values(), answers, strict=True)), last))
        pending, last = [], False
    if pending:
        raise ValueError(f"{table.upper()}: no answers for {' '.join(pending)}")
    return parsed
