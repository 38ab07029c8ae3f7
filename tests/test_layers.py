"""The import graph keeps the layers apart.

- No cycles between the project's Python modules: two modules that need each other are
  one piece of logic split in the wrong place. Imports inside functions count too
  (moving an import into a function hides a cycle, it does not remove it); only
  ``if TYPE_CHECKING:`` imports are left out.
- Services and selectors never import API, spreadsheet or admin code: the rules they
  hold serve every door.
- The platform (``fotostudio/``) and ``tenants/`` never import a business module.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PACKAGES = ("fotostudio", "tenants", "modules")
#: What a service or a selector must not import (prefixes of dotted module names).
OUTER_LAYERS = ("fotostudio.api", "fotostudio.spreadsheets", "fotostudio.admin", "rest_framework.", "import_export")
OUTER_MODULE_PARTS = {"api", "resources", "admin", "forms", "dashboard"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _project_files() -> dict[str, Path]:
    files = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if {"tests", "migrations", "module_template"} & set(path.parts):
                continue
            files[_module_name(path)] = path
    return files


FILES = _project_files()


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(name: str, path: Path) -> set[str]:
    """Every module this one imports, resolved to dotted names (``from x import y`` → ``x.y`` when a module)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    skipped = {
        id(child)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and _is_type_checking(node)
        for child in ast.walk(node)
    }
    found = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.add(candidate if candidate in FILES else base)
    return found


GRAPH = {
    name: {target for target in _imports(name, path) if target in FILES and target != name}
    for name, path in FILES.items()
}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, on_stack, stack, result = {}, {}, set(), [], []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                result.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return result


def test_the_graph_was_read():
    assert "modules.clients.services" in GRAPH
    assert "fotostudio.core.bulk" in GRAPH["modules.clients.services"]


def test_there_are_no_import_cycles():
    assert _cycles(GRAPH) == []


@pytest.mark.parametrize("name", sorted(n for n in FILES if n.rsplit(".", 1)[-1] in {"services", "selectors"}))
def test_services_and_selectors_do_not_import_outer_layers(name):
    path = FILES[name]
    imported = _imports(name, path)
    module_package = name.rpartition(".")[0]
    outer = {
        target
        for target in imported
        if target.startswith(OUTER_LAYERS)
        or (
            target.startswith(module_package + ".")
            and target[len(module_package) + 1 :].split(".")[0] in OUTER_MODULE_PARTS
        )
    }
    assert not outer, f"{name} imports {sorted(outer)}"


@pytest.mark.parametrize("name", sorted(n for n in FILES if not n.startswith("modules")))
def test_the_platform_never_imports_a_business_module(name):
    assert not {target for target in _imports(name, FILES[name]) if target.startswith("modules")}
