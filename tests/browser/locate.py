"""Finding things on a page the way the browser tests do, in one place."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import Locator, Page


def path_of(page: Page) -> str:
    """The page's address without host, query or fragment."""
    return re.sub(r"^https?://[^/]+", "", page.url).split("?")[0].split("#")[0]


def html_lang(page: Page) -> str | None:
    return page.locator("html").get_attribute("lang")


def flash(page: Page, text: str) -> Locator:
    """The flash message saying ``text`` (the flashes are a status region)."""
    return page.locator("main .flashes").filter(has_text=text)


def fact(page: Page, term: str) -> Locator:
    """The <dd> after the <dt> saying ``term`` in the page's facts list."""
    return page.locator("main dl dt", has_text=re.compile(rf"^{re.escape(term)}$")).locator(
        "xpath=following-sibling::dd[1]"
    )


def kept_drafts(page: Page) -> list[str]:
    """The keys of the unsaved text autosave.js keeps in this browser, once the page's deferred
    autosave.js has run: a field can hold the server's text before the script has cleared a
    copy the page says is saved."""
    page.wait_for_load_state("domcontentloaded")
    return page.evaluate(
        "() => Object.keys(localStorage).filter(k => k.startsWith('kakehashi-draft:'))"
    )


def autosave_status(page: Page) -> Locator:
    """The live region where autosave.js says what became of the text."""
    return page.locator("main .autosave-status")


def mail_link(server: Any, to_address: str, subject: str) -> str:
    """The link in the latest mail with ``subject`` put in the outbox for ``to_address``."""
    from sqlalchemy import select

    from lms.db import session
    from lms.mail import OutboxMessage

    with server.app.app_context():
        message = session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.to_address == to_address,
                   OutboxMessage.subject.contains(subject))
            .order_by(OutboxMessage.id.desc())).first()
        assert message is not None, f"no mail “{subject}” to {to_address}"
        match = re.search(r"https?://\S+", message.body)
        assert match, message.body
        return match.group(0)
