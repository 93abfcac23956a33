"""A trainee's standing as the pages of many trainees write it (lms.curriculum.standing_lines):
the same words and lists the macros wrote, every title escaped, made once for lines alike."""

from __future__ import annotations

from lms.curriculum.models import Item
from lms.curriculum.standing import Assessment, Level, MissingAssignment, Shortfall, Standing
from lms.curriculum.standing_lines import missing_lines, risks_html, standing_html


def _items(count: int) -> list[Item]:
    return [Item(id=number, title=f"Task <{number}>", points=10) for number in range(count)]


def test_a_standing_at_risk_shows_three_reasons_then_folds_the_rest(app):
    risks = [MissingAssignment(item, Shortfall.NOT_HANDED_IN) for item in _items(5)]
    lesson = Item(id=99, title="Welcome & rules")
    standing = Standing(Level.AT_RISK, Assessment([lesson], list(risks)), risks)
    lines = [f"<li>Not handed in: Task &lt;{number}&gt;</li>" for number in range(5)]
    with app.test_request_context():
        html = standing_html(standing, locale="en")
        assert risks_html(risks, None, "en") in html
    assert html == (
        '<p><strong class="status status-cancelled">At risk</strong></p><p>Why:</p>'
        f'<ul class="plain-list">{"".join(lines[:3])}</ul>'
        "<details><summary>and 2 more reasons</summary>"
        f'<ul class="plain-list">{"".join(lines[3:])}</ul></details>'
        "<details><summary>What is missing: 6 things</summary>"
        '<ul class="plain-list"><li>Lesson not done: Welcome &amp; rules</li>'
        f'{"".join(lines)}</ul></details>')


def test_a_standing_on_track_or_met_and_its_own_points(app):
    [item] = _items(1)
    below = MissingAssignment(item, Shortfall.BELOW_PASS_MARK, 4)
    with app.test_request_context():
        on_track = standing_html(Standing(Level.ON_TRACK, Assessment([], [below]), []),
                                 open_missing=True, locale="en")
        met = standing_html(Standing(Level.ON_TRACK, Assessment(), []), locale="en")
        not_meeting = standing_html(Standing(Level.NOT_MEETING, Assessment([], [below]), []),
                                    locale="ja")
        assert missing_lines(Assessment([], [below]), "en") in on_track
    assert on_track == (
        '<p><strong class="status status-active">On track</strong></p>'
        "<details open><summary>What is missing: 1 thing</summary>"
        '<ul class="plain-list"><li>Below the pass mark: Task &lt;0&gt; (4 of 10 points)</li>'
        "</ul></details>")
    assert met == ('<p><strong class="status status-active">On track</strong></p>'
                   "<p>Nothing: the rule is met.</p>")
    assert "status-cancelled" in not_meeting and "Not yet meeting" not in not_meeting
