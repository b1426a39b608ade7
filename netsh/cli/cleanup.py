"""`netsh cleanup`: restore interrupted on-host runs and remove kept sandboxes."""

from __future__ import annotations

from pathlib import Path

import typer

from netsh.cli.options import SSH_CONFIG


def cleanup(all_: bool = typer.Option(False, "--all",
                                      help="Also restore interrupted on-host runs of other network "
                                           "namespaces that still exist under /run/netns."),
            target: list[str] = typer.Option([], "--target", metavar="ssh://[user@]host[:port]",
                                             help="Restore an interrupted --on-host run on this remote "
                                                  "host instead (repeatable)."),
            ssh_config: Path = SSH_CONFIG):
    """Undo what an interrupted --on-host run changed, and remove kept sandboxes."""
    from netsh.restore import remove_kept_sandboxes, restore_elsewhere, restore_here, restore_remote

    if target:
        problems = sum(restore_remote(t, str(ssh_config) if ssh_config else None) for t in target)
        raise typer.Exit(1 if problems else 0)
    problems = restore_here()
    remove_kept_sandboxes()
    if all_:
        problems += restore_elsewhere()
    raise typer.Exit(1 if problems else 0)


def register(app: typer.Typer, guard) -> None:
    app.command("cleanup")(guard(cleanup))
