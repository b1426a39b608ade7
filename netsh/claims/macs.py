"""Where a forwarding table puts a device's MAC: a bridge port, a VXLAN VTEP."""

from __future__ import annotations

from netsh.claims.base import Claim, Verdict
from netsh.command import HOST, Command
from netsh.state.links import link_mac
from netsh.tools import ip


class _MacLookup(Claim):
    """The MAC of `dev`, read where the device lives (in `netns`), looked up in a
    forwarding table read where the table is. Subclasses name the table, how to read
    it (MAC -> where), and what the entry found (or none) means."""

    dev: str
    netns: str | None = HOST

    def probes(self):
        return (ip.link_json(self.dev, self.netns), self.table())

    def judge(self, results):
        if failed := self.unreadable(results):
            return failed
        mac = link_mac(results[0].stdout)
        return self.found(mac, self.entries(results[1].stdout).get(mac))

    def table(self) -> Command:
        raise NotImplementedError

    def entries(self, text: str) -> dict[str, str]:
        raise NotImplementedError

    def found(self, mac: str, where: str | None) -> Verdict:
        raise NotImplementedError
