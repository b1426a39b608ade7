"""`netsh export SCENARIO [--format bash|killercoda] [-o FILE|DIR]`: the scenario as a
bash script, or as a Killercoda scenario folder."""

from __future__ import annotations

import enum
from pathlib import Path

import typer

from netsh.cli.options import PARAMS, PREFIX, SCENARIO, load_scenario


class ExportFormat(str, enum.Enum):
    bash = "bash"
    killercoda = "killercoda"


def export(scenario: str = SCENARIO, param: list[str] = PARAMS, prefix: str = PREFIX,
           output: Path = typer.Option(None, "-o", "--output",
                                       help="Write to FILE (bash; default: stdout) or into the folder DIR "
                                            "(killercoda)."),
           fmt: ExportFormat = typer.Option(ExportFormat.bash, "--format",
                                      help="bash: one script with checks and cleanup; killercoda: a "
                                           "Killercoda scenario (index.json, steps with verify scripts).")):
    """Export a scenario as a bash script of its exact commands, with checks and cleanup, or as a
    Killercoda scenario (--format killercoda -o DIR)."""
    from netsh import __version__
    from netsh.errors import UsageError

    sc = load_scenario(scenario, param, prefix)
    if sc.hosts:
        raise UsageError(f"{sc.name} runs on {len(sc.hosts)} hosts; an export runs on one",
                         f"Use `netsh show {sc.name}` to read its commands host by host.")
    if fmt is ExportFormat.killercoda:
        _write_folder(sc, __version__, output)
        return
    from netsh.render.script import export as render

    text = render(sc, __version__, output.name if output else "script.sh")
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text)
        output.chmod(0o755)
        typer.echo(f"wrote {output}", err=True)


def _write_folder(sc, version: str, folder: Path | None) -> None:
    from netsh.errors import UsageError
    from netsh.render.killercoda import export as render

    if folder is None:
        raise UsageError("a Killercoda scenario is a folder of files", "Name it with -o DIR.")
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} exists and is not a folder", "Give -o a folder, new or existing.")
    files = render(sc, version)
    for rel, text in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        if rel.endswith(".sh"):
            path.chmod(0o755)
    typer.echo(f"wrote {folder}/ ({len(files)} files): upload it as a Killercoda scenario", err=True)


def register(app: typer.Typer, guard) -> None:
    app.command("export")(guard(export))
