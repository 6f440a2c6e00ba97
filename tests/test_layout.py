"""How the code is laid out, checked: the layers contract, no import cycle, modules of a readable size,
each with a docstring that says its role."""

from __future__ import annotations

import ast
import io
from contextlib import redirect_stdout

import grimp
import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "tui"
#: A module longer than this does more than one thing: split it.
MAX_LINES = 600


def test_the_import_contracts_in_pyproject_hold():
    from importlinter.cli import lint_imports

    report = io.StringIO()
    with redirect_stdout(report):
        code = lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True)
    assert code == 0, report.getvalue()


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan's algorithm, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0
    for root in sorted(graph.modules):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in graph.modules:
                    continue
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.find_modules_directly_imported_by(child)))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    group = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == node:
                            break
                    if len(group) > 1:
                        found.append(sorted(group))
    return found


def test_no_module_of_tui_imports_itself_back():
    """Every import, also inside functions and for type checking only, points one way."""
    graph = grimp.build_graph("tui", cache_dir=None)
    assert _cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle():
    graph = grimp.ImportGraph()
    for name in ("a", "a.b", "a.c", "a.d"):
        graph.add_module(name)
    graph.add_import(importer="a.b", imported="a.c")
    graph.add_import(importer="a.c", imported="a.b")
    graph.add_import(importer="a.d", imported="a.b")
    assert _cycles(graph) == [["a.b", "a.c"]]


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_each_module_is_of_a_readable_size_and_says_its_role(path):
    source = path.read_text(encoding="utf-8")
    assert source.count("\n") <= MAX_LINES, f"{path.name}: split it (over {MAX_LINES} lines)"
    doc = ast.get_docstring(ast.parse(source))
    assert doc, f"{path.relative_to(ROOT)} has no docstring saying what it is for"
    if path.name == "__init__.py":
        assert "\n" not in doc.strip(), "a package says its role in one line"
