"""How much a gunicorn worker's memory grows while it serves one export (a CSV file).

Each export gets a gunicorn of its own with one sync worker, started after the pages were
measured: the main workers' peak would hide an export's, and a worker that has served the
export once keeps the memory it freed for the next time. The worker signs the export's login
in and serves the home page first (so the app, its templates and the session are loaded),
then its peak (VmHWM) is started again from its resident memory (VmRSS), one export is
downloaded, and the peak it reached is read: the growth is that peak less the memory before.
"""

from __future__ import annotations

import http.client
import sys
import time
from dataclasses import dataclass
from typing import Any

from bench.client import cookie_header, log_in
from bench.load import TIMEOUT, Page
from bench.seeding import BenchEnv
from bench.server import HOST, Gunicorn, ServerError, memory_kib, reset_peak_memory

CHUNK = 64 * 1024


@dataclass(frozen=True)
class ExportMemory:
    page: Page
    status: int
    size: int  # bytes of the body
    seconds: float
    rss_before_kib: int
    peak_kib: int
    # False where /proc/<pid>/clear_refs could not be written: the peak is then the worker's
    # whole life's, start-up included, and the growth may be too high.
    peak_reset: bool

    @property
    def growth_kib(self) -> int:
        return max(0, self.peak_kib - self.rss_before_kib)

    def as_json(self) -> dict[str, Any]:
        return {"name": self.page.name, "path": self.page.path, "login": self.page.login,
                "status": self.status, "bytes": self.size, "seconds": round(self.seconds, 3),
                "rss_before_kib": self.rss_before_kib, "peak_kib": self.peak_kib,
                "growth_kib": self.growth_kib, "peak_reset": self.peak_reset}


def _download(port: int, path: str, headers: dict[str, str]) -> tuple[int, int]:
    """GET ``path``, reading the body in chunks; returns the status and the body's bytes."""
    connection = http.client.HTTPConnection(HOST, port, timeout=TIMEOUT)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        size = 0
        while chunk := response.read(CHUNK):
            size += len(chunk)
        return response.status, size
    finally:
        connection.close()


def measure_export(env: BenchEnv, page: Page, password: str) -> ExportMemory:
    server = Gunicorn(env, workers=1)
    try:
        server.start()
        headers = {"Cookie": cookie_header(log_in(server.port, page.login, password))
                   } if page.login else {}
        _download(server.port, "/", headers)
        pids = server.worker_pids()
        if len(pids) != 1:
            raise ServerError(f"expected one gunicorn worker, found {pids}")
        pid = pids[0]
        peak_reset = reset_peak_memory(pid)
        before = memory_kib(pid)
        started = time.perf_counter()
        status, size = _download(server.port, page.path, headers)
        seconds = time.perf_counter() - started
        after = memory_kib(pid)
    finally:
        server.stop()
    if "VmRSS" not in before or "VmHWM" not in after:
        raise ServerError(f"no memory figures in /proc/{pid}/status")
    return ExportMemory(page, status, size, seconds, before["VmRSS"], after["VmHWM"],
                        peak_reset)


def measure_exports(env: BenchEnv, pages: tuple[Page, ...],
                    password: str) -> list[ExportMemory]:
    measured = []
    for page in pages:
        print(f"serving {page.name} ({page.path}) once from a fresh worker", file=sys.stderr)
        measured.append(measure_export(env, page, password))
    return measured
