"""Restoring after a crash: replay a host journal's undos, remove kept sandboxes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import typer

from netsh.executors.host import HostExecutor
from netsh.executors.sandbox import kept, remove
from netsh.journal import host_journal_path, pending_undos, unsettled_undos
from netsh.paths import state_dir
from netsh.runner import run_undo
from netsh.settle import Teardown


def restore_journal(path: Path) -> int:
    """Run a journal's undos; delete it when all worked. Returns the failures."""
    failures, lingering = replay(pending_undos(path), HostExecutor())
    for undo in unsettled_undos(path):
        typer.echo(f"netsh: not undone: `{undo.display}`: netsh was stopped while making this change "
                   "and cannot tell whether it happened. Check, and run it by hand if needed.", err=True)
    if failures:
        typer.echo(f"netsh: {failures} undo(s) failed; the journal {path} is kept.", err=True)
    else:
        path.unlink()
    return failures + lingering


def replay(undos, executor) -> tuple[int, int]:
    """Run undos in order, printing each, then wait until what they removed is gone
    (netsh/settle.py); returns how many failed, and how many things still linger."""
    failures = 0
    teardown = Teardown(executor)
    for undo in undos:
        teardown.note((undo,))
        result = run_undo(executor, undo)
        mark = "↺" if result.ok else "✗"
        typer.echo(f"  {mark} {undo.display}" + ("" if result.ok else f"  ({result.stderr.strip()})"))
        failures += not result.ok
    lingering = teardown.wait()
    for what in lingering:
        typer.echo(f"netsh: {what}.", err=True)
    return failures, len(lingering)


def restore_remote(target: str, ssh_config: str | None) -> int:
    """Replay the journal an interrupted on-host run left on a remote host."""
    from netsh.command import cmd
    from netsh.executors.ssh import SshExecutor
    from netsh.journal import undos_in

    with SshExecutor(target, ssh_config=ssh_config, on_host=True) as ex:
        path = ex.journal_path()
        if not ex.run(cmd("test", "-e", path)).ok:
            typer.echo(f"No interrupted on-host run on {ex.where}.")
            return 0
        typer.echo(f"Restoring what an interrupted on-host run changed on {ex.where} ({path}):")
        text = ex.run(cmd("cat", path)).stdout
        failures, lingering = replay(undos_in(text, f"{ex.where}:{path}"), ex)
        if failures:
            typer.echo(f"netsh: {failures} undo(s) failed; the journal {path} is kept there.", err=True)
        else:
            ex.run(cmd("rm", "-f", path))
        return failures + lingering


def restore_here() -> int:
    path = host_journal_path()
    if not path.exists():
        typer.echo("No interrupted on-host run in this network namespace.")
        return 0
    typer.echo(f"Restoring what an interrupted on-host run changed ({path}):")
    return restore_journal(path)


def remove_kept_sandboxes() -> None:
    records = kept()
    for rec in records:
        remove(rec)
        typer.echo(f"Removed the kept sandbox (holder pid {rec['pid']}).")
    if not records:
        typer.echo("No kept sandbox.")


def restore_elsewhere() -> int:
    """Journals of other namespaces: enter each one still named under /run/netns."""
    here = host_journal_path().name
    by_inode = {}
    for f in Path("/run/netns").glob("*") if Path("/run/netns").is_dir() else ():
        try:
            by_inode[str(os.stat(f).st_ino)] = f
        except OSError:
            continue
    failures = 0
    for journal in sorted(state_dir().glob("host-*.journal")):
        if journal.name == here:
            continue
        inode = journal.name[len("host-"):-len(".journal")]
        target = by_inode.get(inode)
        if target is None:
            typer.echo(f"{journal}: its network namespace no longer exists; nothing there to restore. "
                       "Delete the file once you have read it.")
            continue
        typer.echo(f"Entering {target}:")
        failures += subprocess.call(["nsenter", f"--net={target}", sys.executable, "-m", "netsh", "cleanup"])
    return failures
