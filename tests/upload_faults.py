"""An upload folder that cannot take files, for the tests of every upload path.

Tests run as root, which a read-only mode does not stop, so the fault is made where the file is
written: the stored file is created, then writing it fails as a full or read-only disk would.
"""

from __future__ import annotations

import builtins
import errno
import os
from pathlib import Path
from typing import Any

import pytest

from lms import uploads


class _FailingWrite:
    def __init__(self, handle: Any, code: int) -> None:
        self._handle, self._code = handle, code

    def __enter__(self) -> _FailingWrite:
        return self

    def __exit__(self, *exc: object) -> None:
        self._handle.close()

    def write(self, _data: bytes) -> int:
        raise OSError(self._code, os.strerror(self._code))


def make_folder_fail(monkeypatch: pytest.MonkeyPatch, code: int = errno.ENOSPC) -> None:
    """Every upload written from now on fails with ``code`` after its file was created."""

    def failing_open(path: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        handle = builtins.open(path, mode, *args, **kwargs)  # noqa: SIM115 - closed by the caller
        return _FailingWrite(handle, code) if "x" in mode else handle

    monkeypatch.setattr(uploads, "open", failing_open, raising=False)


def stored_files(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()]
