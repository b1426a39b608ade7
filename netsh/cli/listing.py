"""`netsh list [--json]`."""

from __future__ import annotations

import json

import typer


def list_scenarios(as_json: bool = typer.Option(False, "--json", help="Machine-readable output.")):
    """List the scenarios with one-line summaries."""
    from netsh.scenario import available

    found = sorted(available().values(), key=lambda s: s.name)
    if as_json:
        typer.echo(json.dumps([s.describe() for s in found], indent=2))
        return
    width = max(len(s.name) for s in found)
    for s in found:
        typer.echo(f"{s.name:<{width}}  {s.summary}")


def register(app: typer.Typer, guard) -> None:
    app.command("list")(guard(list_scenarios))
