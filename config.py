"""Settings for the standalone deployment, read from the environment.

Every Kakehashi setting is an ``LMS_*`` variable (see README.md); secrets come only from the
environment. Values are converted to the type of the setting's default.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from lms.extension import DEFAULTS

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}

# Settings without a default in lms.extension, with their types.
_EXTRA_INT_KEYS = {"LMS_TRUSTED_PROXIES"}


def _convert(key: str, raw: str) -> Any:
    default = DEFAULTS.get(key)
    if isinstance(default, bool):
        lowered = raw.strip().lower()
        if lowered not in _TRUE | _FALSE:
            raise ValueError(f"{key} must be true or false, not {raw!r}")
        return lowered in _TRUE
    if isinstance(default, int) or key in _EXTRA_INT_KEYS:
        try:
            return int(raw)
        except ValueError:
            raise ValueError(f"{key} must be a whole number, not {raw!r}") from None
    return raw


def from_environ(environ: Mapping[str, str] = os.environ) -> dict[str, Any]:
    settings: dict[str, Any] = {
        key: _convert(key, value) for key, value in environ.items() if key.startswith("LMS_")
    }
    if "LMS_SECRET_KEY" in settings:
        settings["SECRET_KEY"] = settings.pop("LMS_SECRET_KEY")
    return settings
