"""`netsh shell`: an interactive shell inside the kept sandbox (or a fresh one)."""

from __future__ import annotations

import os
import subprocess

import typer


def shell():
    """Open a shell inside the sandbox kept by `netsh run --keep` (or a new, empty one)."""
    from netsh.executors.sandbox import SandboxExecutor, enter_argv, kept

    sh = os.environ.get("SHELL", "/bin/bash")
    records = kept()
    if records:
        rec = records[-1]
        typer.echo(f"Entering the kept sandbox (holder pid {rec['pid']}); `exit` to leave it running.", err=True)
        os.execvp("nsenter", [*enter_argv(rec["pid"], rec["rootless"]), sh])
    typer.echo("No kept sandbox: opening a fresh, empty one that vanishes when you exit.", err=True)
    with SandboxExecutor() as ex:
        raise typer.Exit(subprocess.call([*ex.prefix, sh]))


def register(app: typer.Typer, guard) -> None:
    app.command("shell")(guard(shell))
