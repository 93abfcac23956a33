"""``python -m bench.loadtest`` (``make loadtest``): trainees, mentors and staff writing at
once through gunicorn, then what every client was told is compared with the database.

Each client signs in as a person of its own and, until time is up, writes as that person does
(bench/loadtest_clients.py), sometimes pressing a button twice: trainees autosave drafts, save
and hand in assignments and mark lessons done; mentors grade what their trainees handed in,
two of them often on the same submission; staff approve (or reject) grant applications of a
round whose budget cannot cover them all. Afterwards (bench/loadtest_check.py) every write a
client was told succeeded must be in the database exactly once, as it was told, and the
round's awarded total must be within its budget. A grader's conflict and a refusal for the
budget are correct answers, counted by kind. Runs on SQLite, and again on
LMS_TEST_DATABASE_URL (emptied first, as the tests do) when that is set.

Exit status: 0 when no answer was a 5xx, no write was lost or duplicated and no rule broken,
1 otherwise,
2 when the run could not start. Options also come from LOADTEST_SECONDS / LOADTEST_CLIENTS.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
from collections import Counter
from pathlib import Path

from sqlalchemy import create_engine, text

from bench.client import LoginError
from bench.load import LoadResult
from bench.loadtest_check import Check, compare
from bench.loadtest_clients import Client, drive, sign_in
from bench.seeding import BenchEnv, SeedError, _run, bench_env, flask_command, seed
from bench.server import Gunicorn, ServerError


def _empty_postgresql(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def split(clients: int) -> dict[str, int]:
    """How many clients of each kind: about one in ten staff and one in five mentors (at
    least two of each, so that they can collide), trainees the rest."""
    staff, mentors = max(2, clients // 10), max(2, clients // 5)
    if clients - staff - mentors < 2:
        raise SystemExit("loadtest: use at least 6 clients (2 trainees, 2 mentors, 2 staff)")
    return {"trainee": clients - staff - mentors, "mentor": mentors, "staff": staff}


def _seed_steps(kinds: dict[str, int]) -> tuple:
    def people(env: BenchEnv) -> None:
        args = ["-m", "bench.loadtest_seed", "--trainees", str(kinds["trainee"]),
                "--mentors", str(kinds["mentor"]), "--staff", str(kinds["staff"]),
                str(env.targets_path)]
        _run(env, args, "python " + " ".join(args))

    people.__name__ = (f"add {kinds['trainee']} trainees, {kinds['mentor']} mentors and "
                       f"{kinds['staff']} staff who sign in, and a grant round")
    return (flask_command("lms", "db", "upgrade"), flask_command("lms", "courses", "sync"),
            flask_command("lms", "demo"), people)


def _load(clients: list[Client], seconds: float) -> None:
    start = threading.Barrier(len(clients))
    threads = [threading.Thread(target=drive, args=(client, seconds, start))
               for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def run_on(database: str, url: str | None, args: argparse.Namespace) -> bool:
    """One run; True when nothing was a 5xx, lost, duplicated or broken."""
    print(f"\n== {database}", file=sys.stderr)
    kinds = split(args.clients)
    with tempfile.TemporaryDirectory(prefix="kakehashi-loadtest-") as workdir:
        env = bench_env(Path(workdir))
        if url:
            env.environ["LMS_DATABASE_URL"] = url
            _empty_postgresql(url)
        server = Gunicorn(env, workers=args.workers)
        try:
            seed(env, _seed_steps(kinds))
            targets = env.targets()
            server.start()
            people = {"trainee": "load_trainees", "mentor": "load_mentors",
                      "staff": "load_staff"}
            clients = [Client(kind, email, server.port, targets)
                       for kind in kinds for email in targets[people[kind]]]
            for client in clients:
                sign_in(client)
            print(f"{len(clients)} clients ({', '.join(f'{n} {k}' for k, n in kinds.items())})"
                  f" for {args.seconds:g} s on gunicorn with {args.workers} workers",
                  file=sys.stderr)
            _load(clients, args.seconds)
        finally:
            server.stop()
        check = compare(env.database_url, clients, targets)
    return report(database, clients, check)


def report(database: str, clients: list[Client], check: Check) -> bool:
    total = LoadResult()
    told: Counter[str] = Counter()
    answers: Counter[str] = Counter()
    for client in clients:
        total.latencies.extend(client.result.latencies)
        total.errors.update(client.result.errors)
        answers.update(client.answers)
        told["drafts"] += len(client.told.drafts)
        told["handed in"] += len(client.told.handed_in)
        told["lessons done"] += len(client.told.lessons)
        told["grades"] += len(client.told.grades)
        for outcome, _amount in client.told.decisions.values():
            told[f"grants {outcome}"] += 1
    server_errors = sum(n for kind, n in total.errors.items() if kind.startswith("HTTP 5"))
    print(f"{database}: {total.requests} requests, errors {dict(total.errors) or 'none'}, "
          f"p50 {total.percentile_ms(50) or 0:.0f} ms, p95 {total.percentile_ms(95) or 0:.0f} ms")
    print(f"{database}: refusals that are correct answers: {dict(answers) or 'none'}; grant "
          f"round {check.budget}")
    print(f"{database}: writes told kept: {dict(told)}; lost {len(check.lost)}, "
          f"duplicated {len(check.duplicated)}, rules broken {len(check.broken)}")
    for line in (check.lost + check.duplicated + check.broken)[:20]:
        print(f"  {line}")
    return not (server_errors or check.lost or check.duplicated or check.broken)


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
