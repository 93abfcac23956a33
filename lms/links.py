"""Links to many rows of one page, built once: a list of ten reviews or applications asked
Flask to build each row's link from the URL map, which cost more than the rest of the row."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import current_app, has_request_context, request, url_for

#: Stands for the row's id while the link is built; no real id or other value comes near it.
_MARK = 987_654_321_987_654_321

_KEPT_KEY = "lms_links"
#: Where the app is mounted comes from the server; a few are plenty, and the kept links are
#: dropped if ever there were more (as navigation.fixed_url keeps its addresses).
_KEPT_AT_MOST = 512


def link_to(endpoint: str, id_name: str, **values: Any) -> Callable[[int], str]:
    """``url_for(endpoint, **{id_name: id}, **values)`` for each id, the link built once with
    a mark where the (integer) id goes, and kept for the app: its address changes only with
    where the app is mounted, and a staff home builds a dozen of them at each visit."""
    if not has_request_context():  # a document or mail made for no request: built as asked
        return _link(endpoint, id_name, values)
    key = (request.scheme, request.host, request.script_root, endpoint, id_name,
           *sorted(values.items()))
    kept: dict[Any, Callable[[int], str]] = current_app.extensions.setdefault(_KEPT_KEY, {})
    link = kept.get(key)
    if link is None:
        if len(kept) >= _KEPT_AT_MOST:
            kept.clear()
        link = kept[key] = _link(endpoint, id_name, values)
    return link


def _link(endpoint: str, id_name: str, values: dict[str, Any]) -> Callable[[int], str]:
    head, tail = url_for(endpoint, **{id_name: _MARK}, **values).split(str(_MARK))
    return lambda id_: f"{head}{id_}{tail}"
