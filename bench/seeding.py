"""The benchmark's private database and environment, and the steps that fill it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
COURSES_DIR = ROOT / "courses"


class SeedError(RuntimeError):
    pass


@dataclass(frozen=True)
class BenchEnv:
    """Where one run keeps its files, and the environment gunicorn and the seeders share."""

    workdir: Path
    environ: dict[str, str]

    @property
    def database_url(self) -> str:
        return self.environ["LMS_DATABASE_URL"]

    @property
    def targets_path(self) -> Path:
        """Where seed steps record ids the pages' paths need (see ``targets``)."""
        return self.workdir / "targets.json"

    def targets(self) -> dict[str, Any]:
        """What the seed steps recorded, such as ``cohort_id``; empty if nothing was."""
        try:
            return dict(json.loads(self.targets_path.read_text()))
        except FileNotFoundError:
            return {}


SeedStep = Callable[[BenchEnv], None]


def bench_env(workdir: Path) -> BenchEnv:
    """A development setup on a fresh SQLite file, without the caller's own LMS_* settings.

    Inherited LMS_* variables are dropped so that a developer's local configuration does not
    change what is measured; sign-in throttling is off so the benchmark's login always works.
    The course files are the repository's own, wherever the benchmark is started from.
    """
    environ = {key: value for key, value in os.environ.items() if not key.startswith("LMS_")}
    environ.pop("GUNICORN_CMD_ARGS", None)
    environ.update(
        LMS_ENV="development",
        LMS_DATABASE_URL=f"sqlite:///{workdir / 'bench.sqlite'}",
        LMS_RATELIMIT_ENABLED="false",
        LMS_COURSES_DIR=str(COURSES_DIR),
    )
    return BenchEnv(workdir=workdir, environ=environ)


def _run(env: BenchEnv, args: list[str], shown: str) -> str:
    """Run ``python <args>`` from the repository root in the benchmark's environment; returns
    what it printed."""
    done = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env.environ, capture_output=True, text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SeedError(f"`{shown}` failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    return done.stdout


def flask_command(*args: str) -> SeedStep:
    """A step running ``flask --app wsgi:app <args>``, the same command an operator would."""

    def step(env: BenchEnv) -> None:
        _run(env, ["-m", "flask", "--app", "wsgi:app", *args],
             f"flask --app wsgi:app {' '.join(args)}")

    step.__qualname__ = step.__name__ = "flask " + " ".join(args)
    return step


def grow_cohort(trainees: int) -> SeedStep:
    """A step running ``python -m bench.grow`` (bench/grow.py): the demo's active cohort
    grows to ``trainees`` trainees with progress, and the pages' targets are recorded."""

    def step(env: BenchEnv) -> None:
        args = ["-m", "bench.grow", "--trainees", str(trainees), str(env.targets_path)]
        _run(env, args, "python " + " ".join(args))

    step.__qualname__ = step.__name__ = f"grow the active cohort to {trainees:,} trainees"
    return step


def add_alumni(alumni: int) -> SeedStep:
    """A step running ``python -m bench.alumni`` (bench/alumni.py): ``alumni`` alumni of past
    cohorts, most of them listed in the directory."""

    def step(env: BenchEnv) -> None:
        args = ["-m", "bench.alumni", "--alumni", str(alumni), str(env.targets_path)]
        _run(env, args, "python " + " ".join(args))

    step.__qualname__ = step.__name__ = f"add {alumni:,} alumni of past cohorts"
    return step


def add_grant_applications(applications: int) -> SeedStep:
    """A step running ``python -m bench.grants`` (bench/grants.py): ``applications``
    applications in the demo's open grant round, most with the committee and reviewed."""

    def step(env: BenchEnv) -> None:
        args = ["-m", "bench.grants", "--applications", str(applications),
                str(env.targets_path)]
        _run(env, args, "python " + " ".join(args))

    step.__qualname__ = step.__name__ = f"add {applications:,} grant applications to a round"
    return step


def add_admission_applications(applications: int) -> SeedStep:
    """A step running ``python -m bench.admissions`` (bench/admissions.py): ``applications``
    applications to the demo's open call, across countries and every state without a place."""

    def step(env: BenchEnv) -> None:
        args = ["-m", "bench.admissions", "--applications", str(applications),
                str(env.targets_path)]
        _run(env, args, "python " + " ".join(args))

    step.__qualname__ = step.__name__ = f"add {applications:,} applications to an open call"
    return step


def seed(env: BenchEnv, steps: tuple[SeedStep, ...]) -> dict[str, float]:
    """Run the steps in order; returns the seconds each took, by the step's name."""
    took = {}
    for step in steps:
        name = str(getattr(step, "__name__", step))
        print(f"seeding: {name}", file=sys.stderr, end="", flush=True)
        started = time.perf_counter()
        step(env)
        took[name] = round(time.perf_counter() - started, 1)
        print(f" ({took[name]:.1f} s)", file=sys.stderr)
    return took
