"""Alembic migrations, shipped inside the package so that a host that pip-installs Kakehashi
can migrate without a checkout. Run them with ``flask lms db upgrade``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy.engine import Engine

VERSION_TABLE = "alembic_version_lms"


def alembic_config(engine: Engine) -> Config:
    # Imported here: the app imports this package for its command line, and alembic would
    # otherwise take about 10 MiB in every worker, which never migrates.
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent))
    config.attributes["engine"] = engine
    return config
