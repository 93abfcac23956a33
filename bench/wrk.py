"""wrk as the bench's client where it is installed (Debian's ``wrk`` package): the same closed
loop as bench/load.py, written in C, so that the client takes less of the machine's cores from
the server it measures.

wrk runs ``concurrency`` connections, each sending its next request when the last one answered,
with the session cookie the Python client sends. bench/wrk.lua counts the answers by status and
prints one ``wrk-json:`` line at the end, parsed here: answers with the page's expected status
are the requests, any other status and wrk's socket errors are errors. Unlike the Python
client, wrk's latency percentiles include the unexpected answers (it records every answer's
latency), and it loads for whole seconds only.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench.load import TIMEOUT, Measured, Page
from bench.server import HOST

SCRIPT = Path(__file__).resolve().with_name("wrk.lua")
MARKER = "wrk-json: "


class WrkError(RuntimeError):
    pass


@dataclass
class WrkResult(Measured):
    """One wrk run, in the terms of bench.load.LoadResult."""

    requests: int = 0  # answers with the expected status
    seconds: float = 0.0
    errors: Counter[str] = field(default_factory=Counter)
    percentiles: dict[float, float] = field(default_factory=dict)  # percent -> ms

    @property
    def median_ms(self) -> float | None:
        return self.percentile_ms(50)

    def percentile_ms(self, percent: float) -> float | None:
        """Only the percentiles bench/wrk.lua prints (50, 95, 99); None without answers."""
        return self.percentiles.get(percent)


def find_wrk() -> str | None:
    return shutil.which("wrk")


def parse_output(text: str, expect_status: int) -> WrkResult:
    """The ``wrk-json:`` line bench/wrk.lua prints, as a result; WrkError when it is missing."""
    lines = [line for line in text.splitlines() if line.startswith(MARKER)]
    if not lines:
        raise WrkError(f"wrk printed no {MARKER.strip()} line:\n{text}")
    report = json.loads(lines[-1][len(MARKER):])
    statuses = {int(status): count for status, count in report["statuses"].items()}
    errors: Counter[str] = Counter({f"HTTP {status}": count for status, count
                                    in statuses.items() if status != expect_status})
    errors.update({f"wrk {kind} error": count for kind, count in report["socket_errors"].items()})
    requests = statuses.get(expect_status, 0)
    return WrkResult(
        requests=requests,
        seconds=report["duration_us"] / 1e6,
        errors=+errors,  # drops the kinds that did not happen
        percentiles={float(percent): microseconds / 1000 for percent, microseconds
                     in report["latency_us"].items()} if report["responses"] else {},
    )


def command(wrk: str, port: int, page: Page, headers: dict[str, str], seconds: float,
            concurrency: int) -> list[str]:
    # No more threads than cores: wrk's threads each drive many connections, and more
    # threads would only take time from the server on the same machine.
    threads = min(concurrency, os.cpu_count() or 1)
    return [
        wrk, "--threads", str(threads), "--connections", str(concurrency),
        "--duration", f"{max(1, math.ceil(seconds))}s", "--timeout", f"{TIMEOUT:g}s",
        *[argument for name, value in headers.items() for argument in ("--header",
                                                                       f"{name}: {value}")],
        "--script", str(SCRIPT), f"http://{HOST}:{port}{page.path}",
    ]


def wrk_load(wrk: str) -> Callable[[int, Page, dict[str, str], float, int], WrkResult]:
    """A bench.load.Load that runs ``wrk``."""

    def load(port: int, page: Page, headers: dict[str, str], seconds: float,
             concurrency: int) -> WrkResult:
        done = subprocess.run(command(wrk, port, page, headers, seconds, concurrency),
                              capture_output=True, text=True, check=False,
                              timeout=seconds + TIMEOUT + 30)
        if done.returncode != 0:
            raise WrkError(f"wrk failed ({done.returncode}):\n{done.stdout}{done.stderr}")
        return parse_output(done.stdout, page.expect_status)

    return load
