"""The real host (or whatever network namespace netsh was started in).

Changes persist here, so the runner journals an undo before each one. This
executor owns that journal and the locks that keep two runs apart.
"""

from __future__ import annotations

import contextlib
import os

from netsh.errors import EnvironmentProblem
from netsh.executors.base import Executor
from netsh.journal import Journal, Lock, host_journal_path, pending_undos
from netsh.paths import netns_cookie, netns_id


class HostExecutor(Executor):
    target = "host"
    restores = True

    def __init__(self):
        self._locks = contextlib.ExitStack()  # held until close()

    def journal(self, namespaces: list[str]) -> Journal:
        """One run per network namespace and per namespace name; refuse after a crash;
        open the journal."""
        if os.geteuid() != 0:  # as the SSH executor says of a remote host
            raise EnvironmentProblem("--on-host changes this machine's network and needs root",
                                     "Run it as root, or drop --on-host to use a sandbox (no root needed).")
        self._locks.enter_context(Lock(f"net-{netns_id()}", "this network namespace"))
        for name in namespaces:
            self._locks.enter_context(Lock(f"netns-{name}", f"the namespace name {name!r}"))
        path = host_journal_path()
        if path.exists():
            pending_undos(path)  # a damaged journal says so, rather than being passed over
            raise EnvironmentProblem(f"an earlier on-host run here was interrupted ({path})",
                                     "Run `netsh cleanup` to restore what it changed, then try again.")
        return Journal(path, owner=netns_cookie())

    def close(self) -> None:
        self._locks.close()
