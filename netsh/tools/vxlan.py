"""VXLAN devices (iproute2) and their forwarding database: MAC -> remote VTEP."""

from __future__ import annotations

from netsh.command import HOST, Command, Undo, cmd
from netsh.tools.ip import links

PORT = "4789"  # the IANA port; the kernel's default (8472) predates it


def add(name: str, vni: int, uplink: str, local: str, remote: str, netns: str | None = HOST) -> Command:
    """A unicast VXLAN tunnel endpoint over `uplink`, sending to one remote VTEP."""
    return cmd("ip", "link", "add", name, "type", "vxlan", "id", str(vni), "dev", uplink,
               "local", local, "remote", remote, "dstport", PORT, netns=netns,
               undo=Undo(cmd("ip", "link", "del", name, netns=netns)), creates=links(name))


def fdb(dev: str, netns: str | None = HOST) -> Command:
    """The VXLAN device's own forwarding database as JSON (entries carry `dst`, the VTEP)."""
    return cmd("bridge", "-j", "fdb", "show", "dev", dev, netns=netns)


def fdb_show(dev: str, netns: str | None = HOST) -> Command:
    return cmd("bridge", "fdb", "show", "dev", dev, netns=netns)
