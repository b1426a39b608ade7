"""Runs nothing: every command comes back as "not run", so a dry run still
walks every step, command and claim and renders them all."""

from __future__ import annotations

from netsh.command import Result
from netsh.executors.base import Executor


class DryExecutor(Executor):
    target = "dry-run"
    live = False

    def run(self, command):
        return Result(command, None)

    def missing(self, names):
        return []  # nothing runs, so nothing is needed

    def facts(self):
        return {}
