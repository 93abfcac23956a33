"""The benchmark's private database and environment, and the steps that fill it."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


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


SeedStep = Callable[[BenchEnv], None]


def bench_env(workdir: Path) -> BenchEnv:
    """A development setup on a fresh SQLite file, without the caller's own LMS_* settings.

    Inherited LMS_* variables are dropped so that a developer's local configuration does not
    change what is measured; sign-in throttling is off so the benchmark's login always works.
    """
    environ = {key: value for key, value in os.environ.items() if not key.startswith("LMS_")}
    environ.pop("GUNICORN_CMD_ARGS", None)
    environ.update(
        LMS_ENV="development",
        LMS_DATABASE_URL=f"sqlite:///{workdir / 'bench.sqlite'}",
        LMS_RATELIMIT_ENABLED="false",
    )
    return BenchEnv(workdir=workdir, environ=environ)


def flask_command(*args: str) -> SeedStep:
    """A step running ``flask --app wsgi:app <args>``, the same command an operator would."""

    def step(env: BenchEnv) -> None:
        command = [sys.executable, "-m", "flask", "--app", "wsgi:app", *args]
        done = subprocess.run(
            command, cwd=ROOT, env=env.environ, capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            raise SeedError(
                f"`flask --app wsgi:app {' '.join(args)}` failed ({done.returncode}):\n"
                f"{done.stdout}{done.stderr}"
            )

    step.__qualname__ = step.__name__ = "flask " + " ".join(args)
    return step


def seed(env: BenchEnv, steps: tuple[SeedStep, ...]) -> None:
    for step in steps:
        print(f"seeding: {getattr(step, '__name__', step)!s}", file=sys.stderr)
        step(env)
