"""Looking on while a group of reachability probes runs.

For each claim that wants evidence (an expected failure always, any claim with
`--explain`), its ping gets an ICMP id of netsh's choosing (`-e`), so the trace
can match its packets alone. Around the group: SNMP counters in every namespace
the run owns (and the host), before and after; nft tracing in the same
namespaces where nft works. After it, per claim: `ip route get` both ways, the
gateway's neighbour state and a snapshot of the topology, all judged into one
located reason (judge.py).
"""

from __future__ import annotations

from dataclasses import replace

from netsh.command import HOST
from netsh.why import observe
from netsh.why.evidence import Evidence
from netsh.why.judge import Observations, holder_ns, judge
from netsh.why.trace import Tracer, new_icmp_id


def traceable(claim) -> bool:
    """A claim that pings from a namespace to an address (Reaches and its kind)."""
    return getattr(claim, "traceable", False)


class Watch:
    def __init__(self, executor, claims, explain: bool = False, owned=(), journal=None):
        self.ex = executor
        self.ids = {id(c): new_icmp_id() for c in claims
                    if executor.live and traceable(c) and (explain or not c.expect)}
        self.names: list[str | None] = [HOST, *sorted(owned)]
        self.journal = journal
        self.tracer: Tracer | None = None
        self.before: dict = {}
        self.trace = None
        self.counters: tuple = ()

    def probes(self, claim):
        """The claim's probes; a watched ping carries its ICMP id."""
        found = claim.probes()
        if id(claim) not in self.ids:
            return found
        ping, *rest = found
        return (replace(ping, args=(ping.args[0], "-e", str(self.ids[id(claim)]), *ping.args[1:])), *rest)

    def __enter__(self):
        if not self.ids:
            return self
        self.before = observe.read_counters(self.ex, self.names)
        if not self.ex.missing(["nft"]):
            tracer = Tracer(self.ex, self.names, list(self.ids.values()), self.journal)
            self.tracer = tracer if tracer.start() else None
        return self

    def __exit__(self, *exc):
        if not self.ids:
            return
        if self.tracer is not None:
            self.trace = self.tracer.stop()
        self.counters = observe.deltas(self.before, observe.read_counters(self.ex, self.names))

    def evidence(self, claim, results) -> Evidence | None:
        if id(claim) not in self.ids or not results or not results[0].ran:
            return None
        from netsh.state.snapshot import collect

        src = observe.label(claim.src)
        replied = results[0].ok
        snap = collect(self.ex)
        route = observe.route_get(self.ex, claim.src, claim.target)
        back = gw = None
        if isinstance(route, dict) and not replied:
            there = holder_ns(snap, claim.target)
            if there is not None and route.get("prefsrc"):
                back_ns = None if there.name == observe.label(HOST) else there.name
                back = observe.route_get(self.ex, back_ns, route["prefsrc"])
                back = back if isinstance(back, str) else None
            if route.get("gateway"):
                gw = observe.neighbour_state(self.ex, claim.src, route["gateway"])
        mine = self.ids[id(claim)]
        trace = None if self.trace is None else tuple(
            (ns, line) for ns, line in self.trace if _traces(self.trace, ns, line, mine))
        sources = ("nft trace" if trace is not None else "counters only (no nft tracing here)",
                   "routes", "snmp counters", "neighbours")
        return judge(Observations(src, claim.target, replied, snap, route, back, gw or "", trace,
                                  self.counters, sources))


def _traces(lines, ns: str, line, icmp_id: int) -> bool:
    """Whether a trace line belongs to this probe: its packet line carries the probe's ICMP id."""
    return any(n == ns and p.trace == line.trace and p.what == "packet" and p.icmp_id == icmp_id
               for n, p in lines)
