"""VLAN membership of a bridge port, read back from `bridge -j vlan show`."""

from __future__ import annotations

from netsh.claims.base import Claim
from netsh.command import HOST
from netsh.state.vlans import describe, parse_vlans
from netsh.tools import bridge


class VlanMember(Claim):
    """Port `dev` is an access port of VLAN `vid` (its pvid, untagged) and of no other VLAN."""

    dev: str
    vid: int
    netns: str | None = HOST

    def probes(self):
        return (bridge.vlan_show(self.dev, netns=self.netns),)

    def judge(self, results):
        r = results[0]
        if r.exit_code != 0:
            return self.verdict(False, r.stderr.strip() or f"no VLAN information for {self.dev}")
        vlans = parse_vlans(r.stdout).get(self.dev, ())
        held = [(v.vid, v.pvid, v.untagged) for v in vlans] == [(self.vid, True, True)]
        return self.verdict(held, f"{self.dev} is in VLAN {describe(vlans)}")
