"""Every action the code writes to the audit log reads as words in an object's history
(lms.audit.ACTION_LABELS), not as its code name: a new action without a label fails here."""

from __future__ import annotations

import ast
from pathlib import Path

from lms.audit import ACTION_LABELS, describe

LMS = Path(__file__).resolve().parents[1] / "lms"


def _strings(node: ast.AST | None) -> set[str]:
    """The string constants an expression can be: a constant, or either side of an ``if``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return _strings(node.body) | _strings(node.orelse)
    return set()


def _name(call: ast.Call) -> str | None:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)


def _argument(call: ast.Call, position: int, keyword: str) -> ast.AST | None:
    if len(call.args) > position:
        return call.args[position]
    return next((kw.value for kw in call.keywords if kw.arg == keyword), None)


def _functions(trees: dict[Path, ast.Module]) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    return [node for tree in trees.values() for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)]


def _assigned(function: ast.AST) -> dict[str, set[str]]:
    """The strings each local name of a function is given (``action = "a" if x else "b"``)."""
    assigned: dict[str, set[str]] = {}
    for node in ast.walk(function):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    assigned.setdefault(target.id, set()).update(_strings(node.value))
    return assigned


def audited_actions() -> dict[str, str]:
    """Each action string the code under lms/ hands to ``lms.audit.record``: directly, through
    a local variable, or through helpers that pass their ``action`` parameter on (perhaps
    through other helpers); with the file it is written in."""
    trees = {path: ast.parse(path.read_text()) for path in sorted(LMS.rglob("*.py"))}
    functions = _functions(trees)
    # The functions that write an audit event, with the position of their action argument.
    writers = {"record": 2}
    grown = True
    while grown:
        grown = False
        for function in functions:
            parameters = [arg.arg for arg in function.args.args]
            local = _assigned(function)
            for node in ast.walk(function):
                if not (isinstance(node, ast.Call) and _name(node) in writers):
                    continue
                action = _argument(node, writers[_name(node)], "action")
                if isinstance(action, ast.Name) and action.id in parameters \
                        and action.id not in local and function.name not in writers:
                    writers[function.name] = parameters.index(action.id)
                    grown = True
    found: dict[str, str] = {}
    for path, tree in trees.items():
        for function in [tree, *_functions({path: tree})]:
            local = _assigned(function) if function is not tree else {}
            for node in ast.walk(function):
                if not (isinstance(node, ast.Call) and _name(node) in writers):
                    continue
                action = _argument(node, writers[_name(node)], "action")
                values = _strings(action)
                if isinstance(action, ast.Name):
                    values |= local.get(action.id, set())
                for value in values:
                    found.setdefault(value, str(path.relative_to(LMS.parent)))
    return found


def test_the_scan_finds_the_actions_of_every_way_of_writing_them():
    actions = audited_actions()
    # Directly, through a conditional, a local variable, and a helper's parameter.
    assert {"delegation_created", "seminar_attendance_saved", "cohort_replaced",
            "placements.evaluation_submitted", "conversation_closed", "password_reset",
            "grant_closed", "follow_up_applicant_selected", "admission_selected"} <= set(actions)
    assert len(actions) > 100


def test_every_audited_action_has_a_label():
    missing = {action: where for action, where in audited_actions().items()
               if action not in ACTION_LABELS}
    assert missing == {}


def test_the_events_actions_read_as_words():
    assert describe("delegation_member_added") == "Delegation member added"
    assert describe("seminar_registration_anonymized") != "seminar_registration_anonymized"
