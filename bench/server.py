"""gunicorn serving ``wsgi:app`` on a free loopback port, and its workers' peak memory."""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from bench.seeding import ROOT, BenchEnv

HOST = "127.0.0.1"
HEALTH_PATH = "/healthz"


class ServerError(RuntimeError):
    pass


@dataclass(frozen=True)
class WorkerMemory:
    pid: int
    peak_kib: int  # VmHWM: the most resident memory the worker ever held


def free_port() -> int:
    """A port the kernel just handed out; another process could take it first, but rarely."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


class Gunicorn:
    """One gunicorn master. Call ``stop()`` in a ``finally``: it is safe whatever happened."""

    def __init__(self, env: BenchEnv, workers: int = 2, startup_timeout: float = 30.0) -> None:
        self.env = env
        self.workers = workers
        self.startup_timeout = startup_timeout
        self.port = 0
        self.log_path: Path = env.workdir / "gunicorn.log"
        self.process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    def start(self) -> None:
        self.port = free_port()
        self._log = self.log_path.open("wb")
        command = [
            sys.executable, "-m", "gunicorn",
            "--workers", str(self.workers),
            "--worker-class", "sync",
            "--bind", f"{HOST}:{self.port}",
            "wsgi:app",
        ]
        # A session of its own, so that stop() can kill master and workers together if the
        # master ignores SIGTERM, without touching the benchmark's own process group.
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=self.env.environ, stdout=self._log,
            stderr=subprocess.STDOUT, start_new_session=True,
        )
        self._wait_until_healthy(self.process)

    def _wait_until_healthy(self, process: subprocess.Popen[bytes]) -> None:
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if (code := process.poll()) is not None:
                raise ServerError(f"gunicorn exited with {code}:\n{self.log_tail()}")
            if _answers(self.port, HEALTH_PATH):
                return
            time.sleep(0.1)
        raise ServerError(
            f"{HEALTH_PATH} did not answer within {self.startup_timeout:g} s:\n{self.log_tail()}"
        )

    def wait_until_idle(self, timeout: float = 300.0) -> float:
        """Wait until /healthz answers; returns the seconds waited.

        A sync worker serves a request whose client has gone, so what a client left in flight
        at its deadline is served before the next page's requests: a page slower than the
        measuring time would otherwise take the next pages' time (and its queue grows)."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if self.process is None or self.process.poll() is not None:
                raise ServerError(f"gunicorn is not running:\n{self.log_tail()}")
            if _answers(self.port, HEALTH_PATH, timeout=5.0):
                return time.monotonic() - started
            time.sleep(0.1)
        raise ServerError(f"{HEALTH_PATH} did not answer within {timeout:g} s after a page's "
                          f"load:\n{self.log_tail()}")

    def worker_timeouts(self) -> int:
        """How many times gunicorn killed a worker for taking longer than its timeout (30 s)."""
        try:
            return self.log_path.read_text(errors="replace").count("WORKER TIMEOUT")
        except OSError:
            return 0

    def stop(self) -> None:
        """Ask gunicorn to shut down gracefully; kill its whole session if it does not."""
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        if self._log is not None:
            self._log.close()
            self._log = None

    def worker_pids(self) -> list[int]:
        return [] if self.process is None else child_pids(self.process.pid)

    def worker_memory(self) -> list[WorkerMemory]:
        found = []
        for pid in self.worker_pids():
            peak = peak_memory_kib(pid)
            if peak is not None:
                found.append(WorkerMemory(pid, peak))
        return found

    def log_tail(self, lines: int = 30) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return "(no gunicorn log)"
        return "\n".join(text.splitlines()[-lines:])


def _answers(port: int, path: str, timeout: float = 1.0) -> bool:
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status == 200
    except (OSError, http.client.HTTPException):
        return False
    finally:
        connection.close()


def child_pids(parent: int) -> list[int]:
    """The parent's children: from /proc/<pid>/task/*/children, else by scanning ppids.

    The children files need a kernel built with CONFIG_PROC_CHILDREN; the scan always works.
    """
    found: set[int] = set()
    for children in Path(f"/proc/{parent}/task").glob("*/children"):
        try:
            found.update(int(pid) for pid in children.read_text().split())
        except OSError:
            continue
    if found:
        return sorted(found)
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # "pid (comm) state ppid ...": comm may hold spaces and parentheses.
        fields = stat.rpartition(")")[2].split()
        if len(fields) > 1 and int(fields[1]) == parent:
            found.add(int(entry.name))
    return sorted(found)


def memory_kib(pid: int) -> dict[str, int]:
    """The process's memory lines of /proc/<pid>/status (VmRSS, VmHWM...) in KiB; empty when
    it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return {}
    return {name: int(value.split()[0])  # always in kB
            for name, _, value in (line.partition(":") for line in status.splitlines())
            if name.startswith("Vm")}


def peak_memory_kib(pid: int) -> int | None:
    return memory_kib(pid).get("VmHWM")


def reset_peak_memory(pid: int) -> bool:
    """Start the process's VmHWM again from its VmRSS (Linux 4.0 on, for the process's owner).

    False when the kernel or the permissions do not allow it."""
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
    except OSError:
        return False
    return True
