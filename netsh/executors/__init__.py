"""Where commands run. One seam: `Executor.run(command) -> Result`.

Scenarios never see an executor; the runner hands each command to one. The
target string picks it: "sandbox" (default), "host", "dry-run".
"""

from __future__ import annotations


def for_target(target: str, keep: bool = False):
    """The executor for a target string."""
    from netsh.errors import UsageError

    if target == "sandbox":
        from netsh.executors.sandbox import SandboxExecutor
        return SandboxExecutor(keep=keep)
    if target == "host":
        from netsh.executors.host import HostExecutor
        return HostExecutor()
    if target == "dry-run":
        from netsh.executors.dry import DryExecutor
        return DryExecutor()
    raise UsageError(f"unknown target {target!r}", "Use sandbox (default), host or dry-run.")
