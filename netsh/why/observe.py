"""What netsh reads around a probe, besides the trace: SNMP counters per
namespace (before and after), `ip route get` on the way there and back, the
neighbour state of a gateway. Plain reads; nothing here changes anything."""

from __future__ import annotations

import json

from netsh.command import HOST, cmd
from netsh.errors import NetshError
from netsh.state.snapshot import HOST_NAME
from netsh.state.snmp import parse_snmp

# The counters that say where an IPv4 packet went: not routed, not for us, forwarded, refused.
COUNTERS = (("Ip", "OutNoRoutes"), ("Ip", "InNoRoutes"), ("Ip", "InAddrErrors"), ("Ip", "ForwDatagrams"),
            ("Ip", "InDiscards"), ("Ip", "OutDiscards"), ("Icmp", "InDestUnreachs"),
            ("Icmp", "OutDestUnreachs"), ("Icmp", "InEchos"), ("Icmp", "OutEchoReps"), ("Icmp", "InEchoReps"))


def label(ns: str | None) -> str:
    return HOST_NAME if ns is HOST else ns


def read_counters(executor, names: list[str | None]) -> dict[str, dict[str, int]]:
    """{"host": {"IpInAddrErrors": 3, ...}, "ns1": {...}}; a namespace that cannot be read is left out."""
    def one(ns):
        r = executor.run(cmd("cat", "/proc/net/snmp", netns=ns))
        try:
            parsed = parse_snmp(r.stdout) if r.ok else {}
        except NetshError:
            parsed = {}
        return {g + n: parsed[g][n] for g, n in COUNTERS if n in parsed.get(g, {})}

    values = executor.side_by_side(one, names)
    return {label(ns): v for ns, v in zip(names, values) if v}


def deltas(before: dict, after: dict) -> tuple[tuple[str, str, int], ...]:
    """The counters that moved, as (namespace, counter, difference)."""
    return tuple((ns, name, after[ns][name] - value) for ns, counters in before.items()
                 for name, value in counters.items()
                 if ns in after and after[ns].get(name, value) != value)


def route_get(executor, ns: str | None, dst: str) -> dict | str:
    """`ip -j route get DST` in `ns`: the route as a dict, or the error ip printed."""
    r = executor.run(cmd("ip", "-j", "route", "get", dst, netns=ns))
    if not r.ok:
        return (r.stderr or r.stdout).strip() or f"exit {r.exit_code}"
    try:
        found = json.loads(r.stdout)
    except ValueError:
        return r.stdout.strip()
    return found[0] if found else "no route"


def neighbour_state(executor, ns: str | None, addr: str) -> str:
    """The neighbour entry's state for `addr` in `ns` (REACHABLE, STALE, FAILED, ...), "" if none."""
    r = executor.run(cmd("ip", "-j", "neigh", "show", "to", addr, netns=ns))
    try:
        entries = json.loads(r.stdout) if r.ok and r.stdout.strip() else []
    except ValueError:
        return ""
    states = [s for e in entries for s in e.get("state", [])]
    return states[0] if states else ""
