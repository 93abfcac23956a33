"""The one Markdown renderer lets no script through, whoever wrote the text."""

from __future__ import annotations

import pytest

from lms.markdown import render

PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    '<svg onload="alert(1)"><circle r="1"/></svg>',
    '<iframe src="https://evil.example"></iframe>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<object data="x.swf"></object>',
    "![x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<form action="https://evil.example"><input name="password"></form>',
    "<<script>script>alert(1)<</script>/script>",
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_are_inert(payload):
    html = str(render(payload)).lower()
    for dangerous in ("<script", "onerror", "onload", "javascript:", "<iframe", "<svg",
                      "style=", "<object", "data:text/html", "<form", "<input", "xlink:href"):
        assert dangerous not in html, (payload, html)


def test_ordinary_markdown_survives():
    html = str(render("## Care plan\n\n*Kaigo* means **care**.\n\n- one\n- two\n\n"
                      "[MHLW](https://www.mhlw.go.jp/)"))
    assert "<h2>Care plan</h2>" in html and "<em>Kaigo</em>" in html
    assert "<li>one</li>" in html
    assert 'href="https://www.mhlw.go.jp/"' in html and 'rel="noopener noreferrer nofollow"' in html


def test_empty_text_renders_nothing():
    assert str(render(None)) == "" and str(render("")) == ""


def test_top_heading_shifts_every_level_and_caps_at_h6():
    html = str(render("# Title\n\n## Part\n\n#### Deep\n\n###### Deepest", top_heading=3))
    assert "<h3>Title</h3>" in html
    assert "<h4>Part</h4>" in html
    assert "<h6>Deep</h6>" in html
    assert "<h6>Deepest</h6>" in html
    assert "<h1" not in html and "<h2" not in html


def test_headings_keep_their_level_by_default():
    assert "<h2>Part</h2>" in str(render("## Part"))


def test_top_heading_is_a_heading_level():
    with pytest.raises(ValueError):
        render("# Title", top_heading=7)


def test_table_header_cells_say_what_they_head():
    html = str(render("| Country | Trainees |\n|---|---|\n| Nepal | 2 |\n| Laos | 1 |"))
    assert html.count('<th scope="col">') == 2
    assert "<th>" not in html
    assert "<td>Nepal</td>" in html


def test_a_table_scrolls_in_a_region_keyboards_reach():
    """A wide table scrolls inside its own named region, never widening a phone's page; an
    author cannot write the region's attributes (nh3 drops them), only the renderer adds them."""
    html = str(render("| Country | Trainees |\n|---|---|\n| Nepal | 2 |\n\ntext\n\n"
                      "| A | B |\n|---|---|\n| 1 | 2 |"))
    region = '<div class="table-scroll" role="region" tabindex="0" aria-label="Table"><table>'
    assert html.count(region) == 2
    assert html.count("</table></div>") == 2
    written = str(render('<div class="table-scroll" role="region" tabindex="0">x</div>'))
    assert "role=" not in written and "tabindex" not in written and "table-scroll" not in written


def test_a_body_row_starting_with_a_header_cell_heads_its_row():
    import xml.etree.ElementTree as etree

    import markdown

    from lms.markdown import _HeaderScopes

    table = etree.fromstring(  # noqa: S314 - a literal, not untrusted data
        "<div><table><tbody><tr><th>Nepal</th><td>2</td></tr>"
        "<tr><td>Laos</td><th>1</th></tr></tbody></table></div>")
    _HeaderScopes(markdown.Markdown()).run(table)
    first, second = table.iter("tr")
    assert first[0].get("scope") == "row"
    assert second[1].get("scope") is None
