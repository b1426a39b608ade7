"""The seed's section on the difference: the same two namespaces routed by the host
and bridged, compared side by side with the host's own counters."""

from __future__ import annotations

from dataclasses import dataclass

from netsh.claims import BridgePorts, CounterFlat, CounterRises, Reaches, SideBySide, SnmpCounter
from netsh.claims.neighbours import NeighbourIs
from netsh.params import Address, IfName, NsName
from netsh.scenario import Scenario
from netsh.scenarios.legs import FORWARDING, Leg, TwoLegs, both_ends_up, bridged, routed, wire
from netsh.step import step
from netsh.tools import sysctl

FORWARDED = SnmpCounter("Ip", "ForwDatagrams")
RECEIVED = SnmpCounter("Ip", "InReceives")


class VethVsBridge(Scenario):
    name = "veth-vs-bridge"
    summary = "The same two namespaces routed by the host and on a bridge; ip_forward=0 breaks only the first"
    assumptions = (
        "The host's iptables FORWARD chain accepts (policy ACCEPT). Where it drops, as on "
        "a Docker host with br_netfilter loaded, both pairs fail and there is nothing to compare.",
    )

    @dataclass(frozen=True)
    class Params(TwoLegs):
        # Both layouts exist at once, so each has its own names: ns1/ns2 on veth0-3
        # are routed, ns3/ns4 on veth4-7 are bridged. Both pairs use the same addresses.
        ns3: NsName = "ns3"
        ns4: NsName = "ns4"
        veth4: IfName = "veth4"
        veth5: IfName = "veth5"
        veth6: IfName = "veth6"
        veth7: IfName = "veth7"
        bridge: IfName = "br0"
        gateway: Address = "169.2.2.2"

    def steps(self):
        p = self.p
        a, b = p.legs()
        c, d = Leg(p.ns3, p.veth4, p.veth5, p.addr1), Leg(p.ns4, p.veth6, p.veth7, p.addr2)
        routed_col, bridged_col = f"routed {p.ns1} → {p.ns2}", f"bridged {p.ns3} → {p.ns4}"

        def ping(src: Leg, dst: Leg, expect: bool = True) -> Reaches:
            verb = "reaches" if expect else "cannot reach"
            return Reaches(f"{src.ns} {verb} {dst.ns}", src=src.ns, target=dst.ip, expect=expect)

        yield step(
            "The routed pair",
            f"""First the previous chapter's layout: {p.ns1} and {p.ns2} each hang off the host
            on their own veth pair, and the host routes between them (a /32 route per
            namespace, proxy ARP on the host ends, forwarding on).""",
            [*wire(a, b), *both_ends_up(a, b), *routed(a, b, p.gateway)],
            [ping(a, b)],
        )
        yield step(
            "The bridged pair",
            f"""Then the seed's layout, built next to it: {p.ns3} and {p.ns4} get the same two
            addresses, but the host ends of their cables become ports of {p.bridge}. They do
            not collide with the routed pair: each namespace has its own stack, and the host
            itself holds no address on {p.bridge}.""",
            bridged(p.bridge, c, d),
            [BridgePorts(f"{p.bridge}'s ports are {p.veth5} and {p.veth7}", bridge=p.bridge,
                         ports=(p.veth5, p.veth7)),
             ping(c, d)],
        )
        yield step(
            "Side by side, forwarding on",
            f"""Both pairs work, but not the same way. The host's IpForwDatagrams counts
            the packets its IP layer forwarded: it moves for every routed ping and not for
            a bridged one. The MAC each sender has for {b.ip} tells the same story: {p.ns1}
            talks to the host (proxy ARP answered), {p.ns3} talks to {p.ns4} directly.""",
            [],
            [SideBySide(
                "the routed pair goes through the host's IP layer; the bridged pair does not",
                columns=(routed_col, bridged_col),
                rows=(("ping, and the host's IpForwDatagrams",
                       (CounterRises(f"{p.ns1} reaches {p.ns2}; IpForwDatagrams +2", counter=FORWARDED,
                                     traffic=ping(a, b), at_least=2),
                        CounterFlat(f"{p.ns3} reaches {p.ns4}; IpForwDatagrams flat", counter=FORWARDED,
                                    traffic=ping(c, d)))),
                      (f"whose MAC the sender has for {b.ip}",
                       (NeighbourIs(f"{p.ns1} has the host's {p.veth1}", netns=p.ns1, address=b.ip,
                                    owner=p.veth1),
                        NeighbourIs(f"{p.ns3} has {p.ns4}'s {p.veth6}", netns=p.ns3, address=d.ip,
                                    owner=p.veth6, owner_netns=p.ns4)))),
                why_not="see the cells: the two layouts should differ exactly here")],
        )
        yield step(
            "Side by side, forwarding off",
            f"""Switch the host's forwarding off. The routed pair loses its path; the bridged
            pair does not notice, since the bridge switches its frames below the IP layer.
            IpForwDatagrams now stays flat for both. IpInReceives tells them apart: {p.ns1}
            still has the host's MAC for {b.ip}, so its ping reaches the host's IP layer,
            which counts it and, no longer forwarding, drops it; {p.ns3}'s ping never gets
            there.""",
            [sysctl.write(FORWARDING, "0")],
            [SideBySide(
                "with ip_forward=0 the routed pair breaks and the bridged pair keeps working",
                columns=(routed_col, bridged_col),
                rows=(("ping, and the host's IpForwDatagrams",
                       (CounterFlat(f"{p.ns1} cannot reach {p.ns2}; IpForwDatagrams flat", counter=FORWARDED,
                                    traffic=ping(a, b, expect=False)),
                        CounterFlat(f"{p.ns3} reaches {p.ns4}; IpForwDatagrams flat", counter=FORWARDED,
                                    traffic=ping(c, d)))),
                      ("ping, and the host's IpInReceives",
                       (CounterRises(f"the host's IP layer receives {p.ns1}'s ping and drops it", counter=RECEIVED,
                                     traffic=ping(a, b, expect=False), at_least=1),
                        CounterFlat(f"the host's IP layer never sees {p.ns3}'s ping", counter=RECEIVED,
                                    traffic=ping(c, d))))),
                why_not="see the cells: forwarding should matter to the routed pair only")],
        )
