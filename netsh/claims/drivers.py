"""Is a kernel driver here? A sandbox cannot load modules, so a lesson that needs
one must say so instead of failing on `Unknown device type`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from netsh.claims.base import Claim
from netsh.command import cmd


@dataclass(frozen=True, kw_only=True)
class DriverPresent(Claim):
    """`module` is built in or loaded: /sys/module/MODULE exists (sysfs is not per namespace)."""

    stops_run: ClassVar[bool] = True
    module: str

    def probes(self):
        return (cmd("test", "-d", f"/sys/module/{self.module}"),)

    def judge(self, results):
        present = results[0].exit_code == 0
        return self.verdict(present, f"the {self.module} driver is {'' if present else 'not '}"
                                     "built in or loaded on this kernel")

    @property
    def script_expects_success(self):
        return True
