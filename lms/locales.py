"""The request's language and its translations, read where Flask-Babel keeps them.

Flask-Babel finds both through its own context at every asking: three passes through Flask's
proxies and the language's code written out again each time. A page asks a dozen times for
the language and once for every string it translates in Python, and the asking was a tenth
of a home page's calls. Here each is read from where Flask-Babel put it for the request (its
locale, or one forced for a message in another language), and Flask-Babel is asked only when
it has put nothing there yet."""

from __future__ import annotations

from typing import Any

from flask import current_app, g, has_app_context
from flask_babel import Domain, get_locale


def current_locale() -> str:
    """The code of the request's language ("en", "ja"); the site's outside a request."""
    context = g.get("_flask_babel") if has_app_context() else None
    locale = getattr(context, "babel_locale", None)
    if locale is None:
        return str(get_locale() or current_app.config["LMS_DEFAULT_LOCALE"])
    kept = getattr(context, "lms_locale_code", None)
    if kept is None or kept[0] is not locale:
        kept = context.lms_locale_code = (locale, str(locale))  # type: ignore[union-attr]
    return kept[1]  # type: ignore[no-any-return]


class KeptDomain(Domain):
    """Flask-Babel's translation domain, its translations kept by the language's code: they
    are Flask-Babel's own (its domain keeps them by the same code), found in one lookup."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._by_code: dict[str, Any] = {}

    def get_translations(self) -> Any:
        if not has_app_context():  # Flask-Babel's empty translations, not to be kept
            return super().get_translations()
        code = current_locale()
        found = self._by_code.get(code)
        if found is None:
            found = self._by_code[code] = super().get_translations()
        return found
