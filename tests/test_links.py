"""Links to many rows (lms.links.link_to): each id's address is url_for's, and the link is
built once an app for each place the app is mounted at."""

from __future__ import annotations

from flask import url_for

from lms import links


def test_each_id_gets_url_fors_address_wherever_the_app_is_mounted(app, monkeypatch):
    for base_url in ("http://kakehashi.test/", "http://kakehashi.test/lms/",
                     "https://other.test/"):
        with app.test_request_context("/", base_url=base_url):
            grade = links.link_to("lms.assignments.grade", "submission_id")
            inbox = links.link_to("lms.messages.conversation", "conversation_id", page=2)
            assert grade(7) == url_for("lms.assignments.grade", submission_id=7)
            assert inbox(35) == url_for("lms.messages.conversation", conversation_id=35, page=2)
            assert links.link_to("lms.assignments.grade", "submission_id", _external=True)(
                7) == url_for("lms.assignments.grade", submission_id=7, _external=True)

    built = []
    monkeypatch.setattr(links, "url_for", lambda endpoint, **values: built.append(
        endpoint) or f"/elsewhere/{values['submission_id']}/grade")
    with app.test_request_context("/", base_url="http://kakehashi.test/lms/"):
        # Kept for the app: asked again where it was built, url_for is not asked.
        assert links.link_to("lms.assignments.grade", "submission_id")(8).endswith("/8/grade")
        assert built == []
    with app.test_request_context("/", base_url="http://kakehashi.test/elsewhere/"):
        links.link_to("lms.assignments.grade", "submission_id")
        assert built == ["lms.assignments.grade"]
