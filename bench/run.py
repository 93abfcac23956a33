"""Seed a fresh database, start gunicorn, sign in, load every page, report, stop gunicorn.

Exit status: 0 when every page answered as expected, 1 when some page had errors, 2 when
the benchmark could not run (seeding, gunicorn start-up or signing in failed). Timings are
never judged here: they depend on the machine, so they are only reported.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import json
import os
import platform
import signal
import subprocess
import sys
import tempfile
from collections import Counter
from importlib import metadata
from pathlib import Path
from types import FrameType
from typing import Any

from bench import report
from bench.client import LoginError, cookie_header, log_in
from bench.exports import measure_exports
from bench.load import Load, Measured, Page, Slices, run_load
from bench.machine import commit, machine
from bench.report import Measurement
from bench.scenario import COHORT_TRAINEES, EXPORTS, PAGES, seed_steps
from bench.seeding import BenchEnv, SeedError, _run, bench_env, seed
from bench.server import Gunicorn, ServerError
from bench.wrk import WrkError, find_wrk, wrk_load
from lms.demo import DEMO_PASSWORD

DEFAULT_OUTPUT = Path(__file__).resolve().parent / "out" / "results.json"


def _positive_float(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be more than 0, not {text}")
    return value


def _positive_int(text: str) -> int:
    value = int(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be more than 0, not {text}")
    return value


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0],
                                     epilog="`python -m bench compare A.json B.json` compares "
                                            "two results files (see bench/compare.py).")
    parser.add_argument("--seconds", type=_positive_float, default=5.0,
                        help="measuring time per page (default 5; wrk rounds it up to whole "
                             "seconds)")
    parser.add_argument("--concurrency", type=_positive_int, default=4,
                        help="connections, each with one request in flight (default 4)")
    parser.add_argument("--warmup", type=float, default=1.0,
                        help="unmeasured load per page first, so workers have imported and "
                             "cached what the page needs (default 1; 0 to skip)")
    parser.add_argument("--slices", type=_positive_int, default=5,
                        help="each page's measuring time is cut into this many slices, each "
                             "after as long a slice of the bare route, which it is compared "
                             "with (default 5)")
    parser.add_argument("--workers", type=_positive_int, default=2,
                        help="gunicorn sync workers (default 2)")
    # A string default goes through `type` too, so a wrong COHORT_TRAINEES is reported.
    parser.add_argument("--cohort-trainees", type=_positive_int,
                        default=os.environ.get("COHORT_TRAINEES", str(COHORT_TRAINEES)),
                        help="trainees in the measured cohort (default: COHORT_TRAINEES from "
                             f"the environment, else {COHORT_TRAINEES})")
    parser.add_argument("--client", choices=("auto", "wrk", "python"), default="auto",
                        help="who loads the pages: wrk, the Python client (bench/load.py), or "
                             "wrk where it is on PATH (auto, the default)")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT,
                        help=f"JSON results file (default {DEFAULT_OUTPUT})")
    return parser.parse_args(argv)


def choose_client(choice: str, wrk: str | None) -> tuple[str, Load]:
    """The client's name and its load function; wrk when asked for or found on PATH."""
    if choice == "python" or (choice == "auto" and wrk is None):
        return "python", run_load
    if wrk is None:
        raise WrkError("--client wrk, but no wrk on PATH (Debian: apt-get install wrk)")
    return "wrk", wrk_load(wrk)


def _wrk_version(wrk: str) -> str | None:
    # `wrk -v` prints "wrk 4.1.0 [epoll] Copyright..." and exits with 1.
    done = subprocess.run([wrk, "-v"], capture_output=True, text=True, check=False)
    words = (done.stdout or done.stderr).split()
    return words[1] if len(words) > 1 else None


def _headers_by_login(port: int, pages: tuple[Page, ...]) -> dict[str | None, dict[str, str]]:
    """Sign in once per demo account the pages use; the threads share that session."""
    headers: dict[str | None, dict[str, str]] = {None: {}}
    for login in dict.fromkeys(page.login for page in pages if page.login):
        print(f"signing in as {login}", file=sys.stderr)
        headers[login] = {"Cookie": cookie_header(log_in(port, login, DEMO_PASSWORD))}
    return headers


def resolve_pages(pages: tuple[Page, ...], env: BenchEnv) -> tuple[Page, ...]:
    """Fill the ``{name}`` targets in the pages' paths with what the seed steps recorded."""
    targets = env.targets()
    resolved = []
    for page in pages:
        try:
            resolved.append(dataclasses.replace(page, path=page.path.format_map(targets)))
        except (KeyError, IndexError, ValueError) as error:
            raise SeedError(f"page {page.name!r} ({page.path}) needs target {error}, "
                            f"which no seed step recorded in {env.targets_path}") from error
    return tuple(resolved)


def count_queries(env: BenchEnv, pages: tuple[Page, ...]) -> dict[str, int | None]:
    """Each page's SQL statements for one request, in-process (bench/queries.py)."""
    print("counting each page's queries in-process", file=sys.stderr)
    listed = [{"name": page.name, "path": page.path, "login": page.login} for page in pages]
    printed = _run(env, ["-m", "bench.queries", json.dumps(listed)], "python -m bench.queries")
    return dict(json.loads(printed.strip().splitlines()[-1]))


