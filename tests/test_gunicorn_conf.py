"""The standalone host's gunicorn settings tune the collector once a worker has the app."""

from __future__ import annotations

import gc
import runpy
from collections.abc import Iterator
from pathlib import Path

import pytest

CONF = Path(__file__).resolve().parents[1] / "gunicorn.conf.py"


@pytest.fixture
def collector_restored() -> Iterator[None]:
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


@pytest.mark.usefixtures("collector_restored")
def test_a_worker_freezes_what_it_imported_and_collects_young_objects_less_often() -> None:
    settings = runpy.run_path(str(CONF))
    settings["post_worker_init"](worker=None)

    assert gc.get_freeze_count() > 0
    assert gc.get_threshold()[0] == settings["YOUNG_GENERATION_THRESHOLD"] > 700


def test_gunicorn_reads_the_file_from_where_the_bench_starts_it() -> None:
    from gunicorn.config import Config

    from bench.seeding import ROOT  # gunicorn's working directory in the bench

    assert (ROOT / Config().settings["config"].get()).resolve() == CONF
