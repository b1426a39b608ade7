"""`netsh doctor`: what this machine has, and what the tutorial will show on it."""

from __future__ import annotations

import typer


def doctor():
    """Check privileges, tools, JSON support, br_netfilter and kernel facts. Exit 3 if netsh cannot run."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from netsh.doctor import checks

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
