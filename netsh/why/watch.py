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

import os
import threading
import time
from dataclasses import replace

from netsh.command import HOST
from netsh.why import early, observe
from netsh.why.evidence import Evidence
from netsh.why.judge import Observations, holder_ns, judge
from netsh.why.trace import Tracer, new_icmp_id


def traceable(claim) -> bool:
    """A claim that pings from a namespace to an address, itself or as its traffic (a counter's ping)."""
    return reach_of(claim) is not None


def reach_of(claim):
    """The ping claim to explain: the claim itself (Reaches), or the traffic a counter is read around."""
    for c in (claim, getattr(claim, "traffic", None)):
        if getattr(c, "traceable", False):
            return c
    return None


class Watch:
    def __init__(self, executor, claims, explain: bool = False, owned=(), journal=None):
        self.ex = executor
        # NETSH_EVIDENCE=0 turns watching off: for scripts/bench-why to measure what it costs.
        on = executor.live and os.environ.get("NETSH_EVIDENCE", "1") != "0"
        self.ids = {id(c): new_icmp_id() for c in claims
                    if on and traceable(c) and (explain or not reach_of(c).expect)}
        self.pings: dict[int, object] = {}  # claim -> its watched ping command
        self.names: list[str | None] = [HOST, *sorted(owned)]
        # Namespaces where every packet is the run's own: a discard counted there is ours.
        self.trusted = {*owned, *([] if executor.restores else [observe.label(HOST)])}
        self.early: dict[object, int] = {}  # a ping that must fail -> its ICMP id (decided early)
        self.journal = journal
        self._seen = (0.0, {}, "")  # the last counter read while pings wait: when, what, what it said
        self._lock = threading.Lock()
        self.tracer: Tracer | None = None
        self.before: dict = {}
        self.trace = None
        self.counters: tuple = ()

    def probes(self, claim):
        """The claim's probes; a watched ping carries its ICMP id."""
        found = claim.probes()
        if id(claim) not in self.ids:
            return found
        ping = reach_of(claim).probes()[0]
        at = found.index(ping)
        watched = replace(ping, args=(ping.args[0], "-e", str(self.ids[id(claim)]), *ping.args[1:]))
        self.pings[id(claim)] = watched
        if not reach_of(claim).expect and self.ex.local:
            self.early[watched] = self.ids[id(claim)]
        return (*found[:at], watched, *found[at + 1:])

    def run(self, commands, independent: bool) -> list:
        """Run a group's probes (side by side if independent); a ping that must fail is
        stopped as soon as the evidence settles it (early.py)."""
        if independent:
            return self.ex.side_by_side(self._run, list(commands))
        return [self._run(c) for c in commands]

    def _run(self, command):
        if command not in self.early or not self.ids:
            return self.ex.run(command)
        icmp_id = self.early[command]
        return early.run_until_decided(self.ex, command, lambda: self._decided(icmp_id))

    def _decided(self, icmp_id: int) -> str:
        """Why no reply can come any more ("" while it still may)."""
        if self.tracer is not None:
            lines = self.tracer.lines()
            if any(line.verdict.lower() in ("drop", "reject") and _traces(lines, ns, line, icmp_id)
                   for ns, line in lines):
                return "dropped"
        with self._lock:
            when, now, said = self._seen
            if time.monotonic() - when > 0.1:
                now = observe.read_counters(self.ex, self.names)
                # An unanswered echo must be seen twice: a reply may be on its way between two counters.
                was, said = said, early.discarded(self.before, now, self.trusted)
                self._seen = (time.monotonic(), now, said)
                return said if said and (said == was or "echo" not in said) else ""
        return ""

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
        ping = next((r for r in results if r.command == self.pings.get(id(claim))), None)
        if ping is None or not ping.ran:
            return None
        try:
            return self._evidence(reach_of(claim), ping.ok, self.ids[id(claim)])
        except Exception as exc:  # evidence must never cost the lesson its run; it says what went wrong
            return Evidence(reason=f"netsh could not gather evidence: {exc}")

    def _evidence(self, claim, replied: bool, mine: int) -> Evidence:
        from netsh.state.snapshot import collect

        src = observe.label(claim.src)
        snap = collect(self.ex)
        route = observe.route_get(self.ex, claim.src, claim.target)
        back = gw = None
        if isinstance(route, dict) and not replied:
            there = holder_ns(snap, claim.target)
            if there is not None and route.get("prefsrc"):
                back_ns = None if there.name == observe.label(HOST) else there.name
                back = observe.route_get(self.ex, back_ns, route["prefsrc"])
                back = back if isinstance(back, str) else None
            gw = observe.neighbour_state(self.ex, claim.src, route.get("gateway") or claim.target)
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
