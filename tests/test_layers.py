"""The layers of DESIGN section 4, read from the source: every import under lms/, including
those inside functions and under ``if TYPE_CHECKING``, parsed with ``ast`` (nothing is
imported, so a module that is never loaded is checked as well).

- The lower layer (the modules directly in lms/, and lms/migrations) imports no domain, and
  its modules import each other without cycles.
- No domain's views import another domain's views.
- The domains' import graph has no cycle. Otherwise a domain may import any other's models,
  queries and services (lms.demo, which seeds them all, imports every domain).
"""

from __future__ import annotations

import ast
import functools
import itertools
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import lms

ROOT = Path(lms.__file__).parent

#: Packages in lms/ that are infrastructure, not domains.
NOT_DOMAINS = {"migrations"}

#: Lower-layer modules that may import domains, and why.
ASSEMBLERS = {
    "lms.extension": "builds the app's blueprint from every domain's blueprints",
    "lms.cli": "the `flask lms` commands call into the domains they drive",
    "lms.models": "imports every domain's models so that Base.metadata knows every table",
}

#: The package's public surface and what puts the app together: above everything else in
#: the lower layer, so left out of its cycle check (lms.backup reads lms.__version__).
TOP = {"lms", "lms.app", "lms.extension", "lms.cli"}

#: Domain modules every layer may import, and why. Their own imports are checked to stay in
#: the lower layer, so that they lead back into no domain.
FOUNDATIONS = {
    "lms.accounts.models": "the user and their roles: who is signed in (security), who did "
                           "it (audit), to whom a message goes (mail)",
}

#: Edges of the domain graph that close a cycle, with the importing modules that make them
#: and why they stay for now. Each must still exist: a cycle that has been broken is taken
#: off this list.
KNOWN_CYCLE_EDGES = {
    ("alumni", "grants"): (
        {"lms.alumni.views"},
        "The alumni home is a hub page over follow-up, seminars, certificates and grants, "
        "while a grant application starts from the applicant's alumni profile "
        "(lms.grants.applying). Moving the hub out of alumni would change its address.",
    ),
    ("programs", "curriculum"): (
        {"lms.programs.models", "lms.programs.views"},
        "A cohort follows one course (Cohort.course; the cohort form offers the live "
        "courses), while the course pages are built on cohorts, enrollments and "
        "mentorships. Ending it means splitting course content from course progress.",
    ),
}


@dataclass(frozen=True)
class Import:
    importer: str
    imported: str
    line: int

    def __str__(self) -> str:
        return f"{self.importer} (line {self.line}) imports {self.imported}"


