"""Pictures for alumni reports: only JPEG, PNG and WebP, recognised by their bytes, kept in
the same store as assignment attachments (lms.uploads) under generated names."""

from __future__ import annotations

from typing import IO

import filetype
from sqlalchemy.orm import Session

from lms import uploads
from lms.errors import ServiceError
from lms.i18n import _l

PICTURE_TYPES = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}
_HEAD = 8192


def picture_type(head: bytes) -> str | None:
    """The picture's type from its bytes; a name ending in .png proves nothing."""
    kind = filetype.guess(head)
    return kind.mime if kind is not None and kind.mime in PICTURE_TYPES else None


def store_picture(db_session: Session, stream: IO[bytes]) -> uploads.StoredFile:
    """Copy a picture into the upload store, refusing other types and oversized files
    (uploads.FileTooLarge); removed again unless ``db_session``'s transaction commits."""
    head = stream.read(_HEAD)
    content_type = picture_type(head)
    if content_type is None:
        raise ServiceError(_l("This is not a picture Kakehashi can show. Send a JPEG, PNG or "
                              "WebP picture."), field="picture")
    return uploads.store_checked(db_session, head, stream, content_type, field="picture")
