"""gunicorn's settings for the standalone app, read from the working directory by default
(``gunicorn wsgi:app`` in the project root, as the README and ``make bench`` run it).

Only the garbage collector is set here; workers, binding and timeouts stay on the command line.
"""

from __future__ import annotations

import gc
from typing import Any

#: A collection of the youngest generation every this many allocations, not Python's 700.
#: A page of a few hundred rows allocates tens of thousands of objects that all live until the
#: response is sent, so at 700 a page paid for dozens of collections that freed nothing.
YOUNG_GENERATION_THRESHOLD = 10_000


def post_worker_init(worker: Any) -> None:
    """Once the worker has imported the app: move everything alive now (modules, the app,
    compiled templates and statements) out of the collector's sight for good, so a full
    collection no longer walks a few hundred thousand objects that can never be garbage."""
    tune_collector()


def tune_collector() -> None:
    gc.collect()
    gc.freeze()
    _, middle, oldest = gc.get_threshold()
    gc.set_threshold(YOUNG_GENERATION_THRESHOLD, middle, oldest)
