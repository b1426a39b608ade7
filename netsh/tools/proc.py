"""Reads of /proc/net: the kernel's own counters for the namespace it is read in."""

from __future__ import annotations

from netsh.command import HOST, Command, cmd


def snmp(netns: str | None = HOST) -> Command:
    """/proc/net/snmp of `netns` (/proc/net follows the reader's network namespace)."""
    return cmd("cat", "/proc/net/snmp", netns=netns)
