"""`bridge` (iproute2) reads: forwarding database and ports."""

from __future__ import annotations

from netsh.command import HOST, Command, cmd


def fdb(dev: str | None = None, netns: str | None = HOST, stats: bool = False) -> Command:
    """The forwarding database as JSON; `stats` adds each entry's age (`updated`, `used`)."""
    return cmd("bridge", "-j", *(("-s",) if stats else ()), "fdb", "show",
               *(("br", dev) if dev else ()), netns=netns)


def fdb_show(dev: str, netns: str | None = HOST) -> Command:
    """The forwarding database as a person reads it, with ages (`used A/B`)."""
    return cmd("bridge", "-s", "fdb", "show", "br", dev, netns=netns)


# VLAN membership of a port of a VLAN-aware bridge. No undo: the ports are veth
# ends a lesson creates, and their VLANs go with them.
def vlan_add(dev: str, vid: int, access: bool = True, netns: str | None = HOST) -> Command:
    """`access`: the port's untagged VLAN (pvid untagged), as a switch's access port."""
    return cmd("bridge", "vlan", "add", "dev", dev, "vid", str(vid), *(("pvid", "untagged") if access else ()),
               netns=netns)


def vlan_del(dev: str, vid: int, netns: str | None = HOST) -> Command:
    return cmd("bridge", "vlan", "del", "dev", dev, "vid", str(vid), netns=netns)


def vlan_show(dev: str | None = None, netns: str | None = HOST) -> Command:
    """VLAN membership as JSON (netsh.state.vlans), of one port or of all."""
    return cmd("bridge", "-j", "vlan", "show", *(("dev", dev) if dev else ()), netns=netns)
