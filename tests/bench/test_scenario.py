"""The bench's settings: the cohort's size, the client, what results.json and the table say."""

from __future__ import annotations

import json
import os
from collections import Counter

import pytest

from bench import report
from bench.exports import ExportMemory
from bench.load import LoadResult, Page, run_load
from bench.machine import commit, machine
from bench.run import choose_client, parse_args
from bench.scenario import COHORT_TRAINEES, EXPORTS, PAGES, seed_steps
from bench.server import WorkerMemory, memory_kib, reset_peak_memory
from bench.wrk import WrkError


def step_names(trainees: int | None = None) -> list[str]:
    steps = seed_steps() if trainees is None else seed_steps(trainees)
    return [step.__name__ for step in steps]


def test_the_cohort_grows_to_the_size_asked_for():
    assert "grow the active cohort to 10,000 trainees" in step_names(10_000)
    assert f"grow the active cohort to {COHORT_TRAINEES:,} trainees" in step_names()
    # The rest of the seeding does not depend on the cohort's size.
    assert [name for name in step_names(10_000) if "cohort to" not in name] == \
        [name for name in step_names() if "cohort to" not in name]


def test_the_size_comes_from_cohort_trainees_in_the_environment(monkeypatch):
    monkeypatch.delenv("COHORT_TRAINEES", raising=False)
    assert parse_args([]).cohort_trainees == COHORT_TRAINEES
    # `make bench COHORT_TRAINEES=10000`: make puts the variable in the recipe's environment.
    monkeypatch.setenv("COHORT_TRAINEES", "10000")
    assert parse_args([]).cohort_trainees == 10_000
    assert parse_args(["--cohort-trainees", "20"]).cohort_trainees == 20
    monkeypatch.setenv("COHORT_TRAINEES", "many")
    with pytest.raises(SystemExit):
        parse_args([])


def test_page_names_are_unique_since_compare_matches_pages_by_name():
    names = [page.name for page in PAGES + EXPORTS]
    assert [name for name, count in Counter(names).items() if count > 1] == []


def test_the_new_pages_are_measured():
    measured = {(page.path, page.login) for page in PAGES}
    for login in ("mentor", "committee", "alumna"):
        assert ("/", f"{login}@kakehashi.example") in measured
    assert ("/notifications", "trainee@kakehashi.example") in measured
    assert {page.path for page in EXPORTS} == {
        "/cohorts/{cohort_id}/gradebook.csv",
        "/grants/staff/rounds/{grant_round_id}/applications.csv"}


def test_wrk_is_used_where_it_is_installed_and_the_python_client_elsewhere():
    assert choose_client("auto", None) == ("python", run_load)
    assert choose_client("python", "/usr/bin/wrk") == ("python", run_load)
    assert choose_client("auto", "/usr/bin/wrk")[0] == "wrk"
    assert choose_client("wrk", "/usr/bin/wrk")[0] == "wrk"
    with pytest.raises(WrkError, match="apt-get install wrk"):
        choose_client("wrk", None)


def test_the_table_and_the_json_carry_queries_and_export_memory(tmp_path):
    bare, lesson = Page("bare route", "/healthz"), Page("lesson", "/lesson", login="t@x")
    fast = LoadResult(latencies=[0.001] * 100, seconds=1.0)
    slow = LoadResult(latencies=[0.01] * 10, seconds=1.0, errors=Counter({"HTTP 500": 1}))
    rows = report.rows([report.Measurement(bare, fast), report.Measurement(lesson, slow)],
                       {"bare route": 0, "lesson": 11})
    table = report.table(rows, "bare route")
    assert table.splitlines()[0].split()[-2:] == ["queries", "errors"]
    assert table.splitlines()[-1].split()[-2:] == ["11", "1"]

    export = ExportMemory(Page("gradebook CSV", "/g.csv", login="s@x"), 200, 4096, 1.5,
                          rss_before_kib=100 * 1024, peak_kib=130 * 1024, peak_reset=True)
    assert export.growth_kib == 30 * 1024
    assert "30.0 MiB" in report.export_lines([export])[0]
    path = tmp_path / "results.json"
    report.write_json(path, {"client": {"name": "wrk"}, "cohort_trainees": 10}, rows,
                      [WorkerMemory(1, 2048)], [export])
    written = json.loads(path.read_text())
    assert written["client"] == {"name": "wrk"}
    assert written["cohort_trainees"] == 10
    assert [page["queries"] for page in written["pages"]] == [0, 11]
    assert written["exports"][0]["growth_kib"] == 30 * 1024


def test_the_machine_and_the_commit_are_described():
    described = machine()
    assert described["cores"] == os.cpu_count()
    assert described["platform"]
    sha = commit()
    assert sha["commit"] is None or len(sha["commit"]) == 40
    assert sha["dirty"] in (None, True, False)


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="Linux only")
def test_a_processs_peak_memory_can_be_started_again():
    figures = memory_kib(os.getpid())
    assert figures["VmHWM"] >= figures["VmRSS"] > 0
    if reset_peak_memory(os.getpid()):
        assert memory_kib(os.getpid())["VmHWM"] <= figures["VmHWM"]
