"""Simultaneous requests, each in its own thread, app context and database session, as two
gunicorn workers would run them."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from lms.db import session


def run_together(app: Any, actions: list[Callable[[Session], Any]]) -> list[Any]:
    """Start every action at the same moment; each commits, or rolls back and returns the
    exception it raised."""
    barrier = threading.Barrier(len(actions))
    results: list[Any] = [None] * len(actions)

    def run(index: int, action: Callable[[Session], Any]) -> None:
        with app.app_context():
            barrier.wait()
            try:
                results[index] = action(session)
                session.commit()
            except Exception as error:
                session.rollback()
                results[index] = error

    threads = [threading.Thread(target=run, args=(index, action))
               for index, action in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results
