"""Uploaded files, for every domain: checked by their content against an allow-list, stored
under generated names outside the web root, read back only through a view that checked the
reader, and kept exactly as long as a committed row points to them.

A file is written before its row is committed, so storing registers its own removal should the
transaction not commit, and removing a row's file waits for the commit. A full or read-only
upload folder is a message beside the file field (StorageUnavailable), never a 500. What slips
through anyway (a worker killed between writing and committing) is left for
``flask lms uploads prune``.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import logging
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import filetype
from flask import Response, current_app, request, send_file
from sqlalchemy import Table, select, union
from sqlalchemy.orm import Session
from werkzeug.datastructures import FileStorage

from lms.db import when_transaction_ends
from lms.errors import ServiceError
from lms.i18n import _l

log = logging.getLogger(__name__)

#: What trainees send: documents, pictures of handwritten work, and plain text.
ALLOWED_TYPES = {
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpg",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.oasis.opendocument.text": "odt",
    "text/plain": "txt",
}
_CHUNK = 1024 * 1024
_NAME_BYTES = 16
#: Write failures that mean the folder cannot take files now (full, over quota, read-only, not
#: ours to write): the person is told; any other OSError is a fault and stays a 500.
_UNWRITABLE = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM}
#: The column every table that points to a stored file names it by.
STORED_NAME_COLUMN = "stored_name"


@dataclass(frozen=True)
class StoredFile:
    stored_name: str
    content_type: str
    size: int
    sha256: str


def upload_dir() -> Path:
    configured = current_app.config["LMS_UPLOAD_DIR"]
    path = Path(configured) if configured else Path(current_app.instance_path) / "uploads"
    path.mkdir(parents=True, exist_ok=True)
    return path


def max_bytes() -> int:
    return int(current_app.config["LMS_MAX_UPLOAD_MB"]) * 1024 * 1024


def detect_type(head: bytes) -> str | None:
    """The file's type from its bytes; the name and the browser's claim are not trusted."""
    kind = filetype.guess(head)
    if kind is not None:
        return kind.mime if kind.mime in ALLOWED_TYPES else None
    if b"\x00" in head:
        return None
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the end of the sample is still text.
        if error.start < len(head) - 3:
            return None
    return "text/plain"


def chosen_file(name: str) -> FileStorage | None:
    """The file posted in the field ``name``, or None when none was chosen (a browser still
    sends the empty field). For forms whose file fields ride along with their text, so that
    choosing a file never costs what was typed."""
    upload = request.files.get(name)
    return upload if upload is not None and upload.filename else None


def chosen_removal(name: str = "remove") -> int | None:
    """The id of the file whose Remove button was pressed, when that button belongs to a long
    form (its value): the removal is saved with the form's text, as an upload is, so that
    removing a file never costs what was typed."""
    value = request.form.get(name, "")
    return int(value) if value.isdigit() else None


class StorageUnavailable(ServiceError):
    """The upload folder cannot take the file now (full or read-only); nothing was kept."""


def store(db_session: Session, stream: IO[bytes], field: str = "files") -> StoredFile:
    """Copy ``stream`` into storage for a row added in ``db_session``'s transaction, refusing it
    if too large or of a type not allowed; the file goes again unless the transaction commits.
    ``field`` is the form field refusals are shown beside."""
    head = stream.read(8192)
    content_type = detect_type(head)
    if content_type is None:
        raise ServiceError(_l("This kind of file cannot be attached. Send PDF, Word, "
                              "PowerPoint, Excel, OpenDocument text, PNG, JPEG or plain text."),
                           field=field)
    return store_checked(db_session, head, stream, content_type, field)


def store_checked(db_session: Session, head: bytes, stream: IO[bytes], content_type: str,
                  field: str = "files") -> StoredFile:
    """Copy a file whose type the caller has checked from its first bytes ``head`` (already
    read from ``stream``) into storage under a generated name, removed again unless
    ``db_session``'s transaction commits. FileTooLarge past the limit, StorageUnavailable when
    the folder cannot take it; either way nothing is left behind."""
    limit = max_bytes()
    stored_name = secrets.token_hex(_NAME_BYTES)
    try:
        stored = _write(stored_name, head, stream, content_type, limit)
    except OSError as error:
        if error.errno not in _UNWRITABLE:
            raise
        # The operator must hear of it; the person gets words they can act on.
        log.error("Upload not stored, the upload folder refused it: %s", error)
        raise StorageUnavailable(
            _l("The file could not be stored: the server's upload space is full or cannot be "
               "written to just now. Try again later; if it keeps happening, tell the program "
               "staff."), field=field) from error
    # Gone again unless the transaction commits: rolled back, or closed by a failed request.
    when_transaction_ends(db_session, on_rollback=lambda: _unlink_quietly(path_of(stored_name)))
    return stored


def _write(stored_name: str, head: bytes, stream: IO[bytes], content_type: str,
           limit: int) -> StoredFile:
    target = path_of(stored_name)
    digest = hashlib.sha256()
    size = 0
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "xb") as output:
            chunk = head
            while chunk:
                size += len(chunk)
                if size > limit:
                    raise FileTooLarge
                digest.update(chunk)
                output.write(chunk)
                chunk = stream.read(_CHUNK)
    except BaseException:
        _unlink_quietly(target)
        raise
    return StoredFile(stored_name, content_type, size, digest.hexdigest())


class FileTooLarge(Exception):
    """Turned into a 413 page by the view."""


def path_of(stored_name: str) -> Path:
    if not stored_name.isalnum():  # generated names only; never a path from outside
        raise ValueError("not a stored name")
    return upload_dir() / stored_name[:2] / stored_name


def send_stored(stored_name: str, content_type: str, download_name: str | None = None) -> Response:
    """A stored upload as a response: as the type detected at upload, which the browser may
    not second-guess, with nothing in it allowed to run, and never cached. Shown inline when no
    ``download_name`` is given (pictures), downloaded otherwise."""
    response = send_file(path_of(stored_name), mimetype=content_type,
                         as_attachment=download_name is not None, download_name=download_name,
                         max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response


def remove(stored_name: str) -> None:
    path_of(stored_name).unlink(missing_ok=True)


def remove_when_committed(db_session: Session, stored_name: str) -> None:
    """Remove a file whose row this transaction deletes, once that is for good: a rolled-back
    request keeps both the row and its file."""
    when_transaction_ends(db_session, on_commit=lambda: _unlink_quietly(path_of(stored_name)))


@dataclass(frozen=True)
class Pruned:
    files: int
    bytes: int


def prune(db_session: Session, dry_run: bool = False,
          older_than: dt.timedelta = dt.timedelta(days=1)) -> Pruned:
    """Remove stored files that no row points to and that are older than ``older_than`` (a
    younger one may belong to a request still under way); ``dry_run`` only counts them."""
    referenced = set(db_session.scalars(union(*(
        select(table.c[STORED_NAME_COLUMN]) for table in tables_with_uploads()))))
    cutoff = time.time() - older_than.total_seconds()
    files = size = 0
    for path in upload_dir().glob("??/*"):
        # Only what store() wrote: anything else in the folder is not ours to judge.
        if (not _is_generated_name(path.name) or path.parent.name != path.name[:2]
                or path.name in referenced or not path.is_file()):
            continue
        status = path.stat()
        if status.st_mtime > cutoff:
            continue
        files += 1
        size += status.st_size
        if not dry_run:
            path.unlink(missing_ok=True)
    return Pruned(files, size)


def tables_with_uploads() -> list[Table]:
    """Every table whose rows point to stored files, found by their ``stored_name`` column so
    a new kind of upload is covered without being listed here."""
    from lms.models import Base  # every domain's models, loaded only when needed

    return [table for table in Base.metadata.sorted_tables if STORED_NAME_COLUMN in table.c]


def _is_generated_name(name: str) -> bool:
    return len(name) == _NAME_BYTES * 2 and all(char in "0123456789abcdef" for char in name)


def _unlink_quietly(path: Path) -> None:
    # Cleaning up must not turn the answer into a 500; prune finds what is left.
    try:
        path.unlink(missing_ok=True)
    except OSError as error:
        log.warning("Could not remove the upload %s: %s", path.name, error)
