"""Every page's header (base.html's, from the skip link to ``</header>``), written in Python.

It is the same for everyone reading in one language at one address but for a few values (her
name, her unread count, the page's own address, the form's token), while base.html, writing
its thirty-odd values one by one, cost a sixth to a fifth of a short page (the lesson's). So
its fixed words and addresses are put together once for each language and address and kept,
and each page fills in its own.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, request
from markupsafe import Markup, escape

from lms import navigation
from lms.i18n import LANGUAGES, current_locale
from lms.security import csrf_token, current_lms_user

# Each part is formatted twice: first, once a language, with its fixed words and addresses
# (escaped, and any brace in them doubled), which turns each ``{{name}}`` into a field for the
# second, the page's own values.
_HEAD = Markup("""\
<a class="skip-link" href="#main">{skip}</a>
  <header class="site-header">
    <div class="wrap header-row">
      <a class="brand" href="{home}">{site}</a>
""")

_MAIN_NAV = Markup("""\
      <nav class="main-nav" aria-label="{main}">
        <ul>
          {{nav}}
        </ul>
      </nav>
""")

_LANGUAGE_FORM = Markup("""\
      <div class="header-tools">
        <form class="inline-form" method="post" action="{language}">
          <input type="hidden" name="csrf_token" value="{{csrf}}">
          <input type="hidden" name="next" value="{{next}}">
          <label for="language-choice">{language_label}</label>
          <select id="language-choice" name="locale">
{options}\
          </select>
          <button type="submit" class="button-small">{change}</button>
        </form>
""")

_OPTION = Markup("""\
            <option value="{code}" lang="{code}"{selected}>{name}</option>
""")

_USER_NAV = Markup("""\
        <nav class="user-nav" aria-label="{your_account}">
          <ul>
            <li><a href="{notifications}"{{current}}>{notifications_label} \
<span class="count-badge{{unread_class}}">{{unread}}<span class="visually-hidden"> {unread_label}\
</span></span></a></li>
            <li><a href="{settings}">{{name}}</a></li>
            <li>
              <form class="inline-form" method="post" action="{logout}">
                <input type="hidden" name="csrf_token" value="{{csrf}}">
                <button type="submit" class="button-small">{sign_out}</button>
              </form>
            </li>
          </ul>
        </nav>
""")

_TAIL = Markup("""\
      </div>
    </div>
  </header>""")

_SELECTED = Markup(" selected")
_CURRENT = Markup(' aria-current="page"')


def header_html(unread: int | None) -> Markup:
    """The page's header for whoever reads it: the brand, her navigation, the language form
    and her account's links with her ``unread`` notifications' count (the last two only for
    someone signed in)."""
    user = current_lms_user()
    skeleton = _skeleton(signed_in=user is not None)
    values: dict[str, Any] = {"csrf": csrf_token(), "next": request.full_path.rstrip("?")}
    if user is not None:
        values.update(
            nav=navigation.items_html(), name=user.display_name, unread=unread,
            unread_class=" count-badge-unread" if unread else "",
            current=_CURRENT if request.blueprint == "lms.notifications" else "")
    # str.format rather than Markup's, whose formatter is written in Python: the values are
    # escaped here, and the skeleton is markup.
    written = str.format(skeleton, **{name: escape(value) for name, value in values.items()})
    return Markup(written)  # noqa: S704 - each value is escaped above


def _skeleton(*, signed_in: bool) -> Markup:
    """The header with its fixed parts written in and a field for each value a page fills
    in; kept for each language, address of the site and signing in."""
    locale = current_locale()
    key = ("frame_header", locale, request.script_root, signed_in)
    kept = current_app.extensions["lms"].fixed_urls
    skeleton: Markup | None = kept.get(key)
    if skeleton is None:
        skeleton = kept[key] = _written(locale, signed_in)
    return skeleton


def _written(locale: str, signed_in: bool) -> Markup:
    def fixed(text: Any) -> Markup:
        return escape(str(text)).replace("{", "{{").replace("}", "}}")

    words = {name: fixed(text) for name, text in navigation.frame_texts().items()}
    urls = {name: fixed(url) for name, url in navigation.frame_urls().items()}
    options = Markup("").join(
        _OPTION.format(code=fixed(code), name=fixed(name),
                       selected=_SELECTED if code == locale else "")
        for code, name in LANGUAGES.items())
    parts = [_HEAD.format(skip=words["skip"], home=urls["home"],
                          site=fixed(current_app.config["LMS_SITE_NAME"]))]
    if signed_in:
        parts.append(_MAIN_NAV.format(main=words["main"]))
    parts.append(_LANGUAGE_FORM.format(language=urls["language"], language_label=words["language"],
                                       options=options, change=words["change"]))
    if signed_in:
        parts.append(_USER_NAV.format(
            your_account=words["your_account"], notifications=urls["notifications"],
            notifications_label=words["notifications"], unread_label=words["unread"],
            settings=urls["settings"], logout=urls["logout"], sign_out=words["sign_out"]))
    parts.append(_TAIL)
    return Markup("").join(parts)


def template_helpers() -> dict[str, Any]:
    return {"frame_header": header_html}
