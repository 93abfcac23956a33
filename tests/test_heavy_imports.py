"""A worker that serves ordinary pages never loads the libraries only a few routes need.

Each gunicorn worker imports the app for itself, so whatever a module imports at its top is
held by every worker for good: fpdf2 alone takes about 30 MiB. These libraries are imported
inside the functions that use them instead (see lms/certificates/documents.py). The check runs
the standalone app (wsgi.py, as gunicorn loads it) in a process of its own, on the demo, signs
in as each of its people and opens the pages `make bench` measures, then reads sys.modules.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from lms.curriculum.models import Course, Item, ItemType, Module
from lms.demo import DEMO_PASSWORD
from lms.grants.models import GrantRound
from lms.programs.models import Cohort, CohortStatus
from tests.conftest import TEST_SECRET_KEY
from tests.demo.conftest import COURSES, demo

ROOT = Path(__file__).resolve().parents[1]

#: Top-level packages, and the only routes or commands that may load them.
HEAVY = {
    "fpdf": "the certificate PDF",
    "fontTools": "the certificate PDF (through fpdf2)",
    "PIL": "the certificate's signature and seal images",
    "segno": "the certificate's QR code",
    "cryptography": "signed credentials and their verification",
    "base58": "signed credentials",
    "rfc8785": "signed credentials",
    "alembic": "`flask lms db`, backups",
    "mako": "`flask lms db revision` (through alembic)",
    "zxcvbn": "choosing a password",
    "icalendar": "the calendar feed and interview invitations",
}

STAFF = "staff@kakehashi.example"
TRAINEE = "trainee@kakehashi.example"
MENTOR = "mentor@kakehashi.example"
ALUMNA = "alumna@kakehashi.example"
COMMITTEE = "committee@kakehashi.example"

# Creates the app as gunicorn does, signs in through the form and opens each page, noting the
# heavy packages each step loaded first; prints what it found as JSON.
WORKER = """
import json, re, sys
heavy = set(json.loads(sys.argv[1]))
visits = json.loads(sys.argv[2])
password = sys.argv[3]

seen = set()

def newly_loaded():
    loaded = {name.split(".")[0] for name in sys.modules} & heavy
    new = sorted(loaded - seen)
    seen.update(new)
    return new

from wsgi import app
found = {"creating the app": newly_loaded()}
statuses = {}
clients = {}
for login, path in visits:
    client = clients.get(login)
    if client is None:
        client = clients[login] = app.test_client()
        if login:
            form = client.get("/login").get_data(as_text=True)
            token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
            answer = client.post("/login", data={"email": login, "password": password,
                                                  "csrf_token": token})
            statuses[f"signing in as {login}"] = answer.status_code
    answer = client.get(path)
    statuses[f"{path} as {login}"] = answer.status_code
    found[f"{path} as {login}"] = newly_loaded()
print(json.dumps({"found": found, "statuses": statuses}))
"""


@pytest.fixture
def config_overrides(tmp_path):
    # As in tests/demo: the demo stores real documents, and each run keeps its own.
    return {"LMS_COURSES_DIR": str(COURSES), "LMS_UPLOAD_DIR": str(tmp_path / "uploads")}


def _visits(db) -> list[tuple[str | None, str]]:
    """The pages `make bench` measures, on the demo (bench/scenario.py)."""
    cohort = db.scalar(select(Cohort).join(Course, Cohort.course_id == Course.id)
                       .where(Cohort.status == CohortStatus.ACTIVE).order_by(Cohort.id))
    lesson = db.scalar(select(Item.slug).join(Module, Item.module_id == Module.id)
                       .where(Item.course_id == cohort.course_id, Item.type == ItemType.LESSON)
                       .order_by(Module.position, Item.position))
    grant_round = db.scalar(select(GrantRound.id).order_by(GrantRound.fiscal_year.desc()))
    course = f"/cohorts/{cohort.id}"
    return [
        (None, "/healthz"), (None, "/login"), (None, "/admissions/"),
        (STAFF, "/"), (STAFF, f"{course}/matrix"), (STAFF, f"{course}/gradebook"),
        (STAFF, f"{course}/completion"), (STAFF, "/alumni/directory"),
        (STAFF, f"/grants/staff/rounds/{grant_round}"),
        (STAFF, f"/grants/staff/rounds/{grant_round}/statistics"),
        (TRAINEE, "/"), (TRAINEE, f"{course}/course"), (TRAINEE, f"{course}/course/{lesson}"),
        (MENTOR, "/"), (MENTOR, "/grading"),
        (ALUMNA, "/"), (ALUMNA, "/alumni/directory"),
        (COMMITTEE, "/"), (COMMITTEE, "/grants/reviews/"),
    ]


def test_ordinary_pages_load_no_heavy_library(app, db, snapshots, database_url, config_overrides):
    snapshots.seed_once("demo", app, lambda: demo(app))
    visits = _visits(db)
    environment = {
        **{key: value for key, value in os.environ.items() if not key.startswith("LMS_")},
        "LMS_ENV": "testing", "LMS_SECRET_KEY": TEST_SECRET_KEY,
        "LMS_DATABASE_URL": database_url, "LMS_RATELIMIT_ENABLED": "false",
        **config_overrides,
    }
    done = subprocess.run(
        [sys.executable, "-c", WORKER, json.dumps(sorted(HEAVY)), json.dumps(visits),
         DEMO_PASSWORD],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.splitlines()[-1])

    # Each page was really served (a page that failed early would prove nothing).
    assert {step: status for step, status in report["statuses"].items()
            if status not in (200, 302)} == {}
    assert {step: [f"{name} (for {HEAVY[name]})" for name in names]
            for step, names in report["found"].items() if names} == {}
