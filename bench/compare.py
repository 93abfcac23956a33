"""``python -m bench compare A.json B.json``: two runs' results side by side.

Pages are matched by name; a page only one run measured shows "-" on the other side. For each
page: the ratio to the bare route (the figure that survives a busy machine), the median
latency and the queries per request in A and in B, with the change from A to B. Then the
workers' peak memory and each export's memory growth. The runs' machine, commit, client and
cohort size come first, with a warning where they differ, since the figures then measure that
difference too.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from bench.report import format_table

# Where the runs must agree for their figures to be comparable, and how to name it.
MUST_MATCH = (("cohort trainees", lambda run: run.get("cohort_trainees")),
              ("client", lambda run: (run.get("client") or {}).get("name")),
              ("cpu", lambda run: (run.get("machine") or {}).get("cpu")),
              ("concurrency", lambda run: (run.get("settings") or {}).get("concurrency")),
              ("workers", lambda run: (run.get("settings") or {}).get("workers")))


def _relative(a: float | None, b: float | None) -> str:
    if a is None or b is None or a == 0:
        return "-"
    return f"{(b / a - 1) * 100:+.0f}%"


def _difference(a: float | None, b: float | None, digits: int = 0) -> str:
    if a is None or b is None:
        return "-"
    return f"{b - a:+.{digits}f}"


def _number(value: float | None, digits: int) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def describe(label: str, path: str, run: dict[str, Any]) -> str:
    commit = run.get("commit") or {}
    sha = (commit.get("commit") or "unknown commit")[:10]
    dirty = " (with uncommitted changes)" if commit.get("dirty") else ""
    machine = run.get("machine") or {}
    client = (run.get("client") or {}).get("name") or "python"
    trainees = run.get("cohort_trainees")
    return (f"{label}: {path}\n   {(run.get('settings') or {}).get('started_at', '?')}, "
            f"{sha}{dirty}, {client}, "
            f"{f'{trainees:,}' if trainees else '?'} trainees, "
            f"{machine.get('cpu') or '?'} x{machine.get('cores') or '?'}")


def differences(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    return [f"{name}: {get(a)} in A, {get(b)} in B" for name, get in MUST_MATCH
            if get(a) is not None and get(b) is not None and get(a) != get(b)]


def page_table(a: dict[str, Any], b: dict[str, Any]) -> str:
    pages_a = {page["name"]: page for page in a.get("pages", [])}
    pages_b = {page["name"]: page for page in b.get("pages", [])}
    # A's order, then the pages only B has, in B's order.
    names = list(dict.fromkeys([*pages_a, *pages_b]))
    header = ("page", "ratio A", "ratio B", "change", "p50 A", "p50 B", "change",
              "queries A", "queries B", "change")
    body = []
    for name in names:
        page_a, page_b = pages_a.get(name, {}), pages_b.get(name, {})
        ratio = page_a.get("vs_baseline"), page_b.get("vs_baseline")
        median = page_a.get("median_ms"), page_b.get("median_ms")
        queries = page_a.get("queries"), page_b.get("queries")
        body.append((name, _number(ratio[0], 3), _number(ratio[1], 3), _relative(*ratio),
                     _number(median[0], 2), _number(median[1], 2), _relative(*median),
                     _number(queries[0], 0), _number(queries[1], 0), _difference(*queries)))
    return format_table(header, body, text_columns=1)


def _peak_mib(run: dict[str, Any]) -> float | None:
    peaks = [worker["peak_kib"] for worker in run.get("workers", [])]
    return max(peaks) / 1024 if peaks else None


def memory_table(a: dict[str, Any], b: dict[str, Any]) -> str:
    header = ("memory, MiB", "A", "B", "change")
    peak = _peak_mib(a), _peak_mib(b)
    body = [("workers' peak (VmHWM, the highest)", _number(peak[0], 1), _number(peak[1], 1),
             _difference(*peak, digits=1))]
    exports_a = {export["name"]: export for export in a.get("exports", [])}
    exports_b = {export["name"]: export for export in b.get("exports", [])}
    for name in dict.fromkeys([*exports_a, *exports_b]):
        growth = tuple(export["growth_kib"] / 1024 if export else None
                       for export in (exports_a.get(name), exports_b.get(name)))
        body.append((f"growth serving {name}", _number(growth[0], 1), _number(growth[1], 1),
                     _difference(*growth, digits=1)))
    return format_table(header, body, text_columns=1)


def compare(path_a: str, a: dict[str, Any], path_b: str, b: dict[str, Any]) -> str:
    lines = [describe("A", path_a, a), describe("B", path_b, b)]
    if warnings := differences(a, b):
        lines += ["", "warning: the runs differ in what they measured on:",
                  *(f"  {warning}" for warning in warnings)]
    lines += ["", page_table(a, b), "", memory_table(a, b)]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m bench compare A.json B.json", file=sys.stderr)
        return 2
    try:
        runs = [json.loads(Path(path).read_text()) for path in argv]
    except (OSError, ValueError) as error:
        print(f"bench compare: {error}", file=sys.stderr)
        return 2
    print(compare(argv[0], runs[0], argv[1], runs[1]))
    return 0
