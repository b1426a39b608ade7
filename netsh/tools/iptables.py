"""iptables commands; a policy change is undone by restoring the policy read before it."""

from __future__ import annotations

from netsh.command import HOST, Command, Undo, cmd


def policy(chain: str, target: str, netns: str | None = HOST) -> Command:
    return cmd("iptables", "-P", chain, target, netns=netns,
               undo=Undo(capture=cmd("iptables", "-S", chain, netns=netns),
                         parse=lambda listing: old_policy(listing, chain),
                         script_parse='$1=="-P" {print $3}',  # `-S CHAIN` lists that chain alone
                         restore=lambda old: cmd("iptables", "-P", chain, old, netns=netns)))


def old_policy(listing: str, chain: str) -> str:
    """The policy from `iptables -S CHAIN` output (`-P FORWARD ACCEPT`)."""
    for line in listing.splitlines():
        parts = line.split()
        if parts[:2] == ["-P", chain] and len(parts) == 3:
            return parts[2]
    return "ACCEPT"


def zero(chain: str, netns: str | None = HOST) -> Command:
    return cmd("iptables", "-Z", chain, netns=netns)


def counters(chain: str, netns: str | None = HOST) -> Command:
    return cmd("iptables", "-L", chain, "-v", "-n", "-x", netns=netns)
