"""`bridge` (iproute2) reads: forwarding database and ports."""

from __future__ import annotations

from netsh.command import HOST, Command, cmd


def fdb(dev: str | None = None, netns: str | None = HOST) -> Command:
    return cmd("bridge", "-j", "fdb", "show", *(("br", dev) if dev else ()), netns=netns)
