"""`netsh cleanup`: restore interrupted on-host runs and remove kept sandboxes."""

from __future__ import annotations

import typer


def cleanup(all_: bool = typer.Option(False, "--all",
                                      help="Also restore interrupted on-host runs of other network "
                                           "namespaces that still exist under /run/netns.")):
    """Undo what an interrupted --on-host run changed, and remove kept sandboxes."""
    from netsh.restore import remove_kept_sandboxes, restore_here, restore_elsewhere

    problems = restore_here()
    remove_kept_sandboxes()
    if all_:
        problems += restore_elsewhere()
    raise typer.Exit(1 if problems else 0)


def register(app: typer.Typer, guard) -> None:
    app.command("cleanup")(guard(cleanup))
