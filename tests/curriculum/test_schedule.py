"""The printable schedule is in date order, whatever the course's order (issue 17, item 16)."""

from __future__ import annotations

from types import SimpleNamespace

from lms.curriculum.queries import schedule_rows


def _module(title, opens_day, *items):
    return SimpleNamespace(module=SimpleNamespace(title=title, opens_day=opens_day),
                           items=list(items))


def _item(title, due_day=None, lesson=False):
    return SimpleNamespace(title=title, due_day=due_day, is_lesson=lesson)


def test_a_deadline_after_the_next_module_opens_comes_after_it():
    outline = SimpleNamespace(modules=[
        _module("Arrival", 1, _item("Welcome", lesson=True), _item("Essay", 40)),
        _module("Care", 30, _item("Visit note", 30), _item("Open-ended")),
        _module("Practicum", 200, _item("Journal", 210)),
    ])
    rows = schedule_rows(outline)
    assert [(row.day, (row.module or row.item).title) for row in rows] == [
        (1, "Arrival"), (30, "Care"), (30, "Visit note"), (40, "Essay"), (200, "Practicum"),
        (210, "Journal")]