def module_name(path: Path) -> str:
    parts = ["lms", *path.relative_to(ROOT).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(tree: ast.AST, importer: str, is_package: bool, known: set[str]) -> list[Import]:
    """Every lms module ``importer`` imports anywhere in ``tree``. ``from a import b`` counts
    as importing a.b where that is a module, else as importing a."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = importer.split(".")[: len(importer.split(".")) - node.level
                                                + is_package]
                base = ".".join([*package, base] if base else package)
            names = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                     for alias in node.names]
        else:
            continue
        for name in names:
            if name == "lms" or name.startswith("lms."):
                while name not in known and "." in name:
                    name = name.rsplit(".", 1)[0]
                found.append(Import(importer, name, node.lineno))
    return found


@functools.cache
def all_imports() -> tuple[Import, ...]:
    paths = {module_name(path): path for path in ROOT.rglob("*.py")}
    found = []
    for name, path in sorted(paths.items()):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        found += imports_of(tree, name, path.name == "__init__.py", set(paths))
    return tuple(found)


def domain_of(module: str) -> str | None:
    """The domain package a module belongs to, or None for the lower layer."""
    parts = module.split(".")
    if len(parts) > 2 or (len(parts) == 2 and (ROOT / parts[1]).is_dir()):
        return None if parts[1] in NOT_DOMAINS else parts[1]
    return None


ROUTE_DECORATORS = {"route", "get", "post", "put", "patch", "delete"}


@functools.cache
def is_views(module: str) -> bool:
    """Views modules: named so, or serving routes. A page kit without routes of its own
    (lms.reviews.pages) is called by several domains' views, as a service would be."""
    last = module.rsplit(".", 1)[-1]
    if last == "views" or last.endswith("_views"):
        return True
    path = ROOT.joinpath(*module.split(".")[1:]).with_suffix(".py")
    if not path.exists():
        return False
    return any(isinstance(decorator, ast.Call) and isinstance(decorator.func, ast.Attribute)
               and decorator.func.attr in ROUTE_DECORATORS
               for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
               if isinstance(node, ast.FunctionDef) for decorator in node.decorator_list)


def cycle_in(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of ``graph`` as [a, b, ..., a], or None."""
    state: dict[str, str] = {}
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = "open"
        path.append(node)
        for following in sorted(graph.get(node, ())):
            if state.get(following) == "open":
                return [*path[path.index(following):], following]
            if following not in state and (cycle := visit(following)):
                return cycle
        state[node] = "done"
        path.pop()
        return None

    for start in sorted(graph):
        if start not in state and (cycle := visit(start)):
            return cycle
    return None


def domain_edges(found: tuple[Import, ...]) -> dict[tuple[str, str], list[Import]]:
    edges: dict[tuple[str, str], list[Import]] = defaultdict(list)
    for each in found:
        source, target = domain_of(each.importer), domain_of(each.imported)
        if source and target and source != target:
            edges[(source, target)].append(each)
    return edges


# The checker itself ------------------------------------------------------------------------------


def test_imports_inside_functions_and_relative_imports_are_seen() -> None:
    tree = ast.parse("import os\n"
                     "def build():\n"
                     "    from lms.grants import views, nothing_here\n"
                     "    if True:\n"
                     "        import lms.db\n"
                     "from . import services\n"
                     "from .models import Thing\n")
    known = {"lms.db", "lms.grants", "lms.grants.views", "lms.events.services",
             "lms.events.models"}
    found = [(each.imported, each.line)
             for each in imports_of(tree, "lms.events.queries", False, known)]
    assert sorted(found) == [("lms.db", 5), ("lms.events.models", 7), ("lms.events.services", 6),
                             ("lms.grants", 3), ("lms.grants.views", 3)]


def test_a_cycle_is_found_and_named() -> None:
    assert cycle_in({"a": {"b"}, "b": {"c"}, "c": set()}) is None
    assert cycle_in({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def test_modules_are_placed_in_their_layer() -> None:
    assert domain_of("lms.security") is None
    assert domain_of("lms.migrations.env") is None
    assert domain_of("lms.grants.staff_views") == "grants"
    assert domain_of("lms.programs") == "programs"
    assert is_views("lms.grants.staff_views") and is_views("lms.app")  # serves /healthz
    assert not is_views("lms.grants.services") and not is_views("lms.reviews.pages")


def test_the_source_is_read_whole() -> None:
    """The extension imports every blueprint inside a function: those imports are seen."""
    found = {(each.importer, each.imported) for each in all_imports()}
    assert ("lms.extension", "lms.events.views") in found
    assert ("lms.assignments.models", "lms.accounts.models") in found  # under TYPE_CHECKING


# The rules ---------------------------------------------------------------------------------------


def test_the_lower_layer_imports_no_domain() -> None:
    wrong = [str(each) for each in all_imports()
             if domain_of(each.importer) is None and each.importer not in ASSEMBLERS
             and domain_of(each.imported) is not None and each.imported not in FOUNDATIONS]
    assert not wrong, "Move what they need below the domains:\n" + "\n".join(wrong)


def test_the_lower_layer_imports_itself_without_cycles() -> None:
    """Such as lms.i18n asking lms.security for the user while security used i18n's words."""
    graph: dict[str, set[str]] = defaultdict(set)
    for each in all_imports():
        if (domain_of(each.importer) is None and domain_of(each.imported) is None
                and not {each.importer, each.imported} & TOP and each.importer != each.imported):
            graph[each.importer].add(each.imported)
    cycle = cycle_in(graph)
    assert cycle is None, " -> ".join(cycle or [])


def test_the_foundations_lead_into_no_domain() -> None:
    wrong = [str(each) for each in all_imports()
             if each.importer in FOUNDATIONS and domain_of(each.imported) is not None
             and each.imported != each.importer]
    assert not wrong, "\n".join(wrong)


def test_no_domain_imports_another_domains_views() -> None:
    wrong = [str(each) for each in all_imports()
             if domain_of(each.importer) and is_views(each.importer) and is_views(each.imported)
             and domain_of(each.imported) not in (None, domain_of(each.importer))]
    assert not wrong, "Call the other domain's services or queries instead:\n" + "\n".join(wrong)


def test_the_domains_import_each_other_without_cycles() -> None:
    edges = domain_edges(all_imports())
    graph: dict[str, set[str]] = defaultdict(set)
    for (source, target), through in edges.items():
        known = KNOWN_CYCLE_EDGES.get((source, target))
        if known is None or any(each.importer not in known[0] for each in through):
            graph[source].add(target)
    cycle = cycle_in(graph)
    assert cycle is None, "The domains import each other in a circle:\n" + "\n".join(
        f"{source} -> {target}: " + "; ".join(str(each) for each in edges[(source, target)][:3])
        for source, target in itertools.pairwise(cycle))


def test_each_known_cycle_edge_is_still_there() -> None:
    edges = domain_edges(all_imports())
    gone = [f"{source} -> {target}" for (source, target), (modules, _why)
            in KNOWN_CYCLE_EDGES.items()
            if not any(each.importer in modules for each in edges.get((source, target), []))]
    assert not gone, "No longer imported; take it off KNOWN_CYCLE_EDGES: " + ", ".join(gone)
