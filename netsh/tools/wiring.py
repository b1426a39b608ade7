"""Recurring wiring as command lists: a namespace plugged into a bridge."""

from __future__ import annotations

from netsh.command import Command
from netsh.tools import ip, sysctl


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
