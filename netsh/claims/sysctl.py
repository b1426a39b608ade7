"""Kernel settings read back from /proc/sys/net."""

from __future__ import annotations

from netsh.claims.base import Claim
from netsh.command import HOST
from netsh.tools import sysctl


class SysctlIs(Claim):
    path: str
    value: str
    netns: str | None = HOST

    def probes(self):
        return (sysctl.read(self.path, netns=self.netns),)

    def judge(self, results):
        if failed := self.unreadable(results):
            return failed
        got = results[0].stdout.strip()
        return self.verdict(got == self.value, f"{self.path} = {got}")
