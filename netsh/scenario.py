"""The Scenario base class and how scenarios are found.

A scenario is a description: typed parameters and a sequence of steps. It never
runs anything and never knows where it runs (STYLE: Mininet's Topo.build()).
Scenarios come from three places: the built-in `scenarios/` folder (installed as
`netsh.scenarios`), the `netsh.scenarios` entry-point group of any installed
package, and a file path given on the command line.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import importlib
import importlib.util
import inspect
import pkgutil
from collections.abc import Iterator
from importlib.metadata import entry_points
from pathlib import Path
from typing import ClassVar

from netsh import params as P
from netsh.errors import UsageError
from netsh.param_rules import Rule
from netsh.step import Step


class Scenario:
    name: ClassVar[str]
    summary: ClassVar[str]
    # What the tutorial takes for granted about its host; stated in every transcript.
    assumptions: ClassVar[tuple[str, ...]] = ()
    # The machines a multi-host scenario needs, e.g. ("host1", "host2"); its commands
    # and claims are placed with netsh.hosts.on(). Empty: one machine, as usual.
    hosts: ClassVar[tuple[str, ...]] = ()
    # True: run consecutive ip commands for one place through one `ip -batch`
    # (same results, far fewer processes); teaching scenarios read better one by one.
    batched: ClassVar[bool] = False
    # How parameters must fit together beyond what their types imply, e.g.
    # (Within("addr1", "subnet"), Outside("gateway", "subnet")); see netsh/param_rules.py.
    rules: ClassVar[tuple[Rule, ...]] = ()
    # Kernel features it needs, by name from netsh/features.py (e.g. "vxlan"): probed
    # where the commands run before step 1; one missing is exit 3, nothing run.
    features: ClassVar[tuple[str, ...]] = ()

    @dataclasses.dataclass(frozen=True)
    class Params:
        pass

    def __init__(self, params=None):
        self.p = params if params is not None else P.build(self.Params, {}, rules=self.rules)

    @classmethod
    def with_overrides(cls, overrides: dict[str, str], prefix: str = "") -> Scenario:
        return cls(P.build(cls.Params, overrides, prefix, cls.rules))

    def steps(self) -> Iterator[Step]:
        raise NotImplementedError

    @functools.cached_property
    def plan(self) -> tuple[Step, ...]:
        """The steps, generated once: a run reads them several times (the tools they
        need, what --on-host announces, the run itself), and at scale that adds up."""
        return tuple(self.steps())

    @classmethod
    def describe(cls) -> dict:
        from netsh.param_rules import to_yaml

        return {"name": cls.name, "summary": cls.summary, "parameters": P.describe(cls.Params),
                "rules": [to_yaml(r) for r in cls.rules]}


def _scenarios_in(module) -> list[type[Scenario]]:
    return [obj for _, obj in inspect.getmembers(module, inspect.isclass)
            if issubclass(obj, Scenario) and obj is not Scenario
            and obj.__module__ == module.__name__]


def builtin() -> dict[str, type[Scenario]]:
    import netsh.scenarios as pkg

    found = {}
    for info in pkgutil.iter_modules(pkg.__path__):
        module = importlib.import_module(f"{pkg.__name__}.{info.name}")
        found.update({s.name: s for s in _scenarios_in(module)})
    for folder in pkg.__path__:
        found.update(lessons_in(Path(folder)))
    return found


def from_entry_points() -> dict[str, type[Scenario]]:
    found = {}
    for ep in entry_points(group="netsh.scenarios"):
        obj = ep.load()
        for s in _scenarios_in(obj) if inspect.ismodule(obj) else [obj]:
            found[s.name] = s
    return found


def lesson_file(path: Path) -> type[Scenario]:
    """The scenario a lesson file (`.md`) describes; errors name file, line and column (exit 2)."""
    from netsh.lesson.compile import scenario_class

    return scenario_class(path, Scenario)


def lessons_in(folder: Path) -> dict[str, type[Scenario]]:
    """The lesson files (`*.md`, not their translations `*.zh.md`) in `folder`."""
    found = {}
    for path in sorted(folder.glob("*.md")):
        if path.name.count(".") == 1:
            cls = lesson_file(path)
            found[cls.name] = cls
    return found


def from_file(path: Path) -> dict[str, type[Scenario]]:
    """Load scenarios from a Python file (this runs the file: it is code) or a lesson file (`.md`)."""
    if path.suffix == ".md":
        cls = lesson_file(path)
        return {cls.name: cls}
    if not path.is_file():
        raise UsageError(f"no scenario file at {path}", "Give the path to a .py or .md file.")
    spec = importlib.util.spec_from_file_location(f"netsh_user_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    found = {s.name: s for s in _scenarios_in(module)}
    if not found:
        raise UsageError(f"{path} defines no Scenario subclass",
                         "A scenario file defines a class that subclasses netsh.scenario.Scenario.")
    return found


def available() -> dict[str, type[Scenario]]:
    return {**from_entry_points(), **builtin()}


def looks_like_path(name: str) -> bool:
    return name.endswith((".py", ".md")) or "/" in name


def find(name: str) -> type[Scenario]:
    """A scenario by name, or by file path (which must say so: ./x.py, lesson.md)."""
    if looks_like_path(name):
        found = from_file(Path(name))
        return next(iter(found.values()))
    known = available()
    if name in known:
        return known[name]
    close = difflib.get_close_matches(name, known, n=3, cutoff=0.5)
    hint = f"Did you mean: {', '.join(close)}?" if close else ""
    raise UsageError(f"unknown scenario {name!r}",
                     (hint + " " if hint else "") + "`netsh list` shows every scenario.")
