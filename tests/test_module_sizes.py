"""No module in the package grows past about 400 lines: a reader finds a rule in a file named
for what it holds, not in a god module. Split by what a reader looks for (the way
lms/grants/ holds applying.py, decisions.py and projects.py), not by line count."""

from __future__ import annotations

from pathlib import Path

import lms

MOST_LINES = 420
PACKAGE = Path(lms.__file__).parent


def test_no_module_over_about_four_hundred_lines():
    too_long = {}
    for module in sorted(PACKAGE.rglob("*.py")):
        with module.open(encoding="utf-8") as source:
            lines = sum(1 for _line in source)
        if lines > MOST_LINES:
            too_long[str(module.relative_to(PACKAGE.parent))] = lines
    assert not too_long, f"split these by what a reader looks for: {too_long}"


def test_the_count_sees_every_module():
    # A test that cannot fail is no test: the walk must reach the package's largest modules.
    assert (PACKAGE / "grants" / "views.py") in set(PACKAGE.rglob("*.py"))
