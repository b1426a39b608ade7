"""The real host (or whatever network namespace netsh was started in).

Changes persist here, so the runner journals an undo before each one.
"""

from __future__ import annotations

from netsh.executors.base import Executor


class HostExecutor(Executor):
    target = "host"
    restores = True
