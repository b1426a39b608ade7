"""`netsh lint LESSON.md`, `netsh new NAME`, `netsh import TUTORIAL`: writing lessons."""

from __future__ import annotations

from pathlib import Path

import typer


def lint(lesson: Path = typer.Argument(..., metavar="LESSON.md", help="The lesson file to check.")):
    """Check a lesson file without running anything: front matter, steps, commands, claims,
    parameters and translations. Exit 0 if netsh can run it, 2 (naming file:line) if not."""
    from netsh.errors import UsageError
    from netsh.scenario import lesson_file

    if lesson.suffix != ".md":
        raise UsageError(f"{lesson} is not a lesson file", "Lesson files end in .md.")
    cls = lesson_file(lesson)
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


def import_tutorial(tutorial: Path = typer.Argument(..., metavar="TUTORIAL.(md|txt)",
                                                  help="A tutorial in Markdown or plain text."),
                    output: Path = typer.Option(None, "-o", "--output", metavar="LESSON.md",
                                                help="Write the draft here (default: standard output).")):
    """Draft a lesson from a tutorial: its commands in order, grouped into steps, pings as
    reach claims and commands said to fail as expected failures, marked for you to check."""
    from netsh.lesson.importer import draft

    text = draft(tutorial)
    if output is None:
        typer.echo(text, nl=False)
        return
    _write_new(output, text)
    typer.echo(f"wrote {output}; check the lines marked `netsh import: check this`, then `netsh lint {output}`",
               err=True)


def new(name: str = typer.Argument(..., help="The lesson's name, e.g. my-bridge."),
        output: Path = typer.Option(None, "-o", "--output", metavar="LESSON.md",
                                    help="Where to write it (default: NAME.md here).")):
    """Write a small commented starter lesson that passes `netsh lint` and runs."""
    from netsh.errors import UsageError
    from netsh.lesson.meta import NAME
    from netsh.lesson.starter import STARTER

    if not NAME.fullmatch(name):
        raise UsageError(f"{name!r} is not a lesson name", "Use lower-case letters, digits and '-'.")
    path = output or Path(f"{name}.md")
    _write_new(path, STARTER.replace("NAME", name))
    typer.echo(f"wrote {path}: try `netsh lint {path}`, `netsh show {path}`, `netsh run {path}`", err=True)


def _write_new(path: Path, text: str) -> None:
    from netsh.errors import UsageError

    try:
        with open(path, "x", encoding="utf-8") as fh:
            fh.write(text)
    except FileExistsError:
        raise UsageError(f"{path} exists already", "Give another name with -o, or remove it first.") from None
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror}") from None


def register(app: typer.Typer, guard) -> None:
    app.command("lint")(guard(lint))
    app.command("new")(guard(new))
    app.command("import")(guard(import_tutorial))
