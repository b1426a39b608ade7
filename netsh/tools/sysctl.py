"""Kernel settings under /proc/sys/net, written the way the tutorial writes them."""

from __future__ import annotations

import posixpath
import shlex
from dataclasses import replace

from netsh.command import HOST, Command, Undo, cmd
from netsh.errors import UsageError

ROOT = "/proc/sys/net/"
IP_FORWARD = "/proc/sys/net/ipv4/ip_forward"  # IPv4 forwarding between interfaces
# Whether bridged IPv4 frames go through iptables (exists only with br_netfilter loaded).
BRIDGE_NF_CALL_IPTABLES = "/proc/sys/net/bridge/bridge-nf-call-iptables"


def proxy_arp(dev: str) -> str:
    """Whether `dev` answers ARP for addresses the host routes out of another interface."""
    return f"/proc/sys/net/ipv4/conf/{dev}/proxy_arp"


def checked_path(path: str) -> str:
    """Refuse anything that is not a file below /proc/sys/net."""
    norm = posixpath.normpath(path)
    if norm != path or not norm.startswith(ROOT) or "\x00" in path:
        raise UsageError(f"refusing to touch {path!r}: only files below {ROOT} can be written",
                         f"Give a path such as {IP_FORWARD}.")
    return norm


def read(path: str, netns: str | None = HOST) -> Command:
    return cmd("cat", checked_path(path), netns=netns)


def write(path: str, value: str, netns: str | None = HOST) -> Command:
    """`echo VALUE > PATH`, run as `dd of=PATH` with VALUE on stdin (no shell).

    The undo reads the old value just before the write and writes it back.
    """
    plain = write_plain(path, value, netns)
    return replace(plain, undo=Undo(capture=read(path, netns),
                                    restore=lambda old: write_plain(path, old, netns)))


def write_plain(path: str, value: str, netns: str | None = HOST) -> Command:
    """The write with no undo attached: what an undo itself runs."""
    path = checked_path(path)
    v, p = shlex.quote(value), shlex.quote(path)
    shell = (f"echo {v} > {p}" if netns is HOST
             else f"echo {v} | ip netns exec {shlex.quote(netns)} dd of={p} status=none")
    return Command(("dd", f"of={path}", "status=none"), netns=netns, stdin=f"{value}\n", shell=shell)
