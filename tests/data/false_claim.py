"""A scenario with one deliberately false claim: ns1 has no default route, yet it claims to reach the outside."""

from dataclasses import dataclass

from netsh.claims import Reaches
from netsh.params import NsName
from netsh.scenario import Scenario
from netsh.step import step
from netsh.tools import ip


class FalseClaim(Scenario):
    name = "false-claim"
    summary = "one namespace on a veth pair; a claim that cannot hold"

    @dataclass(frozen=True)
    class Params:
        ns1: NsName = "ns1"

    def steps(self):
        ns = self.p.ns1
        yield step("A namespace on a cable", "", [
            ip.netns_add(ns), ip.veth_add("vf0", "vf1"), ip.link_to_netns("vf0", ns),
            ip.addr_add("10.77.0.2/24", "vf0", netns=ns), ip.link_up("vf0", netns=ns),
            ip.addr_add("10.77.0.1/24", "vf1"), ip.link_up("vf1")],
            [Reaches(text=f"{ns} reaches the outside network", src=ns, target="203.0.113.1", id="outside")])
