"""Every string people see exists in Japanese."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
JA_CATALOG = ROOT / "lms" / "translations" / "ja" / "LC_MESSAGES" / "messages.po"


def _extract(tmp_path: Path):
    template = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "--no-location", "-F",
         str(ROOT / "babel.cfg"), "-k", "_l", "-k", "ngettext:1,2", "-k", "pgettext:1c,2",
         "-k", "npgettext:1c,2,3", "-k", "lazy_pgettext:1c,2", "-k", "_ln:1,2", "-o", str(template),
         str(ROOT)],
        check=True, capture_output=True, cwd=ROOT,
    )
    with template.open("rb") as handle:
        catalog = read_po(handle)
    # An extraction that finds nothing would pass everything; babel.cfg's patterns are relative
    # to the folder given, which is how this once went unnoticed.
    assert len(catalog) > 500, f"only {len(catalog)} strings extracted"
    return catalog


def test_every_string_in_the_code_has_a_japanese_translation(tmp_path):
    extracted = _extract(tmp_path)
    with JA_CATALOG.open("rb") as handle:
        japanese = read_po(handle)

    def translated(message) -> bool:
        # A string with a context (pgettext) is its own entry: "grants" and "admissions" differ.
        found = japanese.get(message.id, context=message.context)
        if found is None or found.fuzzy:
            return False
        strings = found.string if isinstance(found.string, tuple) else (found.string,)
        return all(strings)

    missing = [(message.context, message.id) for message in extracted
               if message.id and not translated(message)]
    assert missing == [], "untranslated (run `make extract-messages`, then translate):\n" + \
        "\n".join(map(str, missing))


#: The keywords babel.cfg's extraction reads (see _extract), with where the message id is.
_KEYWORDS = {"_": 0, "gettext": 0, "_l": 0, "ngettext": 0, "pgettext": 1, "npgettext": 1,
             "lazy_pgettext": 1, "_ln": 0}


def _translated_in_code() -> set[tuple[str, str]]:
    """Every string the code asks to translate, with where: read from the syntax tree, which
    sees into f-strings as Babel's extraction does not on Python 3.11."""
    found = set()
    for path in (ROOT / "lms").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            place = _KEYWORDS.get(str(name))
            if place is not None and len(node.args) > place and \
                    isinstance(node.args[place], ast.Constant) and \
                    isinstance(node.args[place].value, str):
                found.add((f"{path.relative_to(ROOT)}:{node.lineno}", node.args[place].value))
    return found


def test_every_string_the_code_translates_is_extracted(tmp_path):
    """A string to translate written inside an f-string is not extracted on Python 3.11: the
    next `make extract-messages` would drop its Japanese, and the page would show English."""
    extracted = {message.id if isinstance(message.id, str) else message.id[0]
                 for message in _extract(tmp_path)}
    left_out = sorted(f"{where}: {text!r}" for where, text in _translated_in_code()
                      if text not in extracted)
    assert left_out == [], "not extracted (move the call out of the f-string):\n" + \
        "\n".join(left_out)


def test_translations_keep_their_placeholders():
    import re

    with JA_CATALOG.open("rb") as handle:
        japanese = read_po(handle)
    placeholder = re.compile(r"%\(\w+\)[sd]")
    for message in japanese:
        if message.id and isinstance(message.id, str):
            assert sorted(placeholder.findall(message.id)) == \
                sorted(placeholder.findall(message.string)), message.id


def test_japanese_pages(client):
    page = client.get("/login", headers={"Accept-Language": "ja"}).get_data(as_text=True)
    assert "ログイン" in page and "Sign in" not in page


def test_the_language_code_follows_a_locale_forced_inside_a_request(app):
    from flask_babel import force_locale, refresh

    from lms.i18n import current_locale

    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        assert current_locale() == "en"
        # A message written in its reader's language while another person's page is made.
        with force_locale("ja"):
            assert current_locale() == "ja"
        assert current_locale() == "en"
        refresh()
        assert current_locale() == "en"
    with app.app_context():  # a command: the site's language
        assert current_locale() == app.config["LMS_DEFAULT_LOCALE"]


def test_strings_are_translated_in_the_language_of_the_moment(app):
    from flask_babel import force_locale

    from lms.i18n import _, domain

    # Asked outside any app first (a module's import, say): nothing kept for later.
    assert domain.get_translations().gettext("Mark as done") == "Mark as done"
    with app.test_request_context("/", headers={"Accept-Language": "ja"}):
        assert _("Mark as done") == "完了にする"
        with force_locale("en"):
            assert _("Mark as done") == "Mark as done"
        assert _("Mark as done") == "完了にする"
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        assert _("Mark as done") == "Mark as done"
