"""The seed tutorial: two namespaces on a Linux bridge, reached from the host."""

from __future__ import annotations

from dataclasses import dataclass

from netsh.claims import BridgePorts, HasAddress, HasRoute, LinkIs, NetnsLocal, Reaches, SysctlIs
from netsh.command import Expect
from netsh.params import Address, Cidr, IfName, Network, NsName
from netsh.scenario import Scenario
from netsh.step import step
from netsh.tools import ip, iptables, sysctl
from netsh.tools.ethtool import show_feature

HOST_ASSUMPTIONS = (
    "The host has an uplink interface with an address and a default route that does "
    "not go through the bridge: proxy ARP only answers for addresses routed out of "
    "another interface, and the host's pings take their source address from it.",
    "IPv4 forwarding is on (proxy ARP answers only where the host forwards).",
    "br_netfilter is available, so /proc/sys/net/bridge/bridge-nf-call-iptables exists.",
)

MOVE_REFUSED = Expect((
    ("older kernels", r"RTNETLINK answers: Invalid argument"),
    ("newer kernels", r"interface netns is immutable"),
))


class BridgeTwoNs(Scenario):
    name = "bridge-two-ns"
    summary = "Two namespaces on a Linux bridge; host route, proxy_arp, ip_forward and iptables"
    assumptions = HOST_ASSUMPTIONS

    @dataclass(frozen=True)
    class Params:
        bridge: IfName = "br0"
        ns1: NsName = "ns1"
        ns2: NsName = "ns2"
        veth0: IfName = "veth0"
        veth1: IfName = "veth1"
        veth2: IfName = "veth2"
        veth3: IfName = "veth3"
        addr1: Cidr = "192.168.10.10/24"
        addr2: Cidr = "192.168.10.11/24"
        subnet: Network = "192.168.10.0/24"
        gateway: Address = "169.2.2.2"
        uplink: IfName = "eth0"

    def steps(self):
        p = self.p
        fwd = "/proc/sys/net/ipv4/ip_forward"
        brnf = "/proc/sys/net/bridge/bridge-nf-call-iptables"
        proxy_arp = f"/proc/sys/net/ipv4/conf/{p.bridge}/proxy_arp"

        yield step(
            "Create the bridge",
            f"""A Linux bridge is a switch made of software: frames that enter one of its
            ports leave by another, and it learns which MAC address sits behind which port.
            We make one called {p.bridge} and switch it on.""",
            [ip.bridge_add(p.bridge), ip.link_up(p.bridge)],
            [LinkIs(f"{p.bridge} exists, is a bridge and is up", name=p.bridge, kind="bridge")],
        )
        yield step(
            "Two namespaces, two veth pairs",
            f"""Each namespace stands for a container. A veth pair is a virtual cable: one
            end ({p.veth0}, {p.veth2}) goes into a namespace and gets an address, the other
            end ({p.veth1}, {p.veth3}) stays on the host.""",
            [ip.netns_add(p.ns1), ip.netns_add(p.ns2),
             ip.veth_add(p.veth0, p.veth1), ip.veth_add(p.veth2, p.veth3),
             ip.link_to_netns(p.veth0, p.ns1), ip.link_to_netns(p.veth2, p.ns2),
             ip.addr_add(p.addr1, p.veth0, netns=p.ns1), ip.addr_add(p.addr2, p.veth2, netns=p.ns2),
             ip.link_up(p.veth0, netns=p.ns1), ip.link_up(p.veth2, netns=p.ns2)],
            [HasAddress(f"{p.veth0} lives in {p.ns1} with {p.addr1}", dev=p.veth0, cidr=p.addr1, netns=p.ns1),
             HasAddress(f"{p.veth2} lives in {p.ns2} with {p.addr2}", dev=p.veth2, cidr=p.addr2, netns=p.ns2)],
        )
        yield step(
            "Plug the host ends into the bridge",
            f"""Making {p.bridge} the master of {p.veth1} and {p.veth3} turns them into bridge
            ports. Both namespaces share one subnet, so they need no gateway: {p.ns1}'s ARP
            request is flooded by the bridge and {p.ns2} answers it, with no proxy ARP and
            no hand-written neighbour entries. The host itself has no route to that subnet yet.""",
            [ip.link_master(p.veth1, p.bridge), ip.link_master(p.veth3, p.bridge),
             ip.link_up(p.veth1), ip.link_up(p.veth3)],
            [BridgePorts(f"{p.bridge}'s ports are {p.veth1} and {p.veth3}",
                         bridge=p.bridge, ports=(p.veth1, p.veth3)),
             Reaches(f"{p.ns1} reaches {p.addr2.ip} through the bridge", src=p.ns1, target=p.addr2.ip,
                     why_not="the bridge should flood ARP between its ports; check that both "
                             "ports and the bridge are up"),
             Reaches(f"the host cannot reach {p.ns1} yet", target=p.addr1.ip, expect=False,
                     why_not=f"the host already had a route to {p.subnet}"),
             Reaches(f"the host cannot reach {p.ns2} yet", target=p.addr2.ip, expect=False,
                     why_not=f"the host already had a route to {p.subnet}")],
        )
        yield step(
            "Route the subnet to the bridge",
            f"""One route sends the whole of {p.subnet} out of {p.bridge}, so every namespace
            added to that subnet later is covered too. Yet the host's ping still gets no
            answer: {p.ns1} knows only its own subnet and has no way back to the host's
            address. Its routing table shows why.""",
            [ip.route_add(p.subnet, "dev", p.bridge, "scope", "link"),
             ip.show("route", netns=p.ns1)],
            [HasRoute(f"the host routes {p.subnet} to {p.bridge}", dst=p.subnet, dev=p.bridge),
             Reaches(f"the host still cannot reach {p.ns1}", target=p.addr1.ip, expect=False,
                     why_not=f"{p.ns1} already had a route back to the host")],
        )
        yield step(
            "Default routes and proxy ARP",
            f"""Each namespace gets a default route via {p.gateway}, an address nobody owns;
            `onlink` lets the route use it even though it lies outside the subnet. When a
            namespace asks who has {p.gateway}, proxy ARP on {p.bridge} makes the host answer
            with the bridge's own MAC address, so replies reach the host.""",
            [ip.route_add("0.0.0.0/0", "via", p.gateway, "dev", p.veth0, "onlink", netns=p.ns1),
             ip.route_add("0.0.0.0/0", "via", p.gateway, "dev", p.veth2, "onlink", netns=p.ns2),
             sysctl.write(proxy_arp, "1")],
            [Reaches(f"the host reaches {p.ns1}", target=p.addr1.ip, why_not=PROXY_ARP_WHY),
             Reaches(f"the host reaches {p.ns2}", target=p.addr2.ip, why_not=PROXY_ARP_WHY)],
        )
        yield step(
            "Bridged traffic ignores ip_forward",
            f"""Switch IPv4 forwarding off. A routed path between namespaces would break, but
            {p.ns1} and {p.ns2} talk through the bridge at layer 2: their frames never reach
            the host's IP forwarding code.""",
            [sysctl.write(fwd, "0")],
            [SysctlIs("forwarding is off", path=fwd, value="0"),
             Reaches(f"{p.ns1} still reaches {p.ns2}", src=p.ns1, target=p.addr2.ip,
                     why_not="bridged frames should not depend on ip_forward")],
        )
        yield step(
            "Make bridged frames pass iptables",
            """With bridge-nf-call-iptables set, the bridge hands every IPv4 frame it forwards
            to the iptables FORWARD chain (br_netfilter's hook in the bridge forwarding path),
            though the packet still never enters the host's routing. A FORWARD policy of DROP
            then cuts the two namespaces apart. The first command shows the value before the
            change: where br_netfilter is loaded it is often 1 already.""",
            [sysctl.read(brnf), sysctl.write(brnf, "1"), iptables.policy("FORWARD", "DROP")],
            [Reaches(f"{p.ns1} can no longer reach {p.ns2}", src=p.ns1, target=p.addr2.ip, expect=False,
                     why_not="bridged frames did not go through the FORWARD chain: is br_netfilter "
                             "loaded (`modprobe br_netfilter`)?")],
        )
        yield step(
            "A bridge cannot change namespace",
            f"""Some devices are tied to the namespace they were made in; a bridge is one.
            Moving {p.bridge} into {p.ns1} is refused; the wording of the error depends on the
            kernel. The tutorial looks for the `netns-local` feature with ethtool (here on the
            uplink {p.uplink}); kernels from 6.12 on no longer list it, because it became a
            device flag.""",
            [ip.link_to_netns(p.bridge, p.ns1, fails=MOVE_REFUSED),
             show_feature(p.uplink, "netns-local")],
            [NetnsLocal(f"{p.bridge} is reported netns-local", dev=p.bridge)],
        )


PROXY_ARP_WHY = ("proxy ARP answers only when forwarding is on and the gateway address is "
                 "routed out of another interface (the host's default route); see the "
                 "assumptions at the top")
