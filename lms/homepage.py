"""The home page's sections. Each domain says what needs the signed-in person there (its
blueprint registers a section provider); this module only gathers the sections in order, so
the home page knows no domain's rules.

A provider answers with at most one aggregated query per section it shows, and shows nothing
(no query at all, where it can tell from the user) for a person without its role."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, current_app
from sqlalchemy.orm import Session

from lms.accounts.models import User

_PROVIDERS_KEY = "lms_home_sections"


@dataclass(frozen=True)
class Section:
    #: Unique on the page; the heading's id is made from it.
    key: str
    #: Place on the page across all domains, lowest first.
    position: int
    title: str
    #: Renders the section's body with ``context``; it says so in words when nothing waits.
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    #: How many things wait for the person here, shown beside the title; None shows none.
    count: int | None = None


#: Given the database session and the signed-in user, one domain's sections for them.
SectionProvider = Callable[[Session, User], Iterable[Section]]


def register(blueprint: Blueprint, provider: SectionProvider) -> None:
    """Show ``provider``'s sections on the home page of each app the blueprint is on."""
    blueprint.record_once(
        lambda state: state.app.extensions.setdefault(_PROVIDERS_KEY, []).append(provider))


def sections(db_session: Session, user: User) -> list[Section]:
    providers: list[SectionProvider] = current_app.extensions.get(_PROVIDERS_KEY, [])
    found = [section for provider in providers for section in provider(db_session, user)]
    return sorted(found, key=lambda section: section.position)
