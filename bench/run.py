"""Seed a fresh database, start gunicorn, sign in, load every page, report, stop gunicorn.

Exit status: 0 when every page answered as expected, 1 when some page had errors, 2 when
the benchmark could not run (seeding, gunicorn start-up or signing in failed). Timings are
never judged here: they depend on the machine, so they are only reported.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import platform
import signal
import sys
import tempfile
from importlib import metadata
from pathlib import Path
from types import FrameType

from bench import report
from bench.client import LoginError, cookie_header, log_in
from bench.load import LoadResult, Page, run_load
from bench.scenario import PAGES, SEED_STEPS
from bench.seeding import BenchEnv, SeedError, bench_env, seed
from bench.server import Gunicorn, ServerError
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
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=_positive_float, default=5.0,
                        help="measuring time per page (default 5)")
    parser.add_argument("--concurrency", type=_positive_int, default=4,
                        help="client threads, each with one request in flight (default 4)")
    parser.add_argument("--warmup", type=float, default=1.0,
                        help="unmeasured load per page first, so workers have imported and "
                             "cached what the page needs (default 1; 0 to skip)")
    parser.add_argument("--workers", type=_positive_int, default=2,
                        help="gunicorn sync workers (default 2)")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT,
                        help=f"JSON results file (default {DEFAULT_OUTPUT})")
    return parser.parse_args(argv)


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


def _measure(port: int, pages: tuple[Page, ...], args: argparse.Namespace
             ) -> list[tuple[Page, LoadResult]]:
    headers = _headers_by_login(port, pages)
    measured = []
    for page in pages:
        print(f"loading {page.name} ({page.path}) for {args.seconds:g} s", file=sys.stderr)
        warmup = LoadResult()
        if args.warmup > 0:
            warmup = run_load(port, page, headers[page.login], args.warmup, args.concurrency)
        result = run_load(port, page, headers[page.login], args.seconds, args.concurrency)
        result.errors.update(warmup.errors)  # a failure is a failure, measured or not
        measured.append((page, result))
    return measured


def _stop_on_sigterm(signum: int, frame: FrameType | None) -> None:
    # Turned into SystemExit so the finally below still stops gunicorn.
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    started_at = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")

    with tempfile.TemporaryDirectory(prefix="kakehashi-bench-") as workdir:
        env = bench_env(Path(workdir))
        server = Gunicorn(env, workers=args.workers)
        try:
            seed(env, SEED_STEPS)
            pages = resolve_pages(PAGES, env)
            server.start()
            print(f"gunicorn on port {server.port} with {args.workers} sync workers",
                  file=sys.stderr)
            measured = _measure(server.port, pages, args)
            workers = server.worker_memory()  # before stopping: the workers are gone after
        except (SeedError, ServerError, LoginError) as error:
            print(f"bench: {error}", file=sys.stderr)
            return 2
        finally:
            server.stop()

    page_rows = report.rows(measured)
    print()
    print(report.table(page_rows, PAGES[0].name))
    if details := report.error_details(page_rows):
        print("\nerrors:")
        for line in details:
            print(f"  {line}")
    print("\ngunicorn workers, peak resident memory (VmHWM):")
    for line in report.memory_lines(workers):
        print(line)

    settings = {
        "started_at": started_at,
        "seconds": args.seconds,
        "warmup_seconds": args.warmup,
        "concurrency": args.concurrency,
        "workers": args.workers,
        "worker_class": "sync",
        "python": platform.python_version(),
        "gunicorn": metadata.version("gunicorn"),
        "platform": platform.platform(),
    }
    report.write_json(args.output, settings, page_rows, workers)
    print(f"\nwrote {args.output}")
    return 1 if any(row.result.error_count for row in page_rows) else 0
