"""What a run was measured on and of: the machine and the commit, for results.json, so that
two results files say whether they can be compared at all."""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
from pathlib import Path
from typing import Any

from bench.seeding import ROOT


def _proc_field(path: str, name: str) -> str | None:
    """The value of the first ``name: value`` line of a /proc file; None off Linux."""
    try:
        text = Path(path).read_text()
    except OSError:
        return None
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key.strip() == name:
            return value.strip()
    return None


def machine() -> dict[str, Any]:
    memory = _proc_field("/proc/meminfo", "MemTotal")  # "24684012 kB"
    return {
        "cpu": _proc_field("/proc/cpuinfo", "model name") or platform.processor() or None,
        "cores": os.cpu_count(),
        "memory_mib": int(memory.split()[0]) // 1024 if memory else None,
        "platform": platform.platform(),
        "python": platform.python_version(),
    }


def _git(*args: str) -> str | None:
    """git's answer in the repository; None without git or outside a clone."""
    if (git := shutil.which("git")) is None:
        return None
    done = subprocess.run([git, *args], cwd=ROOT, capture_output=True, text=True, check=False)
    return done.stdout.strip() if done.returncode == 0 else None


def commit() -> dict[str, Any]:
    """HEAD and whether the tree has changes of its own (then HEAD is not all that ran)."""
    status = _git("status", "--porcelain", "--untracked-files=no")
    return {"commit": _git("rev-parse", "HEAD"),
            "dirty": None if status is None else bool(status)}
