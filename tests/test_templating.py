"""lms.templating: a macro imported by a template is what Jinja would give it."""

from __future__ import annotations

import jinja2
import pytest

from lms.templating import KeptImportsTemplate

TEMPLATES = {
    "macros.html": "{% macro said() %}[{{ extra }}]{% endmacro %}",
    "page.html": "{% from 'macros.html' import said %}{{ said() }}",
}


def _environment(template_class: type[jinja2.Template]) -> jinja2.Environment:
    environment = jinja2.Environment(loader=jinja2.DictLoader(TEMPLATES), autoescape=True)
    environment.template_class = template_class
    return environment


@pytest.mark.parametrize("page_globals", [None, {"extra": "the page globals"}])
def test_an_imported_macro_sees_what_jinjas_would(page_globals):
    rendered = [_environment(template_class).get_template("page.html", globals=page_globals)
                .render() for template_class in (jinja2.Template, KeptImportsTemplate)]
    assert rendered[0] == rendered[1]
    assert rendered[1] == ("[the page globals]" if page_globals else "[]")


def test_the_imported_module_is_kept_when_the_context_has_no_global_it_lacks():
    environment = _environment(KeptImportsTemplate)
    macros = environment.get_template("macros.html")
    page = environment.get_template("page.html")
    context = page.new_context()
    assert macros._get_default_module(context) is macros._get_default_module(context)
    other = environment.get_template("page.html", globals={"extra": "x"}).new_context()
    assert macros._get_default_module(other) is not macros._get_default_module(context)


def test_kakehashis_templates_are_made_so(app):
    assert app.jinja_env.get_template("lms/base.html").__class__ is KeptImportsTemplate
