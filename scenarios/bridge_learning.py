"""How a bridge learns where MAC addresses live, floods what it does not know, and forgets."""

from __future__ import annotations

from dataclasses import dataclass

from netsh.claims import BridgePorts, CounterFlat, CounterRises, Reaches
from netsh.claims.learning import Ageing, Learned, RxPackets
from netsh.command import cmd
from netsh.params import Address, Cidr, Count, IfName, NsName
from netsh.scenario import Scenario
from netsh.scenarios.legs import TwoLegs
from netsh.step import step
from netsh.tools import bridge, ip
from netsh.tools.wiring import bridged_netns, silence_ipv6

GHOST_MAC = "02:00:00:00:00:99"  # locally administered, so no real device has it
DEFAULT_AGEING = "30000"  # a new bridge's ageing_time: 300 s in hundredths


class BridgeLearning(Scenario):
    name = "bridge-learning"
    summary = "The bridge learns MAC -> port from traffic, floods broadcasts and unknown MACs, and ages entries out"
    assumptions = (
        "IPv6 is switched off on the bridge and the veth ends, so the only frames are the ones the "
        "lesson sends: otherwise router solicitations would teach the bridge before the first ping.",
    )

    @dataclass(frozen=True)
    class Params(TwoLegs):
        bridge: IfName = "br0"
        ns3: NsName = "ns3"  # the bystander
        veth4: IfName = "veth4"
        veth5: IfName = "veth5"
        addr3: Cidr = "192.168.10.12/24"
        ghost: Address = "192.168.10.99"
        ageing: Count = 2

    def steps(self):
        p = self.p
        bystander = RxPackets(p.veth4, netns=p.ns3)
        ns1_mac = dict(bridge=p.bridge, dev=p.veth0, netns=p.ns1)
        ns2_mac = dict(bridge=p.bridge, dev=p.veth2, netns=p.ns2)
        ns3_mac = dict(bridge=p.bridge, dev=p.veth4, netns=p.ns3)

        yield step(
            "A bridge with three namespaces",
            f"""{p.ns1}, {p.ns2} and {p.ns3} hang off {p.bridge} by veth pairs. {p.ns3} is the
            bystander: it will only listen. With IPv6 off, nothing has been sent yet, so the
            bridge's table holds only its ports' own addresses (marked permanent).""",
            [ip.bridge_add(p.bridge), silence_ipv6(p.bridge), ip.link_up(p.bridge),
             *bridged_netns(p.bridge, p.ns1, p.veth0, p.veth1, p.addr1, ipv6=False),
             *bridged_netns(p.bridge, p.ns2, p.veth2, p.veth3, p.addr2, ipv6=False),
             *bridged_netns(p.bridge, p.ns3, p.veth4, p.veth5, p.addr3, ipv6=False),
             bridge.fdb_show(p.bridge)],
            [BridgePorts(f"{p.bridge}'s ports are {p.veth1}, {p.veth3} and {p.veth5}",
                         bridge=p.bridge, ports=(p.veth1, p.veth3, p.veth5)),
             Learned(f"{p.bridge} does not know where {p.ns1} is yet", port=p.veth1, expect=False, **ns1_mac),
             Learned(f"{p.bridge} does not know where {p.ns2} is yet", port=p.veth3, expect=False, **ns2_mac)],
        )
        yield step(
            "A broadcast goes everywhere",
            f"""{p.ns1} pings {p.ns2} for the first time, so it first asks by ARP broadcast who has
            {p.addr2.ip}. A bridge floods a broadcast out of every port but the one it came in by:
            {p.ns3}'s receive counter counts the request although nobody asked it.""",
            [],
            [CounterRises(f"{p.ns3} receives {p.ns1}'s ARP broadcast", counter=bystander,
                          traffic=Reaches("", src=p.ns1, target=p.addr2.ip), at_least=1)],
        )
        yield step(
            "What the bridge learned",
            f"""Every frame tells the bridge its source MAC and the port it came in by. The ARP
            request taught it where {p.ns1} is, the reply where {p.ns2} is. {p.ns3} has sent
            nothing, so the bridge still does not know where it is.""",
            [bridge.fdb_show(p.bridge)],
            [Learned(f"{p.ns1}'s MAC is learned on {p.veth1}", port=p.veth1, **ns1_mac),
             Learned(f"{p.ns2}'s MAC is learned on {p.veth3}", port=p.veth3, **ns2_mac),
             Learned(f"{p.ns3}'s MAC is not learned", port=p.veth5, expect=False, **ns3_mac)],
        )
        yield step(
            "Known destinations are not flooded",
            f"""Now that both MACs are known, the next ping goes from {p.veth1} straight to
            {p.veth3}: {p.ns3} sees none of it.""",
            [],
            [CounterFlat(f"{p.ns3} receives nothing of a ping to a known MAC", counter=bystander,
                         traffic=Reaches("", src=p.ns1, target=p.addr2.ip))],
        )
        yield step(
            "Unknown destinations are flooded",
            f"""A neighbour entry written by hand sends {p.ns1}'s frames for {p.ghost} to
            {GHOST_MAC}, a MAC no device has. The bridge has never seen it as a source, so it
            floods the frame out of every other port, and {p.ns3} receives it too.""",
            [ip.neigh_add(p.ghost, GHOST_MAC, p.veth0, netns=p.ns1)],
            [CounterRises(f"{p.ns3} receives a frame for an unknown MAC", counter=bystander,
                          traffic=Reaches("", src=p.ns1, target=p.ghost, expect=False), at_least=1)],
        )
        yield step(
            "Entries age",
            f"""Each learned entry records how long ago a frame from that MAC refreshed it and
            how long ago the bridge last sent to it (`used A/B` in `bridge -s fdb`). {p.ns3} now
            speaks once: it asks by ARP who has {p.ghost}, gets no answer and gives up after a
            few tries. The broadcast reaches {p.ns1}, and the bridge learns where {p.ns3} is.""",
            [],
            [CounterRises(f"{p.ns1} receives {p.ns3}'s ARP broadcast", counter=RxPackets(p.veth0, netns=p.ns1),
                          traffic=Reaches("", src=p.ns3, target=p.ghost, expect=False), at_least=1),
             Learned(f"{p.ns3}'s MAC is now learned on {p.veth5}", port=p.veth5, **ns3_mac),
             Ageing(f"{p.ns3}'s entry is fresh, well inside the ageing time", **ns3_mac)],
        )
        yield step(
            "Silence makes the bridge forget",
            f"""An entry not refreshed within the bridge's ageing_time (300 s unless set) is
            forgotten. Shorten it to {p.ageing} s (the kernel counts hundredths of a second) and
            wait: {p.ns3} has been silent since its ARP tries, so its entry expires, and the next
            frame for it would be flooded again. {p.ns1} and {p.ns2} may still be listed: each
            re-checks its ARP entry for the other now and then, and those frames refresh them.""",
            [ip.bridge_set(p.bridge, "ageing_time", str(p.ageing * 100), DEFAULT_AGEING),
             cmd("sleep", str(p.ageing + 3)), bridge.fdb_show(p.bridge)],
            [Learned(f"{p.ns3}'s entry has aged out", port=p.veth5, expect=False, **ns3_mac)],
        )
