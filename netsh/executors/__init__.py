"""Where commands run. One seam: `Executor.run(command) -> Result`.

Scenarios never see an executor; the runner hands each command to one. The
target string picks it: "sandbox" (default), "host", "dry-run", or
"ssh://[user@]host[:port]" (a sandbox there, or the host itself with on_host).
"""

from __future__ import annotations


def for_target(target: str, keep: bool = False, on_host: bool = False, ssh_config: str | None = None):
    """The executor for a target string."""
    from netsh.errors import UsageError

    if target.startswith("ssh://"):
        if keep:
            raise UsageError("--keep applies to the local sandbox",
                             "A remote sandbox lives as long as its SSH connection.")
        from netsh.executors.ssh import SshExecutor
        return SshExecutor(target, ssh_config=ssh_config, on_host=on_host)
    if target == "sandbox":
        from netsh.executors.sandbox import SandboxExecutor
        return SandboxExecutor(keep=keep)
    if target == "host":
        from netsh.executors.host import HostExecutor
        return HostExecutor()
    if target == "dry-run":
        from netsh.executors.dry import DryExecutor
        return DryExecutor()
    raise UsageError(f"unknown target {target!r}", "Use sandbox (default), host, dry-run or ssh://[user@]host[:port].")
