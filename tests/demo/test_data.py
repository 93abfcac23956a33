"""The demo's story is read from lms/demo/data/: a file it cannot use is refused with the file,
the place in it and what is wrong, and `flask lms demo` then seeds nothing."""

from __future__ import annotations

import datetime as dt
import fnmatch
import shutil
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select

from lms.accounts.models import User
from lms.demo import data, story_files
from lms.demo.data import DemoDataError, load
from lms.grants.models import BudgetCategory
from lms.programs.models import Cohort

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Line:
    category: BudgetCategory
    amount: int


@dataclass(frozen=True)
class Plan:
    title: str
    opens_on: dt.date
    lines: tuple[Line, ...]
    marks: tuple[int, int] = (4, 4)
    note: str | None = None


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(data, "DATA_DIR", tmp_path)
    return tmp_path


def _plan(data_dir, text):
    (data_dir / "plan.toml").write_text(text, encoding="utf-8")
    return load("plan.toml", Plan)


GOOD = """\
title = "A plan"
opens_on = 2019-06-03
lines = [{ category = "training", amount = 96_000 }]
"""


def test_a_table_becomes_the_dataclass_with_its_defaults(data_dir):
    assert _plan(data_dir, GOOD) == Plan("A plan", dt.date(2019, 6, 3),
                                         (Line(BudgetCategory.TRAINING, 96_000),))
    assert _plan(data_dir, GOOD + 'marks = [5, 3]\nnote = "n"\n').marks == (5, 3)


@pytest.mark.parametrize(("text", "problem"), [
    (GOOD.replace("title", "titel"), "plan.toml: unknown key 'titel' (allowed: lines, marks, "
                                     "note, opens_on, title)"),
    (GOOD.replace('title = "A plan"\n', ""), "plan.toml: missing required key 'title'"),
    (GOOD.replace("amount", "amuont"), "plan.toml: lines[0]: unknown key 'amuont'"),
    (GOOD.replace('"training"', '"trainings"'),
     "plan.toml: lines[0].category: must be one of personnel, training,"),
    (GOOD.replace("96_000", '"96,000"'),
     "plan.toml: lines[0].amount: must be a whole number, not '96,000'"),
    (GOOD.replace("2019-06-03", "2019-06-03T10:00:00"), "plan.toml: opens_on: must be a date"),
    (GOOD + "marks = [5]\n", "plan.toml: marks: must have 2 entries, not 1"),
    (GOOD + "note = true\n", "plan.toml: note: must be text, not True"),
    (GOOD.replace("= [{", "= {").replace("}]", "}"), "plan.toml: lines: must be an array"),
    ('title = "unclosed\n', "plan.toml: not valid TOML"),
])
def test_a_file_the_demo_cannot_use_is_refused_with_the_place_and_the_problem(data_dir, text,
                                                                              problem):
    with pytest.raises(DemoDataError) as refused:
        _plan(data_dir, text)
    assert f"{data_dir}/{problem}" in refused.value.format_message()


def test_a_missing_file_is_named(data_dir):
    with pytest.raises(DemoDataError) as refused:
        load("nowhere.toml", Plan)
    assert refused.value.format_message() == f"{data_dir}/nowhere.toml: no such file"


def test_the_demo_command_names_the_broken_file_and_seeds_nothing(app, db, tmp_path,
                                                                  monkeypatch):
    broken = tmp_path / "data"
    shutil.copytree(data.DATA_DIR, broken)
    cohorts = broken / "cohorts.toml"
    cohorts.write_text(cohorts.read_text(encoding="utf-8").replace(
        'name = "Lin Yu-ting"', 'nmae = "Lin Yu-ting"'), encoding="utf-8")
    monkeypatch.setattr(data, "DATA_DIR", broken)

    result = app.test_cli_runner().invoke(args=["lms", "demo"])

    assert result.exit_code == 1
    assert f"{cohorts}: cohorts[0].trainees[1]: unknown key 'nmae'" in result.output
    assert db.scalar(select(func.count()).select_from(User)) == 0
    assert db.scalar(select(func.count()).select_from(Cohort)) == 0


def test_every_data_file_is_checked_before_the_demo_seeds():
    assert sorted(path.name for path in data.DATA_DIR.iterdir()) == sorted(story_files())


def test_every_data_file_is_shipped_with_the_package():
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = settings["tool"]["setuptools"]["package-data"]["lms"]
    files = [path.relative_to(ROOT / "lms").as_posix()
             for path in data.DATA_DIR.iterdir()]
    assert files and all(any(fnmatch.fnmatch(file, pattern) for pattern in patterns)
                         for file in files)
