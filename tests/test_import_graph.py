"""netsh's modules import one another in one direction: no cycle, counting the
imports written inside functions and under TYPE_CHECKING (they hide cycles;
they do not remove them)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from conftest import REPO

# Where each package's modules live (scenarios/ is installed as netsh.scenarios).
PACKAGES = {"netsh": REPO / "netsh", "netsh.scenarios": REPO / "scenarios"}


def modules(packages: dict[str, Path]) -> dict[str, Path]:
    """Every module of the packages, by dotted name."""
    found = {}
    for package, folder in packages.items():
        for path in folder.rglob("*.py"):
            parts = path.relative_to(folder).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join((package, *parts))] = path
    return found


def imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The known modules `name` imports anywhere in its file: at the top, inside
    functions, under `if TYPE_CHECKING:`. `from pkg import mod` counts as mod."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name in known}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            for alias in node.names:
                target = f"{base}.{alias.name}"
                if target in known:
                    found.add(target)
                elif base in known:
                    found.add(base)
    found.discard(name)
    return found


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
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


def import_graph(packages: dict[str, Path]) -> dict[str, set[str]]:
    known = modules(packages)
    return {name: imports(name, path, known) for name, path in known.items()}


def test_netsh_has_no_import_cycle():
    graph = import_graph(PACKAGES)
    assert "netsh.runner" in graph and "netsh.scenarios.bridge_n_ns" in graph and "netsh.lesson.compile" in graph
    assert cycles(graph) == []


def test_scenarios_do_not_import_each_other():
    """Shared building blocks live in netsh (netsh/wiring.py), not in another scenario."""
    graph = import_graph(PACKAGES)
    among = {name: sorted(m for m in deps if m.startswith("netsh.scenarios."))
             for name, deps in graph.items() if name.startswith("netsh.scenarios.")}
    assert {name: deps for name, deps in among.items() if deps} == {}


def test_tests_do_not_import_other_test_modules():
    """Shared helpers live in conftest.py or a helper module (golden.py, scenario_checks.py, ...)."""
    here = Path(__file__).parent
    found = {}
    for path in here.glob("test_*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            found.update({f"{path.name} imports {n}": True for n in names if n.startswith("test_")})
    assert sorted(found) == []


def test_one_name_one_thing():
    """No two classes of netsh share a name, nor differ only by a plural (HostExecutor/HostsExecutor)."""
    where: dict[str, list[str]] = {}
    for name, path in modules(PACKAGES).items():
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ClassDef):
                singular = re.sub(r"s(?=[A-Z]|$)", "", node.name)
                where.setdefault(singular, []).append(f"{name}.{node.name}")
    assert {cls: found for cls, found in where.items() if len(found) > 1} == {}


def test_the_walk_sees_lazy_and_type_checking_imports(tmp_path):
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg.sub import b\n")
    (pkg / "sub" / "b.py").write_text("def f():\n    from .c import x\n")
    (pkg / "sub" / "c.py").write_text("import pkg.a\n")
    (pkg / "d.py").write_text("from pkg import a\n")
    graph = import_graph({"pkg": pkg})
    assert graph["pkg.a"] == {"pkg.sub.b"} and graph["pkg.sub.b"] == {"pkg.sub.c"}
    assert cycles(graph) == [["pkg.a", "pkg.sub.b", "pkg.sub.c"]]
