"""`netsh doctor`: what this machine has, and what the tutorial will show on it."""

from __future__ import annotations

from pathlib import Path

import typer

from netsh.cli.options import SSH_CONFIG


def doctor(target: str = typer.Option("", "--target", metavar="ssh://[user@]host[:port]",
                                      help="Check a remote host over SSH instead of this machine."),
           ssh_config: Path = SSH_CONFIG):
    """Check privileges, tools, JSON support, br_netfilter and kernel facts. Exit 3 if netsh cannot run."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from netsh.doctor import checks

    if target:
        from netsh.doctor import There
        from netsh.executors.ssh import SshExecutor

        with SshExecutor(target, str(ssh_config) if ssh_config else None, on_host=True) as ex:
            results = checks(There(ex))
    else:
        results = checks()
    table = Table("check", "", "detail")
    marks = {True: "[green]✓[/]", False: "[red]✗[/]", None: "[blue]i[/]"}
    for c in results:
        detail = escape(c.detail) + (f"\n[yellow]{escape(c.hint)}[/]" if c.hint and c.ok is False else "")
        table.add_row(c.name, marks[c.ok], detail)
    Console().print(table)
    raise typer.Exit(3 if any(c.ok is False for c in results) else 0)


def register(app: typer.Typer, guard) -> None:
    app.command("doctor")(guard(doctor))
