"""A lesson source -> a Scenario subclass whose steps are ordinary Step / Command / Claim values.

The class is made once per file; each instance fills in its parameters and
builds its whole plan at once, so a value that cannot be used (a sysctl path
outside /proc/sys/net, say) is refused before anything runs. The Scenario base
class is handed in by netsh.scenario, which finds lessons: this package never
imports it (no import cycle).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import ClassVar

from netsh.i18n import Text, squash
from netsh.lesson.build import make_claim
from netsh.lesson.commands import parse_line
from netsh.lesson.errors import Where
from netsh.lesson.fill import fill
from netsh.lesson.source import LessonSource, StepSource, read
from netsh.step import Step


class Lesson:
    """A scenario written as a Markdown lesson file (mixed into netsh.scenario.Scenario)."""

    source: ClassVar[LessonSource]
    p: object

    def __init__(self, params=None):
        super().__init__(params)
        # Changes the lesson makes that netsh cannot take back: --on-host refuses to run them.
        self.undo_unknown: tuple[str, ...] = ()
        where = Where(str(self.source.path))
        self.assumptions = tuple(_filled(a, vars(self.p), where) for a in type(self).assumptions)
        self.plan  # noqa: B018 -- built now: a bad value is an error before anything runs

    def steps(self):
        values = vars(self.p)
        unknown: list[str] = []
        built = [_step(s, values, self.source, unknown) for s in self.source.steps]
        self.undo_unknown = tuple(unknown)
        return iter(built)


def _filled(text: str, values: dict, where: Where) -> str:
    """`text` (and each of its translations) with {params} filled in."""
    langs = getattr(text, "translations", {})
    return _texts(fill(text, values, where), {k: fill(v, values, where) for k, v in langs.items() if k != "en"})


def _texts(en: str, others: dict[str, str]) -> str:
    """One text with its translations (`Text`), or plain English when there are none."""
    others = {lang: t for lang, t in others.items() if t}
    return Text(en, **others) if others else en


def _step(s: StepSource, values: dict, src: LessonSource, unknown: list[str]) -> Step:
    title = _filled(_texts(s.title, {lang: t[0] for lang, t in s.translations.items()}), values, s.where)
    narration = _filled(_texts(squash(s.narration), {lang: squash(t[1]) for lang, t in s.translations.items()}),
                        values, s.where)
    commands = []
    for where, line in s.commands:
        parsed = parse_line(line, where, values, src.meta.failures)
        commands.append(parsed.command)
        if parsed.undo_unknown and parsed.command.undo is None:
            unknown.append(f"{where}: {parsed.command.display}")
    claims = [make_claim(spec, values, {lang: t[2][n] for lang, t in s.translations.items()})
              for n, spec in enumerate(s.claims)]
    return Step(title, narration, tuple(commands), tuple(claims))


def wiring(src: LessonSource) -> dict:
    """Front matter that other parts of netsh act on, as Scenario class attributes.

    `requires.tools` and `requires.kernel` are checked before step 1 (session.py:
    require_tools, require_kernel); `rules:` and `requires.features:` are the
    Scenario's `rules` (netsh/param_rules.py) and `features` (netsh/features.py).
    """
    m = src.meta
    return {"rules": m.rules,
            "features": tuple(m.features), "lesson_tools": m.tools, "lesson_kernel": m.kernel}


def scenario_class(path: Path, base: type) -> type[Lesson]:
    """The Scenario class (a subclass of `base`) of a lesson file, checked with its default parameters."""
    src = read(path)
    m = src.meta
    params = dataclasses.make_dataclass(
        "Params", [(name, ptype, dataclasses.field(default=default)) for name, ptype, default in m.params],
        frozen=True)
    zh = {lang: t for lang, t in src.translations.items()}
    attrs = {
        "name": m.name,
        "summary": _texts(m.summary, {lang: t.get("summary", "") for lang, t in zh.items()}),
        "assumptions": tuple(_texts(a, {lang: (t["assumptions"] or [""] * len(m.assumptions))[n]
                                        for lang, t in zh.items()})
                             for n, a in enumerate(m.assumptions)),
        "batched": m.batched, "Params": params, "source": src, "__module__": __name__,
        **wiring(src),
    }
    cls = type(_class_name(m.name), (Lesson, base), attrs)
    cls()  # every line compiles with the defaults, or this raises (exit 2)
    return cls


def _class_name(name: str) -> str:
    return "Lesson_" + name.replace("-", "_")

