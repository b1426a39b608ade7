"""`netsh export SCENARIO [-o FILE]`: the scenario as a bash script."""

from __future__ import annotations

from pathlib import Path

import typer

from netsh.cli.options import PARAMS, PREFIX, SCENARIO, load_scenario


def export(scenario: str = SCENARIO, param: list[str] = PARAMS, prefix: str = PREFIX,
           output: Path = typer.Option(None, "-o", "--output", help="Write to FILE instead of stdout.")):
    """Export a scenario as a bash script of its exact commands, with checks and cleanup."""
    from netsh import __version__
    from netsh.render.script import export as render

    sc = load_scenario(scenario, param, prefix)
    if sc.hosts:
        from netsh.errors import UsageError
        raise UsageError(f"{sc.name} runs on {len(sc.hosts)} hosts; a bash script runs on one",
                         f"Use `netsh show {sc.name}` to read its commands host by host.")
    text = render(sc, __version__, output.name if output else "script.sh")
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text)
        output.chmod(0o755)
        typer.echo(f"wrote {output}", err=True)


def register(app: typer.Typer, guard) -> None:
    app.command("export")(guard(export))
