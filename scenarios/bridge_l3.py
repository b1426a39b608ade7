"""A bridge with an address: the host joins the namespaces' subnet and is their gateway."""

from __future__ import annotations

from dataclasses import dataclass

from netsh.claims import BridgePorts, HasRoute, Reaches, SysctlIs
from netsh.params import Address, Cidr, IfName, Network
from netsh.scenario import Scenario
from netsh.scenarios.legs import TwoLegs
from netsh.step import step
from netsh.tools import ip
from netsh.tools.wiring import bridged_netns


class BridgeL3(Scenario):
    name = "bridge-l3"
    summary = "Give br0 an address: the namespaces use it as their gateway, no proxy_arp needed"
    assumptions = (
        "The host has another address outside the namespaces' subnet (here the uplink's, "
        "203.0.113.2 on eth0 in the sandbox): reaching it shows the gateway at work.",
    )

    @dataclass(frozen=True)
    class Params(TwoLegs):
        bridge: IfName = "br0"
        bridge_addr: Cidr = "192.168.10.1/24"
        subnet: Network = "192.168.10.0/24"
        host_addr: Address = "203.0.113.2"

    def steps(self):
        p = self.p
        gw = p.bridge_addr.ip
        proxy_arp = f"/proc/sys/net/ipv4/conf/{p.bridge}/proxy_arp"

        yield step(
            "Two namespaces on a bridge",
            f"""The seed's layout: {p.bridge}, and {p.ns1} and {p.ns2} each joined to it by a
            veth pair whose host end is a bridge port.""",
            [ip.bridge_add(p.bridge), ip.link_up(p.bridge),
             *bridged_netns(p.bridge, p.ns1, p.veth0, p.veth1, p.addr1),
             *bridged_netns(p.bridge, p.ns2, p.veth2, p.veth3, p.addr2)],
            [BridgePorts(f"{p.bridge}'s ports are {p.veth1} and {p.veth3}",
                         bridge=p.bridge, ports=(p.veth1, p.veth3))],
        )
        yield step(
            "A switch without an address",
            f"""As a plain switch, {p.bridge} carries frames but takes no part in IP: the host
            has no route into {p.subnet}, and the namespaces know no way out of it.""",
            [],
            [Reaches(f"the host cannot reach {p.ns1}", target=p.addr1.ip, expect=False,
                     why_not=f"the host already had a route to {p.subnet}"),
             Reaches(f"{p.ns1} cannot reach the host's {p.host_addr}", src=p.ns1, target=p.host_addr,
                     expect=False, why_not=f"{p.ns1} already had a route out of its subnet")],
        )
        yield step(
            "Give the bridge an address",
            f"""The seed's opening remark: a bridge is also the host's network interface on that
            segment. With {p.bridge_addr} on it, the host is a member of {p.subnet}; the kernel
            adds the connected route by itself and the host reaches both namespaces directly,
            answering their ARP requests for {gw} as any host would. No proxy ARP is involved.""",
            [ip.addr_add(p.bridge_addr, p.bridge), ip.show("route")],
            [HasRoute(f"the address brings a route to {p.subnet} via {p.bridge}",
                      dst=p.subnet, dev=p.bridge),
             SysctlIs(f"proxy_arp on {p.bridge} is still 0", path=proxy_arp, value="0"),
             Reaches(f"the host reaches {p.ns1}", target=p.addr1.ip),
             Reaches(f"the host reaches {p.ns2}", target=p.addr2.ip)],
        )
        yield step(
            "The bridge's address as the gateway",
            f"""Each namespace routes everything outside its subnet to {gw}, an address on its
            own segment, so no `onlink` trick and no invented gateway are needed. Replies to the
            host's other addresses now find their way.""",
            [ip.route_add("default", "via", gw, netns=p.ns1),
             ip.route_add("default", "via", gw, netns=p.ns2)],
            [HasRoute(f"{p.ns1}'s default route goes via {gw}", dst="default", dev=p.veth0, via=gw,
                      netns=p.ns1),
             HasRoute(f"{p.ns2}'s default route goes via {gw}", dst="default", dev=p.veth2, via=gw,
                      netns=p.ns2),
             Reaches(f"{p.ns1} reaches the host's {p.host_addr} through {gw}", src=p.ns1,
                     target=p.host_addr, why_not=f"the host should own {p.host_addr}; see the assumptions"),
             Reaches(f"{p.ns2} reaches the host's {p.host_addr} through {gw}", src=p.ns2,
                     target=p.host_addr, why_not=f"the host should own {p.host_addr}; see the assumptions"),
             Reaches(f"{p.ns1} still reaches {p.ns2} across the bridge", src=p.ns1, target=p.addr2.ip)],
        )
