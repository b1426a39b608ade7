"""`netsh state [--json]`: what the sandbox kept by `run --keep` holds now."""

from __future__ import annotations

import json

import typer


def state(as_json: bool = typer.Option(False, "--json", help="Print the snapshot as JSON."),
          pid: int = typer.Option(None, "--pid", help="The kept sandbox with this holder pid "
                                                      "(default: the most recent one).")):
    """Show the kept sandbox's namespaces, links, bridge ports, addresses, routes, neighbours and fdb."""
    from rich.console import Console

    from netsh.errors import UsageError
    from netsh.executors.base import Executor
    from netsh.executors.sandbox import enter_argv, kept
    from netsh.render.state import tree
    from netsh.state.snapshot import collect

    records = [r for r in kept() if pid is None or r["pid"] == pid]
    if not records:
        raise UsageError("there is no kept sandbox to show" + (f" with holder pid {pid}" if pid else ""),
                         "Run a scenario with `netsh run SCENARIO --keep` first; its state stays "
                         "until `netsh cleanup`.")
    rec = records[-1]

    class KeptSandbox(Executor):
        target = "sandbox"
        prefix = enter_argv(rec["pid"], rec["rootless"])

    snap = collect(KeptSandbox(), f"sandbox kept by `run --keep` (holder pid {rec['pid']})")
    if as_json:
        typer.echo(json.dumps(snap.to_json(), indent=2))
    else:
        Console().print(tree(snap))


def register(app: typer.Typer, guard) -> None:
    app.command("state")(guard(state))
