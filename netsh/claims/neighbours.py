"""Who answered ARP: the MAC a namespace has learned for an address, and whose it is."""

from __future__ import annotations

from netsh.claims.base import Claim
from netsh.command import HOST
from netsh.state.links import link_mac
from netsh.state.neighbours import parse_neighbours
from netsh.tools import ip


class NeighbourIs(Claim):
    """In `netns`, `address` resolves to the MAC of device `owner` (in `owner_netns`)."""

    netns: str | None = HOST
    address: str
    owner: str
    owner_netns: str | None = HOST

    def probes(self):
        return (ip.json("neigh", "show", self.address, netns=self.netns),
                ip.link_json(self.owner, self.owner_netns))

    def judge(self, results):
        if failed := self.unreadable(results):
            return failed
        neigh, link = results
        macs = {n.mac for n in parse_neighbours(neigh.stdout) if n.mac}
        owner_mac = link_mac(link.stdout)
        where = f"{self.owner} in {self.owner_netns}" if self.owner_netns else f"{self.owner} on the host"
        if not macs:
            return self.verdict(False, f"no resolved entry for {self.address}")
        return self.verdict(owner_mac in macs, f"{self.address} is at {', '.join(sorted(macs))}; "
                                               f"{where} is {owner_mac}")
