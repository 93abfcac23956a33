"""The load test's clients (bench/loadtest.py): what trainees, mentors and staff do, and what
each of them was told.

Every client sends its next request as soon as the last one answered, through the real pages
and forms. A write counts as told only when the answer said it was done (a redirect after the
form, ``"saved": true`` from autosave); an answer that is a correct refusal (a second grader's
conflict, an approval over the round's budget, an application someone else decided first) is
counted by kind, as an answer, not as an error.
"""

from __future__ import annotations

import html
import http.client
import random
import re
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlencode

from bench.client import LoginError, _keep_cookies, cookie_header, csrf_token, log_in
from bench.load import LoadResult
from bench.server import HOST
from lms.demo import DEMO_PASSWORD

TIMEOUT = 30.0
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
SUBMISSION_LINK = re.compile(r'/submissions/(\d+)/grade"')
APPLICATION_LINK = re.compile(r'/grants/staff/applications/(\d+)"')
# Wording of the refusals (the load test's people read English pages: see loadtest_seed).
GRADE_CONFLICT = 'class="panel conflict"'
OVER_BUDGET = "budget is left"
ALREADY_DECIDED = "cannot become"
ERROR_SUMMARY = re.compile(r'class="error-summary".*?<li>(?:<a [^>]*>)?(.*?)</', re.DOTALL)
NOTHING_TO_DO = 0.2  # seconds a grader waits when no work has been handed in yet


@dataclass
class Told:
    """What one client was told was done. Trainees: the last text saved as each draft, the
    text handed in, the lessons recorded as done. Mentors: per grade saved, the submission,
    the version it became and its total (the feedback, unique per grade, is the key). Staff:
    per application decided, the outcome and amount."""

    drafts: dict[str, str] = field(default_factory=dict)
    handed_in: dict[str, str] = field(default_factory=dict)
    lessons: set[str] = field(default_factory=set)
    grades: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    decisions: dict[int, tuple[str, int | None]] = field(default_factory=dict)


@dataclass
class Client:
    kind: str  # "trainee", "mentor" or "staff"
    email: str
    port: int
    targets: dict
    cookies: dict[str, str] = field(default_factory=dict)
    token: str = ""
    told: Told = field(default_factory=Told)
    answers: Counter[str] = field(default_factory=Counter)  # correct refusals, by kind
    result: LoadResult = field(default_factory=LoadResult)

    def send(self, method: str, path: str, form: dict[str, str] | None = None
             ) -> tuple[int, str]:
        connection = http.client.HTTPConnection(HOST, self.port, timeout=TIMEOUT)
        headers = {"Cookie": cookie_header(self.cookies), **(FORM if form else {})}
        started = time.perf_counter()
        try:
            connection.request(method, path, body=urlencode(form) if form else None,
                               headers=headers)
            response = connection.getresponse()
            body = response.read().decode("utf-8", errors="replace")
            _keep_cookies(response, self.cookies)
        except (OSError, http.client.HTTPException) as error:
            self.result.errors[type(error).__name__] += 1
            return 0, ""
        finally:
            connection.close()
        self.result.latencies.append(time.perf_counter() - started)
        if response.status >= 400:
            self.result.errors[f"HTTP {response.status}"] += 1
        return response.status, body

    def work(self, slug: str) -> str:
        return f"/cohorts/{self.targets['cohort_id']}/work/{slug}"


def _unexpected(page: str) -> str:
    """An error kind for a refusal the client did not expect: what the page said."""
    said = ERROR_SUMMARY.search(page)
    return html.unescape(said.group(1).strip())[:80] if said else "no message on the page"


def _presses() -> int:
    return 2 if random.random() < 0.2 else 1  # a double click sends the form twice


# Trainees ---------------------------------------------------------------------------------------


def trainee_act(client: Client, count: int) -> None:
    assignments, lessons = client.targets["load_assignments"], client.targets["load_lessons"]
    open_work = [slug for slug in assignments if slug not in client.told.handed_in]
    choice = random.random()
    if open_work and choice < 0.45:
        slug = random.choice(open_work)
        words = f"draft {count} by {client.email}"
        status, body = client.send("POST", client.work(slug) + "/autosave",
                                   {"csrf_token": client.token, "attempt": "1", "text": words})
        if status == 200 and '"saved":true' in body.replace(" ", ""):
            client.told.drafts[slug] = words
    elif open_work and choice < 0.75:
        slug = random.choice(open_work)
        words = f"answer {count} by {client.email}"
        action = "submit" if random.random() < 0.3 else "save"
        form = {"csrf_token": client.token, "attempt": "1", "text": words, "action": action}
        for _ in range(_presses()):
            status, _body = client.send("POST", client.work(slug), form)
            if status == 302 and action == "submit":
                client.told.handed_in.setdefault(slug, words)
            elif status == 302 and slug not in client.told.handed_in:
                client.told.drafts[slug] = words
    elif lessons:
        slug = random.choice(lessons)
        path = f"/cohorts/{client.targets['cohort_id']}/course/{slug}/done"
        for _ in range(_presses()):
            if client.send("POST", path, {"csrf_token": client.token})[0] == 302:
                client.told.lessons.add(slug)


