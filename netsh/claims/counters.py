"""Counter claims: a kernel counter read before and after some traffic.

The claim is data: its probes read the counter, send the traffic (the probes of
a reachability claim, a ping, which changes nothing), and read the counter
again. Judging compares the two reads, and the traffic's own claim must hold
too, so one ping proves both "it did (not) get through" and "this is the path
it took".
"""

from __future__ import annotations

from dataclasses import dataclass

from netsh.claims.base import Claim, Verdict
from netsh.command import HOST, Command
from netsh.errors import BadToolOutput
from netsh.state.iptables import parse_chain
from netsh.state.snmp import snmp_counter
from netsh.tools import iptables, proc


@dataclass(frozen=True)
class SnmpCounter:
    """A counter of /proc/net/snmp, e.g. Ip ForwDatagrams (packets the IP layer forwarded)."""

    group: str = "Ip"
    name: str = "ForwDatagrams"
    netns: str | None = HOST

    @property
    def label(self) -> str:
        return f"{self.group}{self.name}"

    def read(self) -> Command:
        return proc.snmp(self.group, self.netns)

    def value(self, text: str) -> int:
        return snmp_counter(text, self.group, self.name)


@dataclass(frozen=True)
class PolicyCounter:
    """Packets that met an iptables chain's policy (rules did not decide them)."""

    chain: str = "FORWARD"
    netns: str | None = HOST

    @property
    def label(self) -> str:
        return f"{self.chain} policy packets"

    def read(self) -> Command:
        return iptables.counters(self.chain, netns=self.netns)

    def value(self, text: str) -> int:
        return parse_chain(text).packets


# The counters the lessons read, named once.
FORWARDED = SnmpCounter("Ip", "ForwDatagrams")  # packets the host's IP layer forwarded
RECEIVED = SnmpCounter("Ip", "InReceives")      # packets that reached the host's IP layer
FORWARD_POLICY = PolicyCounter("FORWARD")       # packets the FORWARD chain's policy decided


class _AroundTraffic(Claim):
    counter: SnmpCounter | PolicyCounter = FORWARDED
    traffic: Claim  # read-only probes, e.g. Reaches: the ping and its expectation

    def probes(self):
        return (self.counter.read(), *self.traffic.probes(), self.counter.read())

    def parts(self):
        return (self.counter.read(), self.traffic, self.counter.read())

    def judge(self, results):
        before, after = results[0], results[-1]
        sent = self.traffic.judge(results[1:-1])
        failed = next((r for r in (before, after) if r.exit_code != 0), None)
        if failed is not None:
            return self.verdict(False, f"{sent.observed}; cannot read {self.counter.label}: "
                                       f"{(failed.stderr or failed.stdout).strip()}")
        try:
            a, b = self.counter.value(before.stdout), self.counter.value(after.stdout)
        except BadToolOutput as exc:
            return self.verdict(False, f"{sent.observed}; {exc.message}")
        observed = f"{sent.observed}; {self.counter.label} {a} → {b} ({b - a:+d})"
        if not sent.held:
            return Verdict(False, observed, sent.why or self.why_not)
        return self.verdict(self.fits(b - a), observed)

    def fits(self, delta: int) -> bool:
        raise NotImplementedError


class CounterRises(_AroundTraffic):
    """The counter rises by at least `at_least` while the traffic is sent."""

    at_least: int = 1

    def fits(self, delta):
        return delta >= self.at_least


class CounterFlat(_AroundTraffic):
    """The counter does not move while the traffic is sent."""

    def fits(self, delta):
        return delta == 0
