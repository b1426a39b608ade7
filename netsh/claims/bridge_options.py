"""A bridge's own settings, read back from `ip -j -d link`."""

from __future__ import annotations

from netsh.claims.base import Claim
from netsh.command import HOST
from netsh.state.bridge_options import parse_bridge_options
from netsh.tools import ip


class BridgeOption(Claim):
    bridge: str
    option: str
    value: str
    netns: str | None = HOST

    def probes(self):
        return (ip.link_json(self.bridge, self.netns),)

    def judge(self, results):
        if failed := self.unreadable(results, f"{self.bridge} not found"):
            return failed
        options = parse_bridge_options(results[0].stdout)
        if self.option not in options:
            return self.verdict(False, f"{self.bridge} reports no option {self.option} "
                                       "(not a bridge, or an iproute2 too old to show it)")
        got = str(options[self.option])
        return self.verdict(got == self.value, f"{self.bridge}: {self.option} {got}")