# Mentors ----------------------------------------------------------------------------------------


class _GradeForm(HTMLParser):
    """The grading form's token, version and the choices for each score field (a rubric's
    criteria are groups of radio buttons)."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}
        self.choices: dict[str, list[int]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {key: value or "" for key, value in attrs}
        name = attributes.get("name", "")
        if tag == "input" and name in ("csrf_token", "version"):
            self.fields[name] = attributes.get("value", "")
        elif tag == "input" and name == "score":
            self.choices["score"] = list(range(int(attributes.get("max") or 0) + 1))
        elif tag == "input" and attributes.get("type") == "radio" and \
                name.startswith("criterion-"):
            self.choices.setdefault(name, []).append(int(attributes["value"]))


def mentor_act(client: Client, count: int) -> None:
    """Open the queue (now and then the graded work, to change a grade), pick a submission,
    and grade it from the form as it was opened: its version is the one the grader saw."""
    queue = "graded" if random.random() < 0.2 else "submitted"
    found = SUBMISSION_LINK.findall(client.send("GET", f"/grading?status={queue}")[1])
    if not found:
        time.sleep(NOTHING_TO_DO)
        return
    path = f"/submissions/{random.choice(found)}/grade"
    status, page = client.send("GET", path)
    if status != 200:
        return
    reader = _GradeForm()
    reader.feed(page)
    if not reader.choices or "version" not in reader.fields:
        client.result.errors["grading form not found"] += 1
        return
    scores = {name: random.choice(values) for name, values in reader.choices.items()}
    feedback = f"grade {count} by {client.email}"
    form = {**reader.fields, **{name: str(value) for name, value in scores.items()},
            "feedback": feedback, "outcome": "graded"}
    for _ in range(_presses()):
        status, page = client.send("POST", path, form)
        if status == 302:
            client.told.grades[feedback] = (int(path.split("/")[2]),
                                            int(reader.fields["version"]) + 1,
                                            sum(scores.values()))
        elif status == 200 and GRADE_CONFLICT in page:
            client.answers["grade conflict"] += 1
        elif status == 200:
            client.result.errors[f"grade refused: {_unexpected(page)}"] += 1


# Staff ------------------------------------------------------------------------------------------


def staff_act(client: Client, count: int) -> None:
    """From the round's decisions table, open an application and record a decision on its
    page: mostly an approval of the whole request, which the round's budget may refuse."""
    round_path = f"/grants/staff/rounds/{client.targets['grant_round_id']}"
    found = APPLICATION_LINK.findall(client.send("GET", round_path + "/decisions")[1])
    if not found:
        client.send("GET", round_path)  # all decided: staff read the round's figures
        return
    application_id = int(random.choice(found))
    path = f"/grants/staff/applications/{application_id}"
    status, page = client.send("GET", path)
    token = csrf_token(page) if status == 200 else None
    if not token:
        return
    approve = random.random() < 0.8
    amount = client.targets["grant_requests"][str(application_id)] if approve else None
    form = {"csrf_token": token, "decision-outcome": "approved" if approve else "rejected",
            "decision-amount": str(amount or ""),
            "decision-message": f"decision {count} by {client.email}"}
    for _ in range(_presses()):
        status, page = client.send("POST", path + "/decision", form)
        if status == 302:
            client.told.decisions[application_id] = (form["decision-outcome"], amount)
        elif status == 200 and OVER_BUDGET in page:
            client.answers["approval over the budget refused"] += 1
        elif status == 200 and ALREADY_DECIDED in page:
            client.answers["already decided"] += 1
        elif status == 200:
            client.result.errors[f"decision refused: {_unexpected(page)}"] += 1


ACTIONS: dict[str, Callable[[Client, int], None]] = {
    "trainee": trainee_act, "mentor": mentor_act, "staff": staff_act}


def sign_in(client: Client) -> None:
    """Sign in, then open the client's first page; a trainee keeps its form's token."""
    client.cookies = log_in(client.port, client.email, DEMO_PASSWORD)
    first = {"trainee": client.work(client.targets["load_assignments"][0]),
             "mentor": "/grading",
             "staff": f"/grants/staff/rounds/{client.targets['grant_round_id']}/decisions"}
    status, page = client.send("GET", first[client.kind])
    token = csrf_token(page) if status == 200 else None
    if status != 200 or (client.kind == "trainee" and not token):
        raise LoginError(f"{client.email}: no page at {first[client.kind]} ({status})")
    client.token = token or ""


def drive(client: Client, seconds: float, start: threading.Barrier) -> None:
    start.wait()
    deadline = time.perf_counter() + seconds
    count = 0
    while time.perf_counter() < deadline:
        count += 1
        ACTIONS[client.kind](client, count)
