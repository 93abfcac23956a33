"""The results as a table for people and as JSON for later comparison."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from bench.exports import ExportMemory
from bench.load import Measured, Page
from bench.server import WorkerMemory


class Measurement(NamedTuple):
    """A page's load, and the baseline's load in the slices taken in turns with it (None: the
    baseline's first run is the one to compare with, as for the baseline itself)."""

    page: Page
    result: Measured
    beside: Measured | None = None


@dataclass(frozen=True)
class PageRow:
    page: Page
    result: Measured
    vs_baseline: float | None  # this page's requests per second over the baseline's
    queries: int | None = None  # SQL statements for one request (bench/queries.py)
    baseline_per_second: float | None = None  # the baseline's rate this page is compared with

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.page.name,
            "path": self.page.path,
            "login": self.page.login,
            "requests": self.result.requests,
            "seconds": round(self.result.seconds, 3),
            "requests_per_second": round(self.result.per_second, 1),
            "median_ms": _rounded(self.result.median_ms),
            "p95_ms": _rounded(self.result.percentile_ms(95)),
            "vs_baseline": _rounded(self.vs_baseline, 3),
            "baseline_requests_per_second": _rounded(self.baseline_per_second, 1),
            "queries": self.queries,
            "errors": self.result.error_count,
            "error_kinds": dict(self.result.errors),
        }


def _rounded(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def _number(value: float | None, digits: int) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def rows(measured: list[Measurement],
         queries: dict[str, int | None] | None = None) -> list[PageRow]:
    """Pair each page with its ratio to the baseline and its queries. The baseline is the
    first page's run, or the baseline's slices beside the page's where it was measured so."""
    first = measured[0].result.per_second if measured else 0.0
    page_rows = []
    for page, result, beside in measured:
        baseline = first if beside is None else beside.per_second
        page_rows.append(PageRow(page, result,
                                 result.per_second / baseline if baseline > 0 else None,
                                 (queries or {}).get(page.name), baseline))
    return page_rows


def table(page_rows: list[PageRow], baseline_name: str) -> str:
    header = ("page", "path", "req/s", "p50 ms", "p95 ms", f"{baseline_name} req/s",
              f"vs {baseline_name}", "queries", "errors")
    body = [
        (
            row.page.name,
            row.page.path,
            _number(row.result.per_second, 1),
            _number(row.result.median_ms, 2),
            _number(row.result.percentile_ms(95), 2),
            _number(row.baseline_per_second, 1),
            _number(row.vs_baseline, 3),
            "-" if row.queries is None else str(row.queries),
            str(row.result.error_count),
        )
        for row in page_rows
    ]
    return format_table(header, body, text_columns=2)


def format_table(header: tuple[str, ...], body: list[tuple[str, ...]], text_columns: int) -> str:
    """Columns padded to their widest cell: the first ``text_columns`` left-aligned, the
    numbers after them right-aligned so their digits line up."""
    widths = [max(len(line[column]) for line in [header, *body]) for column in range(len(header))]

    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(
            cell.ljust(width) if column < text_columns else cell.rjust(width)
            for column, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    return "\n".join([line(header), "  ".join("-" * width for width in widths), *map(line, body)])


def error_details(page_rows: list[PageRow]) -> list[str]:
    return [
        f"{row.page.name} ({row.page.path}): "
        + ", ".join(f"{count}x {kind}" for kind, count in row.result.errors.most_common())
        for row in page_rows
        if row.result.error_count
    ]


def memory_lines(workers: list[WorkerMemory]) -> list[str]:
    if not workers:
        return ["  (no gunicorn workers found in /proc)"]
    return [f"  pid {worker.pid:>7}  {worker.peak_kib / 1024:8.1f} MiB" for worker in workers]


def export_lines(exports: list[ExportMemory]) -> list[str]:
    width = max((len(export.page.name) for export in exports), default=0)
    return [
        f"  {export.page.name:<{width}}  {export.growth_kib / 1024:8.1f} MiB"
        f"  ({export.size / 1024:,.0f} KiB in {export.seconds:.2f} s"
        + ("" if export.status == 200 else f", HTTP {export.status}")
        + ("" if export.peak_reset else ", peak not reset: may be too high") + ")"
        for export in exports
    ]


def write_json(path: Path, about: dict[str, Any], page_rows: list[PageRow],
               workers: list[WorkerMemory], exports: list[ExportMemory]) -> None:
    """``about`` holds the run's sections (settings, machine, commit...) above the figures."""
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {
        **about,
        "pages": [row.as_json() for row in page_rows],
        "workers": [{"pid": worker.pid, "peak_kib": worker.peak_kib} for worker in workers],
        "exports": [export.as_json() for export in exports],
    }
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
