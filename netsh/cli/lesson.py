"""`netsh lint LESSON.md`, `netsh new NAME`, `netsh import TUTORIAL`: writing lessons."""

from __future__ import annotations

from pathlib import Path

import typer


def lint(lesson: Path = typer.Argument(..., metavar="LESSON.md", help="The lesson file to check.")):
    """Check a lesson file without running anything: front matter, steps, commands, claims,
    parameters and translations. Exit 0 if netsh can run it, 2 (naming file:line) if not."""
    from netsh.errors import UsageError
    from netsh.lesson.compile import scenario_class

    if lesson.suffix != ".md":
        raise UsageError(f"{lesson} is not a lesson file", "Lesson files end in .md.")
    cls = scenario_class(lesson)
    sc = cls()
    commands = sum(len(s.commands) for s in sc.plan)
    claims = sum(len(s.claims) for s in sc.plan) + sum(c.fails is not None for s in sc.plan for c in s.commands)
    langs = ", ".join(sorted(cls.source.translations)) or "none"
    typer.echo(f"{lesson}: lesson {cls.name}: {len(sc.plan)} steps, {commands} commands, {claims} claims; "
               f"translations: {langs}")
    for line in sc.undo_unknown:
        typer.echo(f"  note: {line}: netsh knows no undo for this change; it runs in the sandbox, and "
                   "--on-host refuses the lesson unless the line ends with `# undo: COMMAND`")
    typer.echo("ok")


def register(app: typer.Typer, guard) -> None:
    app.command("lint")(guard(lint))
