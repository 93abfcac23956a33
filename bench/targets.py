"""The end of every seeding script run in the bench's app: run the step, then write what it
made (ids, counts) into the targets file the pages are measured against."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any


def seed_and_write(prog: str, step: Callable[[], dict[str, Any]], targets: Path, *,
                   merge: bool) -> int:
    """Run ``step`` in the app made from the environment (the bench's database). With
    ``merge`` its targets join those earlier steps wrote; otherwise they start the file."""
    from wsgi import app

    with app.app_context():
        try:
            made = step()
        except RuntimeError as error:  # each script's own "the demo is missing" errors
            print(f"{prog}: {error}", file=sys.stderr)
            return 1
    written = json.loads(targets.read_text()) if merge and targets.exists() else {}
    written.update(made)
    targets.write_text(json.dumps(written, indent=2) + "\n")
    print(json.dumps(made))
    return 0
