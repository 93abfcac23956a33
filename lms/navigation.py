"""The main navigation bar. Each domain says which of its pages the signed-in person may go to
(its blueprint registers an item provider); this module only puts their items in one bar, so
it needs to know no domain and no domain's rules."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, current_app, has_request_context, request, url_for
from markupsafe import Markup

from lms import facts
from lms.accounts.models import User
from lms.db import session
from lms.i18n import _l, current_locale
from lms.security import current_lms_user

_PROVIDERS_KEY = "lms_navigation"


@dataclass(frozen=True)
class NavItem:
    #: Place in the bar across all domains, lowest first: a domain's links need not sit
    #: together (the staff's grant rounds come after everyone's alumni pages).
    position: int
    label: str
    url: str
    current: bool = False


def link(position: int, label: str, endpoint: str, *,
         blueprints: tuple[str, ...] = ()) -> NavItem:
    """An item for ``endpoint``'s page, marked current on every page of ``blueprints`` if
    given, else on that page alone."""
    current = (request.blueprint in blueprints) if blueprints else request.endpoint == endpoint
    return NavItem(position, label, fixed_url(endpoint), current)


#: Where the app is mounted comes from the server; a few are plenty, and the kept URLs are
#: dropped if ever there were more.
_FIXED_URLS_KEPT = 512


def fixed_url(endpoint: str) -> str:
    """``url_for(endpoint)`` for a page without variables, whose address changes only with
    where the app is mounted: built once and kept for the app, as every page's bar shows a
    dozen of them."""
    if not has_request_context():  # a document or mail made for no request: built as asked
        return url_for(endpoint)
    key = (request.script_root, endpoint)
    kept = current_app.extensions["lms"].fixed_urls
    url = kept.get(key)
    if url is None:
        if len(kept) >= _FIXED_URLS_KEPT:
            kept.clear()
        url = kept[key] = url_for(endpoint)
    return url


#: What every page's frame (base.html) links to: its header, its footer, its assets.
_FRAME_ENDPOINTS = {
    "home": ("lms.home.index", {}),
    "language": ("lms.accounts.choose_language", {}),
    "notifications": ("lms.notifications.index", {}),
    "settings": ("lms.accounts.settings", {}),
    "logout": ("lms.accounts.logout", {}),
    "verify": ("lms.certificates.verify", {}),
    "stylesheet": ("lms.static", {"filename": "lms/style.css"}),
    "icon": ("lms.static", {"filename": "lms/favicon.svg"}),
    "focus_script": ("lms.static", {"filename": "lms/focus.js"}),
}


def frame_urls() -> dict[str, str]:
    """The addresses every page's frame links to, by name: asked once a page, not one by one."""
    key = ("frame", request.script_root) if has_request_context() else None
    kept = current_app.extensions["lms"].fixed_urls
    urls = kept.get(key) if key else None
    if urls is None:
        urls = {name: url_for(endpoint, **values)
                for name, (endpoint, values) in _FRAME_ENDPOINTS.items()}
        if key:
            kept[key] = urls
    return urls


#: What every page's frame (base.html) says, whatever the page, by name.
_FRAME_TEXTS = {
    "skip": _l("Skip to main content"),
    "main": _l("Main"),
    "language": _l("Language"),
    "change": _l("Change"),
    "your_account": _l("Your account"),
    "notifications": _l("Notifications"),
    "unread": _l("unread"),
    "sign_out": _l("Sign out"),
    "tagline": _l("Kakehashi — a bridge for social welfare workers across Asia."),
    "verify": _l("Verify a certificate"),
}


def frame_texts() -> dict[str, str]:
    """The frame's texts, by name, in the page's language: translated once for each language
    and kept, as every page shows them all."""
    key = ("frame_texts", current_locale())
    kept = current_app.extensions["lms"].fixed_urls
    texts = kept.get(key)
    if texts is None:
        texts = kept[key] = {name: str(text) for name, text in _FRAME_TEXTS.items()}
    return texts


#: Given the signed-in user, one domain's items for them.
ItemProvider = Callable[[User], Iterable[NavItem]]


def register(blueprint: Blueprint, provider: ItemProvider) -> None:
    """Show ``provider``'s items in each app the blueprint is registered on.

    A provider's items may depend on the person's global roles, on which of her facts
    (lms.facts) hold, on the language and on the page shown, and on nothing else: the bar is
    kept by these (see :func:`items`)."""
    blueprint.record_once(
        lambda state: state.app.extensions.setdefault(_PROVIDERS_KEY, []).append(provider))


#: Bars kept (a few for each combination of roles and facts people have, by language and
#: page); dropped all at once if ever there were more.
_BARS_KEPT = 2048


@dataclass(frozen=True)
class _Bar:
    items: tuple[NavItem, ...]
    #: The items as base.html lists them, written once with the bar: every page shows it.
    html: Markup


_ITEM_HTML = Markup('<li><a href="{url}"{current}>{label}</a></li>')
_CURRENT = Markup(' aria-current="page"')


def items() -> list[NavItem]:
    """The bar for the signed-in user, empty for anyone else: asked of the providers once for
    each combination of what it may depend on (see :func:`register`) and kept for the app, as
    every page shows it and it is the same for everyone alike on the same page."""
    bar = _bar()
    return list(bar.items) if bar else []


def items_html() -> Markup:
    """:func:`items` as the ``<li>`` of the page's main navigation."""
    bar = _bar()
    return bar.html if bar else Markup("")


def _bar() -> _Bar | None:
    user = current_lms_user()
    if user is None:
        return None
    held = frozenset(name for name, value in facts.facts_of(session, user).items() if value)
    key = (user.roles, held, current_locale(), request.script_root, request.endpoint)
    kept = current_app.extensions["lms"].navigation_bars
    bar = kept.get(key)
    if bar is None:
        providers: list[ItemProvider] = current_app.extensions.get(_PROVIDERS_KEY, [])
        found = sorted((item for provider in providers for item in provider(user)),
                       key=lambda item: item.position)
        if len(kept) >= _BARS_KEPT:
            kept.clear()
        bar = kept[key] = _Bar(tuple(found), Markup("\n").join(
            _ITEM_HTML.format(url=item.url, current=_CURRENT if item.current else "",
                              label=item.label) for item in found))
    return bar


def template_helpers() -> dict[str, Any]:
    return {"nav_items": items, "nav_items_html": items_html, "frame_urls": frame_urls,
            "frame_texts": frame_texts, "fixed_url": fixed_url}
