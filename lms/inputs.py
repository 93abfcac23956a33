"""Input no database can store, refused at the door of every Kakehashi request.

PostgreSQL's text cannot hold a NUL character, and no database's UTF-8 can hold a lone
surrogate (which JSON's ``\\ud800`` escapes produce); either made any text field a 500. One
check before any view runs covers every form, search box, file name and JSON body, present and
future, where a check in the form layer would miss the views that read the request themselves.

Refused rather than removed: nobody types these characters (they come from a broken paste or a
probe), and quietly changing what was sent would be worse for some fields, such as a password
that would then differ from the one typed. The person gets a page saying what to fix.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from flask import request

from lms.errors import UnstorableText

UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def refuse_unstorable_text() -> None:
    """A before_request: a 400 page, before any view, for a request carrying such characters."""
    if any(UNSTORABLE.search(text) for text in _texts_sent()):
        raise UnstorableText()


#: The bodies Werkzeug reads into ``request.form`` and ``request.files``: for any other (a
#: page asked for, with no body) reading them would only build empty ones, on every request.
_FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})


def _texts_sent() -> Iterator[str]:
    # Most requests are pages asked for with neither a query nor a body: Werkzeug would build
    # an empty set of arguments and parse an absent content type for each (3% of a lesson's
    # page), where the environment already says there is nothing to read.
    environ = request.environ
    if environ.get("QUERY_STRING"):
        for name, value in request.args.items(multi=True):
            yield name
            yield value
    if not environ.get("CONTENT_TYPE"):
        return
    if request.mimetype in _FORM_TYPES:
        for name, value in request.form.items(multi=True):
            yield name
            yield value
        for name, upload in request.files.items(multi=True):
            yield name
            yield upload.filename or ""
    if request.is_json:
        yield from _texts_in(request.get_json(silent=True))


def _texts_in(document: Any) -> Iterator[str]:
    if isinstance(document, str):
        yield document
    elif isinstance(document, dict):
        for key, value in document.items():
            yield key
            yield from _texts_in(value)
    elif isinstance(document, list):
        for value in document:
            yield from _texts_in(value)
