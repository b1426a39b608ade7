"""Looking on while a group of claims' probes runs.

A claim's pings are found in its parts (`pings`): a `Reaches` is one; a counter
claim's traffic, and each cell of a side-by-side table, hold others. Each ping
that wants evidence (an expected failure always, any ping with `--explain`)
gets an ICMP id of netsh's choosing (`ping -e`), so the trace matches its
packets alone. Around the group: SNMP counters in the host and every namespace
the run created, before and after, and nft tracing in the same namespaces where
nft works. A ping that must fail is stopped as soon as the evidence settles it
(early.py). After it, per ping: `ip route get` both ways, the next hop's
neighbour state and a snapshot of the topology, judged into one located reason
(judge.py). A claim with several watched pings gets one evidence per ping, as
its `parts`.
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
from netsh.why.trace import Tracer, new_icmp_id, packet_of


def pings(claim) -> list[tuple[int, object]]:
    """(probe index, ping claim) for every ping of `claim` netsh/why can watch, in probe order."""
    if getattr(claim, "traceable", False):
        return [(0, claim)]
    found, at = [], 0
    for part in claim.parts():
        if hasattr(part, "probes"):  # an inner claim: its probes sit here, in order
            found += [(at + i, ping) for i, ping in pings(part)]
            at += len(part.probes())
        else:
            at += 1
    return found if at == len(claim.probes()) else []  # parts that do not line up: watch nothing


def traceable(claim) -> bool:
    return bool(pings(claim))


def subject(claim, results):
    """The claim to watch on a second look: itself, or a sampled pair of an all-pairs claim."""
    if traceable(claim):
        return claim
    sample = getattr(claim, "sample", None)
    return sample(results) if sample is not None and results else None


class Watch:
    def __init__(self, executor, claims, explain: bool = False, owned=(), journal=None):
        self.ex = executor
        # NETSH_EVIDENCE=0 turns watching off: for scripts/bench to measure what it costs.
        on = executor.live and os.environ.get("NETSH_EVIDENCE", "1") != "0"
        # (claim, probe index) -> (ping claim, ICMP id)
        self.watched = {(id(c), i): (ping, new_icmp_id()) for c in claims if on
                        for i, ping in pings(c) if explain or not ping.expect}
        self.early: dict[object, int] = {}  # a ping command that must fail -> its ICMP id
        self.shown: dict[object, object] = {}  # a watched ping -> the claim's own probe, as reported
        self.names: list[str | None] = [HOST, *sorted(owned)]
        # Namespaces where every packet is the run's own: a discard counted there is ours.
        self.trusted = {*owned, *([] if executor.restores else [observe.label(HOST)])}
        self.journal = journal
        self.tracer: Tracer | None = None
        self.before: dict = {}
        self.trace = None
        self.counters: tuple = ()
        self._looks: tuple = (0.0, {}, {})  # discards while pings wait: when, the last look, the one before
        self._running = 0  # probes of the group still running
        self._snapshot = None  # the topology after the group's probes, read once for all its claims
        self._lock = threading.Lock()

    @property
    def ids(self) -> list[int]:
        return [icmp for _, icmp in self.watched.values()]

    def probes(self, claim) -> tuple:
        """The claim's probes, each watched ping carrying its ICMP id."""
        found = list(claim.probes())
        for i, command in enumerate(found):
            if (id(claim), i) in self.watched:
                ping, icmp = self.watched[id(claim), i]
                found[i] = replace(command, args=(command.args[0], "-e", str(icmp), *command.args[1:]))
                self.shown[found[i]] = command
                if not ping.expect and self.ex.local:
                    self.early[found[i]] = icmp
        return tuple(found)

    def run(self, commands, independent: bool) -> list:
        """Run a group's probes (side by side if independent); a ping that must fail is
        stopped as soon as the evidence settles it (early.py)."""
        if independent:
            return self.ex.side_by_side(self._run, list(commands))
        return [self._run(c) for c in commands]

    def _run(self, command):
        with self._lock:
            self._running += 1
        try:
            if command in self.early:
                icmp = self.early[command]
                result = early.run_until_decided(self.ex, command, lambda: self._decided(icmp))
            else:
                result = self.ex.run(command)
        finally:
            with self._lock:
                self._running -= 1
        # The ICMP id is netsh's own, like its trace table: the result reads as the claim's probe,
        # so reports stay the same from run to run and match the exported script.
        return replace(result, command=self.shown.get(command, command))

    def _decided(self, icmp: int) -> str:
        """Why no reply can come any more ("" while it still may)."""
        lines = self.tracer.lines(ours=True) if self.tracer is not None else None
        if lines and any(line.verdict.lower() in ("drop", "reject") and _traces(lines, ns, line, icmp)
                         for ns, line in lines if line.table != self.tracer.table):
            return "dropped"
        with self._lock:
            if time.monotonic() - self._looks[0] > early.LOOK:
                look = early.discards(self.before, observe.read_counters(self.ex, self.names), self.trusted)
                self._looks = (time.monotonic(), look, self._looks[1])
            _, look, previous = self._looks
            running = self._running
        return early.settled(icmp, look, previous, None if lines is None else early.arrivals(lines), running)

    def __enter__(self):
        if not self.watched:
            return self
        # The monitors subscribe while the counters are read: fewer waits for them afterwards.
        # Only where netsh's own signals reach the monitors: over SSH a stopped client would
        # leave `nft monitor` running in the remote namespaces (counters still explain there).
        tracer = None if not self.ex.local or self.ex.missing(["nft"]) else \
            Tracer(self.ex, self.names, self.ids, self.journal).listen()
        self.before = observe.read_counters(self.ex, self.names)
        self.tracer = tracer if tracer is not None and tracer.start() else None
        return self

    def __exit__(self, *exc):
        if not self.watched:
            return
        if self.tracer is not None:
            self.trace = self.tracer.stop()
        self.counters = observe.deltas(self.before, observe.read_counters(self.ex, self.names))

    def evidence(self, claim, results) -> Evidence | None:
        """The claim's evidence: one watched ping's, or (several) one part per ping."""
        mine = [(ping, results[i], icmp) for (c, i), (ping, icmp) in self.watched.items()
                if c == id(claim) and i < len(results) and results[i].ran]
        parts = tuple((ping.text, self._safe(ping, r.ok, icmp)) for ping, r, icmp in mine)
        if not parts:
            return None
        if len(parts) == 1:
            return parts[0][1]
        return Evidence(reason="; ".join(f"{text}: {ev.reason}" for text, ev in parts if ev.stopped),
                        sources=parts[0][1].sources, parts=parts)

    def _safe(self, ping, replied: bool, icmp: int) -> Evidence:
        try:
            return self._evidence(ping, replied, icmp)
        except Exception as exc:  # evidence must never cost the lesson its run; it says what went wrong
            return Evidence(reason=f"netsh could not gather evidence: {exc}")

    def _evidence(self, ping, replied: bool, icmp: int) -> Evidence:
        from netsh.state.snapshot import collect

        if self._snapshot is None:
            self._snapshot = collect(self.ex)
        snap = self._snapshot
        route = observe.route_get(self.ex, ping.src, ping.target)
        back = gw = None
        if isinstance(route, dict) and not replied:
            there = holder_ns(snap, ping.target)
            if there is not None and route.get("prefsrc"):
                back_ns = None if there.name == observe.label(HOST) else there.name
                back = observe.route_get(self.ex, back_ns, route["prefsrc"])
                back = back if isinstance(back, str) else None
            gw = observe.neighbour_state(self.ex, ping.src, route.get("gateway") or ping.target)
        trace = None if self.trace is None else tuple(
            (ns, line) for ns, line in self.trace if _traces(self.trace, ns, line, icmp))
        sources = ("nft trace" if trace is not None else "counters only (no nft tracing here)",
                   "routes", "snmp counters", "neighbours")
        return judge(Observations(observe.label(ping.src), ping.target, replied, snap, route, back, gw or "",
                                  trace, self.counters, sources))


def _traces(lines, ns: str, line, icmp_id: int) -> bool:
    """Whether a trace line belongs to this probe: its packet line carries the probe's ICMP id."""
    packet = packet_of(lines, ns, line)
    return packet is not None and packet.icmp_id == icmp_id
