"""The check both staff lists of applications share: 25 rows a page at most."""

from __future__ import annotations

import re


def assert_pages_of_25(client, url: str, link: str, listed: int) -> None:
    """``url`` lists ``listed`` (26 to 50) applications, linked by ``link`` and an id: 25 on
    the first page, the rest on the second, which the first page's pager reaches."""
    rows = re.compile(rf'<th scope="row"><a href="{re.escape(link)}(\d+)"')
    first = client.get(url).get_data(as_text=True)
    second = client.get(f"{url}?page=2").get_data(as_text=True)
    assert len(rows.findall(first)) == 25 and f"Page 1 of 2 ({listed} in all)" in first
    assert f'href="{url}?page=2"' in first
    assert len(rows.findall(second)) == listed - 25
    assert not set(rows.findall(first)) & set(rows.findall(second))