def _measure(load: Load, server: Gunicorn, pages: tuple[Page, ...],
             headers: dict[str | None, dict[str, str]], args: argparse.Namespace,
             baseline: Page | None = None) -> list[Measurement]:
    """Each page's load after its warm-up. With a ``baseline``, a page's seconds are cut into
    ``args.slices`` slices, each after a slice of the baseline as long: the machine's speed may
    change while the bench runs (other tenants of a virtual machine, its clock), and the page
    is then compared with the baseline as fast as the machine was at the same moments."""
    measured = []
    for page in pages:
        print(f"loading {page.name} ({page.path}) for {args.seconds:g} s", file=sys.stderr)
        warmup_errors: Counter[str] = Counter()
        if args.warmup > 0:
            warmup_errors = load(server.port, page, headers[page.login], args.warmup,
                                 args.concurrency).errors
        beside: Measured | None = None
        if baseline is None or page == baseline:
            result = _load(load, server, page, headers, args.seconds, args)
        else:
            seconds = args.seconds / args.slices
            parts = [(_load(load, server, baseline, headers, seconds, args),
                      _load(load, server, page, headers, seconds, args))
                     for _ in range(args.slices)]
            result = Slices([ours for _, ours in parts])
            beside = Slices([bare for bare, _ in parts])
        result.errors.update(warmup_errors)  # a failure is a failure, measured or not
        if not result.requests and not result.error_count:
            # wrk drops what is in flight at its deadline: nothing answered in time.
            result.errors[f"no answer within {args.seconds:g} s"] += 1
        measured.append(Measurement(page, result, beside))
    return measured


def _load(load: Load, server: Gunicorn, page: Page, headers: dict[str | None, dict[str, str]],
          seconds: float, args: argparse.Namespace) -> Measured:
    result = load(server.port, page, headers[page.login], seconds, args.concurrency)
    if (waited := server.wait_until_idle()) > 1:
        print(f"  waited {waited:.0f} s for gunicorn to serve what was left in flight",
              file=sys.stderr)
    return result


def _stop_on_sigterm(signum: int, frame: FrameType | None) -> None:
    # Turned into SystemExit so the finally below still stops gunicorn.
    raise SystemExit(128 + signum)


def _about(args: argparse.Namespace, started_at: str, ran: dict[str, Any], client: str,
           wrk: str | None, env: BenchEnv, seeding: dict[str, float]) -> dict[str, Any]:
    """What results.json says about the run, above its figures."""
    return {
        "settings": {
            "started_at": started_at,
            "seconds": args.seconds,
            "warmup_seconds": args.warmup,
            "slices": args.slices,
            "concurrency": args.concurrency,
            "workers": args.workers,
            "worker_class": "sync",
            "python": platform.python_version(),
            "gunicorn": metadata.version("gunicorn"),
        },
        "client": {"name": client, "version": _wrk_version(wrk) if client == "wrk" and wrk
                   else None},
        "cohort_trainees": args.cohort_trainees,
        "machine": machine(),
        "commit": ran,
        "seeding_seconds": seeding,
        "seeded": env.targets(),
    }


CLIENT_NAMES = {"wrk": "wrk", "python": "the Python client (bench/load.py)"}


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    started_at = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    ran = commit()  # now: the tree may change while the bench runs
    wrk = find_wrk()
    try:
        client, load = choose_client(args.client, wrk)
    except WrkError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 2

    with tempfile.TemporaryDirectory(prefix="kakehashi-bench-") as workdir:
        env = bench_env(Path(workdir))
        server = Gunicorn(env, workers=args.workers)
        try:
            seeding = seed(env, seed_steps(args.cohort_trainees))
            pages, export_pages = resolve_pages(PAGES, env), resolve_pages(EXPORTS, env)
            queries = count_queries(env, pages + export_pages)
            server.start()
            print(f"gunicorn on port {server.port} with {args.workers} sync workers; "
                  f"{args.concurrency} connections from {CLIENT_NAMES[client]}", file=sys.stderr)
            headers = _headers_by_login(server.port, pages + export_pages)
            measured = _measure(load, server, pages, headers, args, baseline=pages[0])
            # Before the exports, whose peaks bench.exports measures on their own, and before
            # stopping: the workers are gone after.
            workers = server.worker_memory()
            measured += _measure(load, server, export_pages, headers, args)
            timeouts = server.worker_timeouts()
            server.stop()
            exports = measure_exports(env, export_pages, DEMO_PASSWORD)
        except (SeedError, ServerError, LoginError, WrkError) as error:
            print(f"bench: {error}", file=sys.stderr)
            if not isinstance(error, SeedError):  # the last gunicorn's, the exports' too
                print(f"gunicorn's log ends:\n{server.log_tail()}", file=sys.stderr)
            return 2
        finally:
            server.stop()
        about = {**_about(args, started_at, ran, client, wrk, env, seeding),
                 "worker_timeouts": timeouts}

    page_rows = report.rows(measured, queries)
    print(f"\n{args.cohort_trainees:,} trainees in the cohort; measured with "
          f"{CLIENT_NAMES[client]}, {args.concurrency} connections, {args.seconds:g} s a page\n")
    print(report.table(page_rows, PAGES[0].name))
    if details := report.error_details(page_rows):
        print("\nerrors:")
        for line in details:
            print(f"  {line}")
    if timeouts:
        print(f"\ngunicorn killed a worker {timeouts} times for taking longer than its "
              "timeout (30 s): see the errors")
    print("\ngunicorn workers, peak resident memory (VmHWM) after the pages, before the exports:")
    for line in report.memory_lines(workers):
        print(line)
    print("\nmemory growth while serving each export once (a fresh worker's VmHWM less its "
          "VmRSS before):")
    for line in report.export_lines(exports):
        print(line)

    report.write_json(args.output, about, page_rows, workers, exports)
    print(f"\nwrote {args.output}")
    failed = any(row.result.error_count for row in page_rows) or any(
        export.status != 200 for export in exports)
    return 1 if failed else 0
