"""`netsh show SCENARIO`: the narrated steps and exact commands; nothing runs."""

from __future__ import annotations

import typer

from netsh.cli.options import LANG, PARAMS, PREFIX, SCENARIO, Lang, load_scenario


def show(scenario: str = SCENARIO, param: list[str] = PARAMS, prefix: str = PREFIX, lang: Lang = LANG):
    """Show a scenario's steps, commands and claims without running anything."""
    from rich.console import Console

    from netsh.executors.dry import DryExecutor
    from netsh.render.transcript import Transcript
    from netsh.runner import Runner

    sc = load_scenario(scenario, param, prefix)
    transcript = Transcript(Console(), lang=lang.value)
    transcript.header(sc, "plan (nothing is run)", {})
    Runner(DryExecutor(), transcript).run(sc)


def register(app: typer.Typer, guard) -> None:
    app.command("show")(guard(show))
