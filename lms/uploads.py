"""Uploaded files: checked by their content against an allow-list, stored under generated
names outside the web root, and read back only through a view that checked the reader."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import filetype
from flask import Response, current_app, send_file

from lms.errors import ServiceError
from lms.i18n import _l

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


def store(stream: IO[bytes]) -> StoredFile:
    """Copy ``stream`` into storage, refusing it if too large or of a type not allowed."""
    head = stream.read(8192)
    content_type = detect_type(head)
    if content_type is None:
        raise ServiceError(_l("This kind of file cannot be attached. Send PDF, Word, "
                              "PowerPoint, Excel, OpenDocument text, PNG, JPEG or plain text."),
                           field="files")
    return store_checked(head, stream, content_type)


def store_checked(head: bytes, stream: IO[bytes], content_type: str) -> StoredFile:
    """Copy a file whose type the caller has checked from its first bytes ``head`` (already
    read from ``stream``) into storage under a generated name; FileTooLarge past the limit,
    leaving nothing behind."""
    limit = max_bytes()
    stored_name = secrets.token_hex(16)
    target = path_of(stored_name)
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    try:
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
        target.unlink(missing_ok=True)
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
