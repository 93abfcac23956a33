"""What the benchmark seeds and measures, kept in one place so adding to it is one line.

* A new page: append a ``Page`` to ``PAGES`` (``login`` is a demo account's email, or None
  for an anonymous visitor).
* More data: append a step to ``SEED_STEPS``; a step is any callable taking the
  ``BenchEnv`` (``flask_command(...)`` runs a ``flask --app wsgi:app`` command against the
  benchmark database; a Python function can open ``env.database_url`` itself).
"""

from __future__ import annotations

from bench.load import Page
from bench.seeding import SeedStep, flask_command

STAFF = "staff@kakehashi.example"

# Run in this order against a fresh database, before gunicorn starts.
SEED_STEPS: tuple[SeedStep, ...] = (
    flask_command("lms", "db", "upgrade"),
    flask_command("lms", "demo"),
)

# The first page is the baseline: every page's requests per second is also shown as a ratio
# to it, which cancels out most of the machine's speed.
PAGES: tuple[Page, ...] = (
    Page("bare route", "/healthz"),
    Page("home (staff)", "/", login=STAFF),
)
