"""The demo, seeded through the command as an operator runs it."""

from __future__ import annotations

from pathlib import Path

import pytest

COURSES = Path(__file__).resolve().parents[2] / "courses"


@pytest.fixture
def config_overrides(tmp_path):
    # The demo stores real documents; each run keeps its own.
    return {"LMS_COURSES_DIR": str(COURSES), "LMS_UPLOAD_DIR": str(tmp_path / "uploads")}


@pytest.fixture
def seeded(app, db, snapshots):
    """The demo as `lms demo` seeds it: run by the first test, put back for the others."""
    return snapshots.seed_once("demo", app, lambda: demo(app))


def demo(app):
    result = app.test_cli_runner().invoke(args=["lms", "demo"])
    assert result.exit_code == 0, result.output
    return result
