"""``python -m bench compare A.json B.json``: two runs side by side, pages matched by name."""

from __future__ import annotations

import json
from typing import Any

from bench.compare import compare, main


def run(pages: list[dict[str, Any]], **about: Any) -> dict[str, Any]:
    return {
        "settings": {"started_at": "2026-12-04T09:00:00+00:00", "concurrency": 4, "workers": 2},
        "client": {"name": "wrk", "version": "4.1.0"},
        "cohort_trainees": 1000,
        "machine": {"cpu": "Some CPU", "cores": 2},
        "commit": {"commit": "0123456789abcdef", "dirty": False},
        "pages": pages,
        "workers": [{"pid": 1, "peak_kib": 150 * 1024}, {"pid": 2, "peak_kib": 160 * 1024}],
        "exports": [{"name": "gradebook CSV (staff)", "growth_kib": 80 * 1024}],
        **about,
    }


def page(name: str, ratio: float, median: float, queries: int | None) -> dict[str, Any]:
    return {"name": name, "vs_baseline": ratio, "median_ms": median, "queries": queries}


def line_of(text: str, start: str) -> list[str]:
    (found,) = [line for line in text.splitlines() if line.startswith(start)]
    return found.removeprefix(start).split()


A = run([page("bare route", 1.0, 2.0, 0), page("lesson (trainee)", 0.2, 10.0, 14),
         page("gone (staff)", 0.1, 20.0, 9)])
B = run([page("bare route", 1.0, 2.5, 0), page("new (staff)", 0.3, 5.0, 4),
         page("lesson (trainee)", 0.25, 8.0, 9)],
        workers=[{"pid": 3, "peak_kib": 140 * 1024}],
        exports=[{"name": "gradebook CSV (staff)", "growth_kib": 2 * 1024}],
        commit={"commit": "fedcba9876543210", "dirty": True})


def test_each_page_shows_both_runs_and_the_change():
    text = compare("a.json", A, "b.json", B)
    # ratio A, ratio B, change, p50 A, p50 B, change, queries A, queries B, change
    assert line_of(text, "lesson (trainee)") == ["0.200", "0.250", "+25%", "10.00", "8.00",
                                                 "-20%", "14", "9", "-5"]
    assert line_of(text, "bare route") == ["1.000", "1.000", "+0%", "2.00", "2.50", "+25%",
                                           "0", "0", "+0"]


def test_a_page_only_one_run_measured_has_dashes_on_the_other_side():
    text = compare("a.json", A, "b.json", B)
    assert line_of(text, "gone (staff)") == ["0.100", "-", "-", "20.00", "-", "-", "9", "-",
                                             "-"]
    assert line_of(text, "new (staff)") == ["-", "0.300", "-", "-", "5.00", "-", "-", "4",
                                            "-"]
    names = [line.split("  ")[0].strip() for line in text.splitlines()]
    # A's order first, then what only B has.
    assert names.index("gone (staff)") < names.index("new (staff)")


def test_memory_compares_the_highest_worker_peak_and_each_exports_growth():
    text = compare("a.json", A, "b.json", B)
    assert line_of(text, "workers' peak (VmHWM, the highest)") == ["160.0", "140.0", "-20.0"]
    assert line_of(text, "growth serving gradebook CSV (staff)") == ["80.0", "2.0", "-78.0"]


def test_the_runs_are_named_and_a_difference_in_setup_is_warned_of():
    text = compare("a.json", A, "b.json", B)
    assert "A: a.json" in text and "0123456789" in text
    assert "fedcba9876 (with uncommitted changes)" in text
    assert "warning" not in text
    bigger = run(A["pages"], cohort_trainees=10000, client={"name": "python"})
    warned = compare("a.json", A, "c.json", bigger)
    assert "cohort trainees: 1000 in A, 10000 in B" in warned
    assert "client: wrk in A, python in B" in warned


def test_results_without_the_newer_fields_still_compare():
    old = {"settings": {"started_at": "2026-11-01T00:00:00+00:00"},
           "pages": [{"name": "bare route", "vs_baseline": 1.0, "median_ms": 2.0}],
           "workers": []}
    text = compare("old.json", old, "b.json", B)
    assert line_of(text, "bare route")[:3] == ["1.000", "1.000", "+0%"]
    assert line_of(text, "bare route")[6:] == ["-", "0", "-"]


def test_main_reads_two_files(tmp_path, capsys):
    (tmp_path / "a.json").write_text(json.dumps(A))
    (tmp_path / "b.json").write_text(json.dumps(B))
    assert main([str(tmp_path / "a.json"), str(tmp_path / "b.json")]) == 0
    assert "lesson (trainee)" in capsys.readouterr().out
    assert main([str(tmp_path / "a.json")]) == 2
    assert main([str(tmp_path / "a.json"), str(tmp_path / "missing.json")]) == 2
