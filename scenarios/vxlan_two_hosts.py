"""Two hosts, a bridge on each, joined at layer 2 by a VXLAN tunnel over their uplinks."""

from __future__ import annotations

from dataclasses import dataclass

from netsh.claims import BridgePorts, HasAddress, LinkIs, Reaches
from netsh.claims.neighbours import NeighbourIs
from netsh.claims.vxlan import LearnedVtep
from netsh.hosts import across, on
from netsh.params import Address, Cidr, Count, IfName, NsName
from netsh.scenario import Scenario
from netsh.step import step
from netsh.tools import ip, vxlan

H1, H2 = "host1", "host2"


class VxlanTwoHosts(Scenario):
    name = "vxlan-two-hosts"
    summary = "A bridge and a namespace on each of two hosts, one layer-2 segment through VXLAN"
    hosts = (H1, H2)
    assumptions = (
        "The two hosts reach each other over their uplinks at the VTEP addresses given "
        "(defaults: 198.51.100.1 and .2, the local stand-in's wire; on real hosts pass "
        "-p uplink=... -p vtep1=... -p vtep2=...), and UDP port 4789 is open between them.",
        "The kernel has the vxlan driver (every distribution kernel does).",
    )

    @dataclass(frozen=True)
    class Params:
        bridge: IfName = "br0"
        ns1: NsName = "ns1"
        ns2: NsName = "ns2"
        veth0: IfName = "veth0"
        veth1: IfName = "veth1"
        veth2: IfName = "veth2"
        veth3: IfName = "veth3"
        addr1: Cidr = "192.168.20.10/24"
        addr2: Cidr = "192.168.20.11/24"
        tunnel: IfName = "vxlan0"
        vni: Count = 42
        uplink: IfName = "eth0"
        vtep1: Address = "198.51.100.1"
        vtep2: Address = "198.51.100.2"

    def steps(self):
        p = self.p
        # host -> (namespace, its veth end, the bridge end, its address, this VTEP, the other VTEP)
        sides = {H1: (p.ns1, p.veth0, p.veth1, p.addr1, p.vtep1, p.vtep2),
                 H2: (p.ns2, p.veth2, p.veth3, p.addr2, p.vtep2, p.vtep1)}

        yield step(
            "A bridge on each host",
            f"""Each host gets its own software switch, {p.bridge}. So far they are two
            separate switches that know nothing of each other.""",
            [c for h in sides for c in on(h, [ip.bridge_add(p.bridge), ip.link_up(p.bridge)])],
            [c for h in sides for c in on(h, [LinkIs(f"{p.bridge} is a bridge and is up",
                                                     name=p.bridge, kind="bridge")])],
        )
        yield step(
            "A namespace on each host, plugged into its bridge",
            f"""On each host a namespace stands for a container: one end of a veth pair goes
            inside with an address of the shared subnet, the other end becomes a port of
            {p.bridge}. {p.ns1} lives on {H1}, {p.ns2} on {H2}.""",
            [c for h, (ns, inner, outer, addr, _, _) in sides.items() for c in on(h, [
                ip.netns_add(ns), ip.veth_add(inner, outer), ip.link_to_netns(inner, ns),
                ip.addr_add(addr, inner, netns=ns), ip.link_up(inner, netns=ns),
                ip.link_master(outer, p.bridge), ip.link_up(outer)])],
            [c for h, (ns, inner, _, addr, _, _) in sides.items() for c in on(h, [
                HasAddress(f"{inner} lives in {ns} with {addr}", dev=inner, cidr=addr, netns=ns)])],
        )
        yield step(
            "A VXLAN tunnel joins the bridges",
            f"""A VXLAN device wraps each Ethernet frame in UDP (port {vxlan.PORT}) and sends
            it over the uplink {p.uplink} to the other host's tunnel endpoint (VTEP), which
            unwraps it. Made a port of {p.bridge} on both sides, the tunnel makes the two
            bridges one layer-2 segment: VNI {p.vni} names that segment. The device takes
            50 bytes off the uplink's MTU for its headers, and the bridge follows.""",
            [c for h, (_, _, _, _, local, remote) in sides.items() for c in on(h, [
                vxlan.add(p.tunnel, p.vni, p.uplink, local, remote),
                ip.link_master(p.tunnel, p.bridge), ip.link_up(p.tunnel)])],
            [c for h, (_, _, outer, _, _, _) in sides.items() for c in on(h, [
                LinkIs(f"{p.tunnel} is a VXLAN device and is up", name=p.tunnel, kind="vxlan"),
                BridgePorts(f"{p.bridge}'s ports are {outer} and {p.tunnel}",
                            bridge=p.bridge, ports=(outer, p.tunnel))])],
        )
        yield step(
            "Layer 2 across the tunnel",
            f"""{p.ns1} pings {p.addr2.ip} as if it were next door. Its ARP request is a
            broadcast: {H1}'s bridge floods it into the tunnel, {H2}'s bridge floods it to
            {p.ns2}, and the answer comes back the same way. Each tunnel learns, from the
            outer source address, which VTEP the other namespace's MAC sits behind.""",
            [c for h, (ns, *_rest) in sides.items() for c in on(h, [ip.show("neigh", netns=ns)])],
            [*on(H1, [Reaches(f"{p.ns1} reaches {p.ns2} ({p.addr2.ip}) across the tunnel", src=p.ns1,
                              target=p.addr2.ip, why_not=TUNNEL_WHY)]),
             *on(H2, [Reaches(f"{p.ns2} reaches {p.ns1} ({p.addr1.ip}) across the tunnel", src=p.ns2,
                              target=p.addr1.ip, why_not=TUNNEL_WHY)]),
             across(NeighbourIs(f"ARP in {p.ns1} resolved {p.addr2.ip} to {p.ns2}'s MAC", netns=p.ns1,
                                address=p.addr2.ip, owner=p.veth2, owner_netns=p.ns2), H1, H2),
             across(NeighbourIs(f"ARP in {p.ns2} resolved {p.addr1.ip} to {p.ns1}'s MAC", netns=p.ns2,
                                address=p.addr1.ip, owner=p.veth0, owner_netns=p.ns1), H2, H1),
             across(LearnedVtep(f"{H1}'s {p.tunnel} learned {p.ns2}'s MAC behind {p.vtep2}",
                                dev=p.veth2, netns=p.ns2, vxlan=p.tunnel, vtep=p.vtep2), H2, H1),
             across(LearnedVtep(f"{H2}'s {p.tunnel} learned {p.ns1}'s MAC behind {p.vtep1}",
                                dev=p.veth0, netns=p.ns1, vxlan=p.tunnel, vtep=p.vtep1), H1, H2)],
        )
        yield step(
            "What each tunnel learned",
            f"""The tunnel's own forwarding table lists each remote MAC with `dst`, the VTEP
            to send it to; the all-zero entry is where floods go (the `remote` given at
            creation).""",
            [c for h in sides for c in on(h, [vxlan.fdb_show(p.tunnel)])],
        )


TUNNEL_WHY = ("frames must cross the tunnel both ways: check that the VTEP addresses are right for "
              "these hosts, that they reach each other over the uplink, and that UDP 4789 is allowed")
