"""VXLAN: the tunnel learned that a remote MAC sits behind the other host's VTEP."""

from __future__ import annotations

from netsh.claims.macs import _MacLookup
from netsh.state.vxlan import vteps
from netsh.tools import vxlan


class LearnedVtep(_MacLookup):
    """`vxlan`'s fdb maps the MAC of `dev` (in `netns`) to the VTEP `vtep`.

    The first probe reads the MAC where the device lives, the second the table
    where the tunnel is: on two hosts, place them with netsh.hosts.across().
    """

    vxlan: str
    vtep: str

    def table(self):
        return vxlan.fdb(self.vxlan)

    def entries(self, text):
        return vteps(text)

    def found(self, mac, dst):
        seen = f"{self.dev}'s MAC {mac} is behind VTEP {dst}" if dst else \
            f"{self.vxlan} has not learned {self.dev}'s MAC {mac}"
        return self.verdict(dst == self.vtep, seen)
