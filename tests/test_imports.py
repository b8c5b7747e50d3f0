"""The imports of jamwithme/ form a tree: no module reaches itself again through its imports.

Read from the source (an AST walk of every ``import``, at the top of a module
or inside a function, since a deferred import is still a circle in the design),
not by importing, so a circle is found even where Python's import order happens
to let it load. ``from package import name`` counts as an import of
``package.name`` when that is a module, else of the package (its face).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import jamwithme

ROOT = Path(jamwithme.__file__).parent


def module_graph(root: Path) -> dict[str, set[str]]:
    """``{module: modules it imports}`` for the package in folder ``root`` (only its own modules)."""
    top = root.name
    files = {}
    for path in root.rglob("*.py"):
        parts = path.relative_to(root.parent).with_suffix("").parts
        files[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path

    def owner(name: str) -> str:
        while name not in files:
            name = name.rpartition(".")[0]
        return name

    graph: dict[str, set[str]] = {}
    for name, path in files.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets = set()
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Import):
                targets |= {owner(a.name) for a in node.names if a.name.split(".")[0] == top}
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                    base = f"{base}.{node.module}" if node.module else base
                else:
                    base = node.module or ""
                if base.split(".")[0] != top:
                    continue
                targets |= {owner(f"{base}.{a.name}") for a in node.names}
        graph[name] = targets - {name}
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_jamwithme_imports_form_a_tree():
    graph = module_graph(ROOT)
    assert {"jamwithme.service", "jamwithme.service.jobs", "jamwithme.service.runtime"} <= set(graph)
    assert "jamwithme.service.runtime" in graph["jamwithme.service.jobs"]  # deferred imports are read too
    assert circles(graph) == []


def test_nothing_in_jamwithme_imports_streamlit():
    users = [
        str(path.relative_to(ROOT))
        for path in ROOT.rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, (ast.Import, ast.ImportFrom))
        and any(
            (name or "").split(".")[0] == "streamlit"
            for name in ([a.name for a in node.names] if isinstance(node, ast.Import) else [node.module])
        )
    ]
    assert users == []


@pytest.mark.parametrize(
    "files, expected",
    [
        ({"__init__.py": "from pkg import a\n", "a.py": "import pkg.b\n", "b.py": ""}, []),
        # the package face imports a module that imports a name back from the face
        ({"__init__.py": "from pkg.a import x\n", "a.py": "def f():\n    from pkg import y\n"}, [["pkg", "pkg.a"]]),
        (
            {"a.py": "from . import b\n", "b.py": "from .c import z\n", "c.py": "import pkg.a\n"},
            [["pkg.a", "pkg.b", "pkg.c"]],
        ),
        (
            {"sub/__init__.py": "", "sub/x.py": "from ..y import q\n", "y.py": "from pkg.sub import x\n"},
            [["pkg.sub.x", "pkg.y"]],
        ),
    ],
)
def test_a_circle_is_found(tmp_path, files, expected):
    package = tmp_path / "pkg"
    for name, text in {"__init__.py": "", **files}.items():
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_text(text)
    assert circles(module_graph(package)) == expected
