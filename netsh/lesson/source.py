"""A lesson file read and checked: its front matter, steps, command lines and claims,
with the translation beside it (`lesson.zh.md`) merged in. Nothing is built yet:
`compile.py` fills in the parameters."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from netsh.i18n import LANGS
from netsh.lesson import doc, meta
from netsh.lesson.claims import ClaimSpec, parse_claim
from netsh.lesson.errors import LessonError, Where


@dataclass
class StepSource:
    title: str
    narration: str               # Markdown paragraphs, joined
    where: Where
    commands: list[tuple[Where, str]] = field(default_factory=list)
    claims: list[ClaimSpec] = field(default_factory=list)
    # Other languages: lang -> (title, narration, [claim text, why-not] per claim).
    translations: dict = field(default_factory=dict)


@dataclass
class LessonSource:
    path: Path
    meta: meta.Meta
    steps: list[StepSource]
    translations: dict = field(default_factory=dict)   # lang -> translated front matter values


def read(path: Path) -> LessonSource:
    """Parse `path` and its translations; every error names the file and line (exit 2)."""
    if ".".join(path.name.split(".")[-2:-1]) in LANGS and path.name.count(".") >= 2:
        base = path.name.split(".")[0] + ".md"
        raise LessonError(Where(str(path)), "this is a translation of a lesson, not a lesson",
                          f"Give {base} and pick the language with --lang.")
    front, steps = _file(path, translation=False)
    src = LessonSource(path, meta.Meta(**front), steps)
    for lang in LANGS[1:]:
        other = path.with_name(f"{path.stem}.{lang}.md")
        if other.is_file():
            merge(src, lang, other)
    return src


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LessonError(Where(str(path)), "no such lesson file", "Check the path (`netsh new NAME` writes one).") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise LessonError(Where(str(path)), f"cannot read the lesson: {exc}") from None


def _file(path: Path, translation: bool, reasons: dict | None = None) -> tuple[dict, list[StepSource]]:
    file = str(path)
    parsed = doc.parse(_text(path), file)
    data, lines = meta.load(parsed.front, Where(file, parsed.front_line))
    front = meta.parse(data, lines, file, translation)
    reasons = {**(reasons or {}), **front.get("reasons", {})}
    steps = [_step(raw, file, reasons) for raw in parsed.steps]
    if not steps and not translation:
        raise LessonError(Where(file, 1), "the lesson has no steps", "Each `## Title` line starts a step.")
    return front, steps


def _step(raw: doc.RawStep, file: str, reasons: dict) -> StepSource:
    step = StepSource(raw.title, "\n".join(raw.narration), Where(file, raw.line))
    for block in raw.blocks:
        if block.kind == "commands" and step.claims:
            raise LessonError(Where(file, block.line), "commands after the step's claims",
                              "A step runs its commands, then checks its claims: start a new `## ` step here.")
        for n, text in block.lines:
            where = Where(file, n)
            if block.kind == "claims":
                step.claims.append(parse_claim(text, where, reasons))
            elif not text.lstrip().startswith("#"):  # a comment line
                step.commands.append((where, text))
    return step


def merge(src: LessonSource, lang: str, path: Path) -> None:
    """Carry `path`'s titles, narration and claim texts as `lang`; it must match step for step."""
    front, steps = _file(path, translation=True, reasons=src.meta.reasons)
    if len(front["assumptions"]) not in (0, len(src.meta.assumptions)):
        raise LessonError(Where(str(path)), f"{len(front['assumptions'])} assumptions, "
                                            f"{src.path.name} has {len(src.meta.assumptions)}")
    src.translations[lang] = front
    for n, (mine, theirs) in enumerate(zip(src.steps, steps), 1):
        differs = _difference(mine, theirs)
        if differs:
            raise LessonError(theirs.where, f"step {n} ({mine.title!r}, {mine.where}) differs from "
                                            f"{src.path.name}: {differs}",
                              "A translation has the same steps, commands and claims; only titles, prose "
                              "and claim texts change.")
        mine.translations[lang] = (theirs.title, theirs.narration,
                                   [(c.text, c.why_not) for c in theirs.claims])
    if len(steps) != len(src.steps):
        n = min(len(steps), len(src.steps)) + 1
        raise LessonError(Where(str(path)), f"step {n} differs: {src.path.name} has {len(src.steps)} steps, "
                                            f"{path.name} has {len(steps)}")


def _difference(a: StepSource, b: StepSource) -> str:
    ca, cb = [t.strip() for _, t in a.commands], [t.strip() for _, t in b.commands]
    if ca != cb:
        first = next((x, y) for x, y in zip([*ca, "(none)"], [*cb, "(none)"]) if x != y)
        return f"commands differ: `{first[0]}` against `{first[1]}`"
    sa = [(c.statement, c.since, c.ident) for c in a.claims]
    sb = [(c.statement, c.since, c.ident) for c in b.claims]
    if sa != sb:
        first = next((x, y) for x, y in zip([*sa, ((), "", "")], [*sb, ((), "", "")]) if x != y)
        return f"claims differ: `{' '.join(first[0][0])}` against `{' '.join(first[1][0])}`"
    return ""
