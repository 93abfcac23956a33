"""The personal link each person answers a safety check by, without signing in: signed, and
naming its check and its person, so it answers for that person and that check only. It needs
no expiry of its own: the check's closing ends it."""

from __future__ import annotations

import functools

from flask import current_app
from itsdangerous import BadData, URLSafeSerializer

from lms.urls import external_url

#: Keeps these signatures apart from every other use of the secret key.
SALT = "lms.safety.answer"


def _serializer() -> URLSafeSerializer:
    return _serializer_for(current_app.config["SECRET_KEY"])


@functools.lru_cache(maxsize=4)
def _serializer_for(secret_key: str | bytes) -> URLSafeSerializer:
    return URLSafeSerializer(secret_key, salt=SALT)


def token_for(check_id: int, user_id: int) -> str:
    return _token(current_app.config["SECRET_KEY"], check_id, user_id)


@functools.lru_cache(maxsize=4096)
def _token(secret_key: str | bytes, check_id: int, user_id: int) -> str:
    # The same link for the same key, check and person every time (no timestamp in it), so
    # signed once, not on each visit of the home that shows it.
    return str(_serializer_for(secret_key).dumps([check_id, user_id]))


_URLS_KEY = "lms_safety_answer_urls"
_URLS_KEPT = 4096


def answer_url(check_id: int, user_id: int) -> str:
    """Her link, kept for the app under all it is made of: binding the URL map to the base URL
    at each visit of her home cost more than the rest of the check's lines."""
    config = current_app.config
    key = (config["SECRET_KEY"], config.get("LMS_BASE_URL"), check_id, user_id)
    kept: dict[tuple[object, ...], str] = current_app.extensions.setdefault(_URLS_KEY, {})
    url = kept.get(key)
    if url is None:
        if len(kept) >= _URLS_KEPT:
            kept.clear()
        url = kept[key] = external_url("lms.safety.answer", token=token_for(check_id, user_id))
    return url


def read_token(token: str) -> tuple[int, int] | None:
    """The (check id, user id) the token was signed for; None if it is not one of ours."""
    try:
        payload = _serializer().loads(token)
    except BadData:
        return None
    if (not isinstance(payload, list) or len(payload) != 2
            or not all(type(value) is int for value in payload)):
        return None
    return payload[0], payload[1]
