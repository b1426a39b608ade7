"""Reads of /proc/net: the kernel's own counters for the namespace it is read in."""

from __future__ import annotations

from netsh.command import HOST, Command, cmd


def snmp(group: str = "Ip", netns: str | None = HOST) -> Command:
    """One protocol's two lines of /proc/net/snmp (names, then values), e.g. `Ip:`.

    /proc/net follows the reader's network namespace, so this reads `netns`'s counters.
    """
    return cmd("grep", f"^{group}:", "/proc/net/snmp", netns=netns)
