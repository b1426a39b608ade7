"""Runs nothing: every command comes back as "not run", so a dry run still
walks every step, command and claim and renders them all."""

from __future__ import annotations

from netsh.executors.base import Executor, Result


class DryExecutor(Executor):
    target = "dry-run"
    live = False

    def run(self, command):
        return Result(command, None)

    def facts(self):
        return {}
