"""Signing in through the real login form, as a browser would, to get a session cookie."""

from __future__ import annotations

import http.client
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from bench.server import HOST

SESSION_COOKIE = "kakehashi_session"
LOGIN_PATH = "/login"
TIMEOUT = 30.0


class LoginError(RuntimeError):
    pass


class _CsrfTokenFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.token: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "input" and self.token is None:
            attributes = dict(attrs)
            if attributes.get("name") == "csrf_token":
                self.token = attributes.get("value")


def csrf_token(html: str) -> str | None:
    finder = _CsrfTokenFinder()
    finder.feed(html)
    finder.close()
    return finder.token


def _keep_cookies(response: http.client.HTTPResponse, cookies: dict[str, str]) -> None:
    for header in response.headers.get_all("Set-Cookie") or []:
        parsed: SimpleCookie = SimpleCookie()
        parsed.load(header)
        for name, morsel in parsed.items():
            if morsel["max-age"] == "0" or "1970" in morsel["expires"]:
                cookies.pop(name, None)
            else:
                cookies[name] = morsel.value


def cookie_header(cookies: dict[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def log_in(port: int, email: str, password: str) -> dict[str, str]:
    """Sign in and return the cookies to send; the form's CSRF token ties GET and POST."""
    connection = http.client.HTTPConnection(HOST, port, timeout=TIMEOUT)
    cookies: dict[str, str] = {}
    try:
        connection.request("GET", LOGIN_PATH)
        response = connection.getresponse()
        page = response.read().decode("utf-8", errors="replace")
        if response.status != 200:
            raise LoginError(f"GET {LOGIN_PATH} answered {response.status}")
        _keep_cookies(response, cookies)
        token = csrf_token(page)
        if not token:
            raise LoginError(f"no csrf_token input on {LOGIN_PATH}")

        form = urlencode({"email": email, "password": password, "csrf_token": token})
        connection.request("POST", LOGIN_PATH, body=form, headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": cookie_header(cookies),
        })
        response = connection.getresponse()
        response.read()
        # Success redirects home; a wrong password or token shows the form again with 200.
        if response.status not in {302, 303}:
            raise LoginError(f"signing in as {email} answered {response.status}, not a redirect")
        _keep_cookies(response, cookies)
    except (OSError, http.client.HTTPException) as error:
        raise LoginError(f"signing in as {email} failed: {error!r}") from error
    finally:
        connection.close()
    if SESSION_COOKIE not in cookies:
        raise LoginError(f"signing in as {email} set no {SESSION_COOKIE} cookie")
    return cookies
