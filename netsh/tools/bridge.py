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
