"""The main navigation bar. Each domain says which of its pages the signed-in person may go to
(its blueprint registers an item provider); this module only puts their items in one bar, so
it needs to know no domain and no domain's rules."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, current_app, request, url_for

from lms.accounts.models import User
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
    return NavItem(position, label, url_for(endpoint), current)


#: Given the signed-in user, one domain's items for them.
ItemProvider = Callable[[User], Iterable[NavItem]]


def register(blueprint: Blueprint, provider: ItemProvider) -> None:
    """Show ``provider``'s items in each app the blueprint is registered on."""
    blueprint.record_once(
        lambda state: state.app.extensions.setdefault(_PROVIDERS_KEY, []).append(provider))


def items() -> list[NavItem]:
    """The bar for the signed-in user, empty for anyone else."""
    user = current_lms_user()
    if user is None:
        return []
    providers: list[ItemProvider] = current_app.extensions.get(_PROVIDERS_KEY, [])
    found = [item for provider in providers for item in provider(user)]
    return sorted(found, key=lambda item: item.position)


def template_helpers() -> dict[str, Any]:
    return {"nav_items": items}
