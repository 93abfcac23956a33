"""Each page is measured in slices taken in turns with slices of the bare route, and compared
with the bare route in those slices, not with its first run: the machine's speed may change
while the bench runs."""

from __future__ import annotations

from collections import Counter

from bench import report
from bench.load import LoadResult, Page, Slices
from bench.run import _measure, parse_args
from bench.wrk import WrkResult

BARE, PAGE, OTHER = Page("bare route", "/healthz"), Page("lesson", "/l"), Page("outline", "/o")


class _Server:
    port = 0

    def wait_until_idle(self) -> float:
        return 0.0


class _Machine:
    """A load whose machine runs at full speed, then at half speed from its load number
    ``slow_from`` on: the bare route answers 100 requests a second at full speed, the lesson
    20, the outline 40."""

    rates = {"/healthz": 100, "/l": 20, "/o": 40}

    def __init__(self, slow_from: int) -> None:
        self.slow_from = slow_from
        self.calls: list[tuple[str, float]] = []

    def __call__(self, port: int, page: Page, headers: dict[str, str], seconds: float,
                 concurrency: int) -> LoadResult:
        self.calls.append((page.path, seconds))
        slowed = 0.5 if len(self.calls) >= self.slow_from else 1.0
        answers = int(self.rates[page.path] * slowed * seconds)
        return LoadResult(latencies=[0.01] * answers, seconds=seconds)


def test_a_page_is_compared_with_the_bare_route_in_the_slices_beside_its_own():
    load = _Machine(slow_from=6)  # from the outline's first slice of the bare route
    args = parse_args(["--seconds", "4", "--slices", "2", "--warmup", "0"])
    measured = _measure(load, _Server(), (BARE, PAGE, OTHER), {None: {}}, args, baseline=BARE)
    # The bare route once for 4 s, then each page's 2 s slices in turns with the bare route's.
    assert load.calls == [("/healthz", 4), ("/healthz", 2), ("/l", 2), ("/healthz", 2), ("/l", 2),
                          ("/healthz", 2), ("/o", 2), ("/healthz", 2), ("/o", 2)]
    rows = report.rows(measured)
    ratios = {row.page.name: row.vs_baseline for row in rows}
    # The outline ran at half speed, as did the bare route beside it: still 0.4, not 0.2.
    assert ratios == {"bare route": 1.0, "lesson": 0.2, "outline": 0.4}
    assert [row.baseline_per_second for row in rows] == [100, 100, 50]
    assert rows[2].as_json()["baseline_requests_per_second"] == 50


def test_without_a_baseline_a_load_is_one_run_compared_with_the_first_page():
    load = _Machine(slow_from=3)  # from the lesson's warm-up
    args = parse_args(["--seconds", "3", "--warmup", "1"])
    measured = _measure(load, _Server(), (BARE, PAGE), {None: {}}, args)
    assert load.calls == [("/healthz", 1), ("/healthz", 3), ("/l", 1), ("/l", 3)]
    # Compared with the bare route at full speed, the lesson's half-speed run seems halved.
    assert [row.vs_baseline for row in report.rows(measured)] == [1.0, 0.1]


def test_slices_add_up_and_keep_a_percentile_one_of_them_had():
    parts = [WrkResult(requests=10, seconds=1.0, errors=Counter({"HTTP 500": 1}),
                       percentiles={50.0: 3.0, 95.0: 9.0}),
             WrkResult(requests=30, seconds=1.0, percentiles={50.0: 1.0, 95.0: 2.0}),
             WrkResult(requests=20, seconds=1.5, percentiles={50.0: 2.0, 95.0: 4.0}),
             WrkResult(requests=0, seconds=1.0, errors=Counter({"HTTP 500": 2}))]
    combined = Slices(parts)
    assert (combined.requests, combined.seconds, combined.per_second) == (60, 4.5, 60 / 4.5)
    assert combined.errors == Counter({"HTTP 500": 3})
    assert (combined.median_ms, combined.percentile_ms(95)) == (2.0, 4.0)
    assert Slices([]).median_ms is None
