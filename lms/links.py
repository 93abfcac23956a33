"""Links to many rows of one page, built once: a list of ten reviews or applications asked
Flask to build each row's link from the URL map, which cost more than the rest of the row."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import url_for

#: Stands for the row's id while the link is built; no real id or other value comes near it.
_MARK = 987_654_321_987_654_321


def link_to(endpoint: str, id_name: str, **values: Any) -> Callable[[int], str]:
    """``url_for(endpoint, **{id_name: id}, **values)`` for each id, the link built once with
    a mark where the (integer) id goes."""
    head, tail = url_for(endpoint, **{id_name: _MARK}, **values).split(str(_MARK))
    return lambda id_: f"{head}{id_}{tail}"
