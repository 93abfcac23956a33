"""Absolute links, for mail, feeds and signed credentials."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import current_app

DEFAULT_BASE_URL = "http://127.0.0.1:5000"


def base_url() -> str:
    return (current_app.config.get("LMS_BASE_URL") or DEFAULT_BASE_URL).rstrip("/")


def external_url(endpoint: str, **values: Any) -> str:
    """An absolute link to ``endpoint`` (its full name) built from ``LMS_BASE_URL``, in a request
    or outside one. Never from the request's Host header: anyone can send any Host, and a link in
    a mail, a calendar feed or a signed credential must name this instance whoever asked."""
    parts = urlsplit(base_url())
    adapter = current_app.url_map.bind(parts.netloc, script_name=parts.path or "/",
                                       url_scheme=parts.scheme)
    current_app.inject_url_defaults(endpoint, values)
    return adapter.build(endpoint, values, force_external=True)
