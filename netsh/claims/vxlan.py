"""VXLAN: the tunnel learned that a remote MAC sits behind the other host's VTEP."""

from __future__ import annotations

from dataclasses import dataclass

from netsh.claims.base import Claim
from netsh.command import HOST
from netsh.state.links import link_mac
from netsh.state.vxlan import vteps
from netsh.tools import ip, vxlan


@dataclass(frozen=True, kw_only=True)
class LearnedVtep(Claim):
    """`vxlan`'s fdb maps the MAC of `dev` (in `netns`) to the VTEP `vtep`.

    The first probe reads the MAC where the device lives, the second the table
    where the tunnel is: on two hosts, place them with netsh.hosts.across().
    """

    dev: str
    netns: str | None = HOST
    vxlan: str
    vtep: str

    def probes(self):
        return (ip.link_json(self.dev, self.netns), vxlan.fdb(self.vxlan))

    def judge(self, results):
        if failed := self.unreadable(results):
            return failed
        link, table = results
        mac = link_mac(link.stdout)
        dst = vteps(table.stdout).get(mac)
        seen = f"{self.dev}'s MAC {mac} is behind VTEP {dst}" if dst else \
            f"{self.vxlan} has not learned {self.dev}'s MAC {mac}"
        return self.verdict(dst == self.vtep, seen)
