"""``python -m bench.loadtest`` (``make loadtest``): many trainees writing at once through
gunicorn, then what every client was told is compared with the database.

Each client signs in as a trainee of its own and, until time is up, autosaves drafts, saves
and hands in assignments (sometimes pressing the button twice) and marks lessons done (also
twice at times). Afterwards every write the client was told succeeded must be in the
database exactly once, with the text it was told was kept. Runs on SQLite, and again on
LMS_TEST_DATABASE_URL (emptied first, as the tests do) when that is set.

Exit status: 0 when no answer was a 5xx and no write was lost or duplicated, 1 otherwise,
2 when the run could not start. Options also come from LOADTEST_SECONDS / LOADTEST_CLIENTS.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from sqlalchemy import create_engine, func, select, text

from bench.client import LoginError, _keep_cookies, cookie_header, csrf_token, log_in
from bench.load import LoadResult
from bench.seeding import BenchEnv, SeedError, _run, bench_env, flask_command, seed
from bench.server import HOST, Gunicorn, ServerError
from lms.demo import DEMO_PASSWORD

TIMEOUT = 30.0
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@dataclass
class Told:
    """What one client was told: the last text saved as each draft, the text handed in,
    and the lessons recorded as done."""

    drafts: dict[str, str] = field(default_factory=dict)
    handed_in: dict[str, str] = field(default_factory=dict)
    lessons: set[str] = field(default_factory=set)


@dataclass
class Client:
    email: str
    port: int
    cohort_id: int
    cookies: dict[str, str] = field(default_factory=dict)
    token: str = ""
    told: Told = field(default_factory=Told)
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
        return f"/cohorts/{self.cohort_id}/work/{slug}"


def _act(client: Client, assignments: list[str], lessons: list[str], count: int) -> None:
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
        presses = 2 if random.random() < 0.2 else 1  # a double click sends it twice
        for _ in range(presses):
            status, _body = client.send("POST", client.work(slug), form)
            if status == 302 and action == "submit":
                client.told.handed_in.setdefault(slug, words)
            elif status == 302 and slug not in client.told.handed_in:
                client.told.drafts[slug] = words
    elif lessons:
        slug = random.choice(lessons)
        path = f"/cohorts/{client.cohort_id}/course/{slug}/done"
        for _ in range(2 if random.random() < 0.2 else 1):
            if client.send("POST", path, {"csrf_token": client.token})[0] == 302:
                client.told.lessons.add(slug)


def _drive(client: Client, assignments: list[str], lessons: list[str], seconds: float,
           start: threading.Barrier) -> None:
    start.wait()
    deadline = time.perf_counter() + seconds
    count = 0
    while time.perf_counter() < deadline:
        count += 1
        _act(client, assignments, lessons, count)


def _sign_in(client: Client, first_assignment: str) -> None:
    client.cookies = log_in(client.port, client.email, DEMO_PASSWORD)
    status, page = client.send("GET", client.work(first_assignment))
    token = csrf_token(page) if status == 200 else None
    if not token:
        raise LoginError(f"{client.email}: no form on {client.work(first_assignment)} "
                         f"({status})")
    client.token = token


@dataclass
class Check:
    lost: list[str] = field(default_factory=list)
    duplicated: list[str] = field(default_factory=list)


def compare(database_url: str, clients: list[Client]) -> Check:
    """What every client was told against the rows."""
    from lms.accounts.models import User
    from lms.assignments.models import Submission, SubmissionStatus
    from lms.curriculum.models import Item, LessonProgress
    from lms.programs.models import Enrollment

    check = Check()
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            for client in clients:
                enrollment_id = connection.scalar(
                    select(Enrollment.id).join(User, Enrollment.user_id == User.id)
                    .where(User.email == client.email))
                items = dict(connection.execute(select(Item.slug, Item.id)).all())
                for slug in set(client.told.drafts) | set(client.told.handed_in):
                    rows = connection.execute(select(Submission.status, Submission.text).where(
                        Submission.enrollment_id == enrollment_id,
                        Submission.item_id == items[slug])).all()
                    where = f"{client.email} {slug}"
                    if len(rows) > 1:
                        check.duplicated.append(f"{where}: {len(rows)} submissions")
                    handed = client.told.handed_in.get(slug)
                    if handed is not None:
                        if not any(row.status == SubmissionStatus.SUBMITTED and
                                   row.text == handed for row in rows):
                            check.lost.append(f"{where}: handed in {handed!r}, found {rows}")
                    elif not any(row.text == client.told.drafts[slug] for row in rows):
                        check.lost.append(f"{where}: draft {client.told.drafts[slug]!r}, "
                                          f"found {rows}")
                for slug in client.told.lessons:
                    found = connection.scalar(select(func.count()).select_from(LessonProgress)
                                              .where(LessonProgress.enrollment_id ==
                                                     enrollment_id,
                                                     LessonProgress.item_id == items[slug]))
                    if found == 0:
                        check.lost.append(f"{client.email} lesson {slug}: not recorded")
                    elif found > 1:
                        check.duplicated.append(f"{client.email} lesson {slug}: {found} rows")
    finally:
        engine.dispose()
    return check


def _empty_postgresql(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def _seed_steps(clients: int) -> tuple:
    def trainees(env: BenchEnv) -> None:
        args = ["-m", "bench.loadtest_seed", "--trainees", str(clients), str(env.targets_path)]
        _run(env, args, "python " + " ".join(args))

    trainees.__name__ = f"add {clients} trainees who sign in"
    return (flask_command("lms", "db", "upgrade"), flask_command("lms", "courses", "sync"),
            flask_command("lms", "demo"), trainees)


def run_on(database: str, url: str | None, args: argparse.Namespace) -> bool:
    """One run; True when nothing was a 5xx, lost or duplicated."""
    print(f"\n== {database}", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="kakehashi-loadtest-") as workdir:
        env = bench_env(Path(workdir))
        if url:
            env.environ["LMS_DATABASE_URL"] = url
            _empty_postgresql(url)
        server = Gunicorn(env, workers=args.workers)
        try:
            seed(env, _seed_steps(args.clients))
            targets = env.targets()
            server.start()
            clients = [Client(email, server.port, targets["cohort_id"])
                       for email in targets["load_trainees"]]
            for client in clients:
                _sign_in(client, targets["load_assignments"][0])
            print(f"{len(clients)} clients for {args.seconds:g} s on gunicorn with "
                  f"{args.workers} workers", file=sys.stderr)
            start = threading.Barrier(len(clients))
            threads = [threading.Thread(target=_drive, args=(
                client, targets["load_assignments"], targets["load_lessons"], args.seconds,
                start)) for client in clients]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        finally:
            server.stop()
        check = compare(env.database_url, clients)
    total = LoadResult()
    for client in clients:
        total.latencies.extend(client.result.latencies)
        total.errors.update(client.result.errors)
    told = Counter()
    for client in clients:
        told["drafts"] += len(client.told.drafts)
        told["handed in"] += len(client.told.handed_in)
        told["lessons done"] += len(client.told.lessons)
    server_errors = sum(n for kind, n in total.errors.items() if kind.startswith("HTTP 5"))
    print(f"{database}: {total.requests} requests, errors {dict(total.errors) or 'none'}, "
          f"p50 {total.percentile_ms(50) or 0:.0f} ms, p95 {total.percentile_ms(95) or 0:.0f} ms")
    print(f"{database}: writes told kept: {dict(told)}; lost {len(check.lost)}, "
          f"duplicated {len(check.duplicated)}")
    for line in (check.lost + check.duplicated)[:20]:
        print(f"  {line}")
    return not (server_errors or check.lost or check.duplicated)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.loadtest",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float,
                        default=float(os.environ.get("LOADTEST_SECONDS", 60)))
    parser.add_argument("--clients", type=int,
                        default=int(os.environ.get("LOADTEST_CLIENTS", 40)))
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--sqlite-only", action="store_true",
                        help="skip PostgreSQL even when LMS_TEST_DATABASE_URL is set")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    runs: list[tuple[str, str | None]] = [("SQLite", None)]
    if (url := os.environ.get("LMS_TEST_DATABASE_URL")) and not args.sqlite_only:
        runs.append(("PostgreSQL", url))
    try:
        passed = [run_on(name, url, args) for name, url in runs]
    except (SeedError, ServerError, LoginError) as error:
        print(f"loadtest: {error}", file=sys.stderr)
        return 2
    return 0 if all(passed) else 1


if __name__ == "__main__":
    raise SystemExit(main())
