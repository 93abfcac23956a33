"""An assignment with a Japanese variant (NN-slug.ja.md): a grader and a trainee reading
Japanese see its title, rubric criteria and levels in Japanese; the scores are kept under the
default's criteria, so a grade given on one language reads on the other."""

from __future__ import annotations

from sqlalchemy import select

from lms.accounts.models import User
from lms.assignments.models import Grade
from lms.curriculum.sync import sync_courses
from tests.assignments.test_views import as_user
from tests.conftest import post
from tests.home.conftest import hand_in

VISIT_NOTE_JA = """+++
title = "訪問ノート"
type = "assignment"
due_day = 40
points = 10
submission = ["text", "file"]
[[rubric]]
criterion = "観察"
levels = [{points = 4, label = "くわしい"}, {points = 2, label = "ふつう"},
          {points = 0, label = "ない"}]
[[rubric]]
criterion = "振り返り"
levels = [{points = 6, label = "深い"}, {points = 3, label = "少し"},
          {points = 0, label = "ない"}]
+++
訪問について書きます。
"""


def test_a_japanese_grader_and_trainee_read_the_rubric_in_japanese(client, db, year, tmp_path):
    path = tmp_path / "courses" / "year-course" / "02-care" / "02-visit-note.ja.md"
    path.write_text(VISIT_NOTE_JA, encoding="utf-8")
    sync_courses(db, tmp_path / "courses")
    for email in ("mentor@example.org", "amihan@example.org"):
        db.scalar(select(User).where(User.email == email)).locale = "ja"
    waiting = hand_in(db, year["trainee"], year["items"]["visit-note"], days_ago=1)
    db.commit()
    as_user(client, "mentor@example.org")
    url = f"/submissions/{waiting.id}/grade"
    page = client.get(url).get_data(as_text=True)
    assert "<h1>訪問ノート</h1>" in page
    assert "<legend>観察" in page and "くわしい</label>" in page and "深い</label>" in page
    assert "Precise" not in page and "Observation" not in page
    queue = client.get("/grading").get_data(as_text=True)
    assert f'/submissions/{waiting.id}/grade">訪問ノート</a>' in queue
    assert '<option value="visit-note">訪問ノート</option>' in queue
    assert '<option value="presentation">Presentation</option>' in queue
    response = post(client, url, {"version": "0", "criterion-0": "4", "criterion-1": "3",
                                  "outcome": "graded", "then": "stay"}, token_from=url)
    assert response.status_code == 302
    grade = db.scalar(select(Grade))
    assert grade.scores == {"Observation": 4, "Reflection": 3} and grade.total == 7
    client.get("/logout")
    as_user(client, "amihan@example.org")
    work = client.get(f"/cohorts/{year['cohort'].id}/work/visit-note").get_data(as_text=True)
    assert "訪問ノート" in work and "訪問について書きます。" in work
    assert "<th scope=\"row\">観察</th>" in work and "少し" in work
    assert "Observation" not in work
