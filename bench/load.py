"""A closed-loop load: N threads, each sending its next request as soon as the last answers.

Closed loop means the measured rate is what the server sustains at that concurrency, not an
offered rate it may fall behind. Each thread keeps one ``http.client`` connection; gunicorn's
sync workers close it after every response, and http.client then reconnects on its own.
"""

from __future__ import annotations

import http.client
import math
import statistics
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from bench.server import HOST

TIMEOUT = 30.0


@dataclass(frozen=True)
class Page:
    """One measured page. ``login`` is a demo account's email; None means anonymous."""

    name: str
    path: str
    login: str | None = None
    expect_status: int = 200


class Measured:
    """What the report needs of one page's load, whichever client measured it. A client's
    result has ``requests`` (answers with the expected status), ``seconds``, ``errors`` by
    kind, ``percentile_ms`` and ``median_ms``; the rates follow from them here."""

    requests: int
    seconds: float
    errors: Counter[str]

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds > 0 else 0.0

    def percentile_ms(self, percent: float) -> float | None:
        raise NotImplementedError

    @property
    def median_ms(self) -> float | None:
        raise NotImplementedError


@dataclass
class LoadResult(Measured):
    """What the threads saw: answers with the expected status and everything else."""

    latencies: list[float] = field(default_factory=list)  # seconds, expected answers only
    errors: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0  # from the first thread's start to the last thread's end

    @property
    def requests(self) -> int:
        return len(self.latencies)

    def percentile_ms(self, percent: float) -> float | None:
        """Nearest-rank percentile, so the value is one latency that really happened."""
        if not self.latencies:
            return None
        ordered = sorted(self.latencies)
        rank = max(1, math.ceil(percent / 100 * len(ordered)))
        return ordered[rank - 1] * 1000

    @property
    def median_ms(self) -> float | None:
        return statistics.median(self.latencies) * 1000 if self.latencies else None


@dataclass
class Slices(Measured):
    """Several loads of one page taken in turns with other loads, as one result: the requests,
    seconds and errors of all of them. A percentile is the median of the slices' own, since
    wrk reports percentiles rather than every latency; each is one a slice really had."""

    parts: list[Measured]
    requests: int = 0
    seconds: float = 0.0
    errors: Counter[str] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        self.requests = sum(part.requests for part in self.parts)
        self.seconds = sum(part.seconds for part in self.parts)
        for part in self.parts:
            self.errors.update(part.errors)

    def percentile_ms(self, percent: float) -> float | None:
        values = [value for part in self.parts
                  if (value := part.percentile_ms(percent)) is not None]
        return statistics.median_low(values) if values else None

    @property
    def median_ms(self) -> float | None:
        return self.percentile_ms(50)


#: A client: load ``page`` on the port with these headers for so many seconds at a concurrency.
Load = Callable[[int, Page, dict[str, str], float, int], Measured]


@dataclass
class _ThreadResult:
    latencies: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    started: float = 0.0
    ended: float = 0.0


def _drive(port: int, page: Page, headers: dict[str, str], seconds: float,
           start: threading.Barrier, out: _ThreadResult) -> None:
    connection = http.client.HTTPConnection(HOST, port, timeout=TIMEOUT)
    start.wait()
    out.started = time.perf_counter()
    deadline = out.started + seconds
    try:
        while time.perf_counter() < deadline:
            sent = time.perf_counter()
            try:
                connection.request("GET", page.path, headers=headers)
                response = connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException) as error:
                out.errors[type(error).__name__] += 1
                connection.close()
                continue
            took = time.perf_counter() - sent
            if response.status == page.expect_status:
                out.latencies.append(took)
            else:
                out.errors[f"HTTP {response.status}"] += 1
    finally:
        out.ended = time.perf_counter()
        connection.close()


def run_load(port: int, page: Page, headers: dict[str, str], seconds: float,
             concurrency: int) -> LoadResult:
    """Load one page for ``seconds``; requests still in flight at the deadline are counted."""
    start = threading.Barrier(concurrency)
    outs = [_ThreadResult() for _ in range(concurrency)]
    threads = [
        threading.Thread(target=_drive, args=(port, page, headers, seconds, start, out),
                         name=f"bench-{index}", daemon=True)
        for index, out in enumerate(outs)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result = LoadResult()
    for out in outs:
        result.latencies.extend(out.latencies)
        result.errors.update(out.errors)
    result.seconds = max(out.ended for out in outs) - min(out.started for out in outs)
    return result
