"""Kernel settings read back from /proc/sys/net."""

from __future__ import annotations

from dataclasses import dataclass

from netsh.claims.base import Claim
from netsh.command import HOST
from netsh.tools import sysctl


@dataclass(frozen=True, kw_only=True)
class SysctlIs(Claim):
    path: str
    value: str
    netns: str | None = HOST

    def probes(self):
        return (sysctl.read(self.path, netns=self.netns),)

    def judge(self, results):
        r = results[0]
        if r.exit_code != 0:
            return self.verdict(False, r.stderr.strip())
        got = r.stdout.strip()
        return self.verdict(got == self.value, f"{self.path} = {got}")
