"""Wiring the scenarios share, as command lists in the order tutorials write them.

A leg is one namespace and its cable: the inner end lives in the namespace with
an address, the outer end stays on the host. `TwoLegs` are the seed's two legs
as parameters, which scenarios extend with their own. Scenarios put the
commands into their own steps; they never import one another.
"""

from __future__ import annotations

from dataclasses import dataclass

from netsh.command import Command
from netsh.params import Cidr, IfName, NsName
from netsh.tools import ip, sysctl


@dataclass(frozen=True)
class Leg:
    ns: str
    inner: str  # lives in `ns`, carries `cidr`
    outer: str  # stays on the host
    cidr: str

    @property
    def ip(self) -> str:
        return self.cidr.split("/")[0]


@dataclass(frozen=True)
class TwoLegs:
    """Parameters for two legs, in the seed's names and addresses; scenarios add their own."""

    ns1: NsName = "ns1"
    ns2: NsName = "ns2"
    veth0: IfName = "veth0"
    veth1: IfName = "veth1"
    veth2: IfName = "veth2"
    veth3: IfName = "veth3"
    addr1: Cidr = "192.168.10.10/24"
    addr2: Cidr = "192.168.10.11/24"

    def legs(self) -> tuple[Leg, Leg]:
        return Leg(self.ns1, self.veth0, self.veth1, self.addr1), Leg(self.ns2, self.veth2, self.veth3, self.addr2)


@dataclass(frozen=True)
class BridgedLegs(TwoLegs):
    """The seed's two legs and the bridge they plug into."""

    bridge: IfName = "br0"


def wire(a: Leg, b: Leg) -> list[Command]:
    """Two namespaces, two veth pairs, inner ends moved in and addressed (not yet up)."""
    return [ip.netns_add(a.ns), ip.netns_add(b.ns),
            ip.veth_add(a.inner, a.outer), ip.veth_add(b.inner, b.outer),
            ip.link_to_netns(a.inner, a.ns), ip.link_to_netns(b.inner, b.ns),
            ip.addr_add(a.cidr, a.inner, netns=a.ns), ip.addr_add(b.cidr, b.inner, netns=b.ns)]


def both_ends_up(*legs: Leg) -> list[Command]:
    """Each leg's inner end, then its outer end."""
    return [c for leg in legs for c in (ip.link_up(leg.inner, netns=leg.ns), ip.link_up(leg.outer))]


def routed(a: Leg, b: Leg, gateway: str) -> list[Command]:
    """The host as a router between the legs: a /32 route to each namespace, proxy ARP
    on the outer ends, forwarding on, and a default route in each namespace."""
    return [ip.route_add(f"{a.ip}/32", "dev", a.outer, "scope", "link"),
            ip.route_add(f"{b.ip}/32", "dev", b.outer, "scope", "link"),
            sysctl.write(sysctl.proxy_arp(a.outer), "1"),
            sysctl.write(sysctl.proxy_arp(b.outer), "1"),
            sysctl.write(sysctl.IP_FORWARD, "1"),
            ip.route_add("0.0.0.0/0", "via", gateway, "dev", a.inner, "onlink", netns=a.ns),
            ip.route_add("0.0.0.0/0", "via", gateway, "dev", b.inner, "onlink", netns=b.ns)]


def bridged(bridge: str, a: Leg, b: Leg) -> list[Command]:
    """The seed's steps 1 to 3: a bridge, the two legs, their outer ends as its ports."""
    return [ip.bridge_add(bridge), ip.link_up(bridge), *wire(a, b),
            ip.link_up(a.inner, netns=a.ns), ip.link_up(b.inner, netns=b.ns),
            ip.link_master(a.outer, bridge), ip.link_master(b.outer, bridge),
            ip.link_up(a.outer), ip.link_up(b.outer)]


def silence_ipv6(dev: str, netns: str | None = None) -> Command:
    """No IPv6 on `dev`: no router solicitations or DAD frames that a lesson must tell apart."""
    return sysctl.write(f"/proc/sys/net/ipv6/conf/{dev}/disable_ipv6", "1", netns=netns)


def bridged_netns(bridge: str, netns: str, inside: str, outside: str, cidr: str,
                  ipv6: bool = True) -> list[Command]:
    """Namespace `netns` joined to `bridge` by a veth pair: `inside` gets `cidr`,
    `outside` becomes a bridge port. `ipv6=False` keeps both ends silent."""
    quiet = [] if ipv6 else [silence_ipv6(inside, netns), silence_ipv6(outside)]
    return [ip.netns_add(netns), ip.veth_add(inside, outside), ip.link_to_netns(inside, netns),
            ip.addr_add(cidr, inside, netns=netns), *quiet, ip.link_up(inside, netns=netns),
            ip.link_master(outside, bridge), ip.link_up(outside)]
