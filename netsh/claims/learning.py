"""What a learning bridge does: MAC -> port entries learned from traffic, their
ageing, and frames flooded to a bystander port (counted by its receive counter)."""

from __future__ import annotations

from dataclasses import dataclass

from netsh.claims.base import Claim
from netsh.claims.macs import _MacLookup
from netsh.command import HOST, Command
from netsh.state.fdb import ageing_seconds, learned_ports, parse_fdb
from netsh.state.links import link_mac
from netsh.state.stats import rx_packets
from netsh.tools import bridge, ip


class Learned(_MacLookup):
    """`bridge` has (`expect`) or has not learned the MAC of `dev` (in `netns`) on `port`."""

    bridge: str
    port: str
    expect: bool = True

    def table(self):
        return bridge.fdb(self.bridge)

    def entries(self, text):
        return learned_ports(parse_fdb(text))

    def found(self, mac, port):
        seen = f"{self.dev}'s MAC {mac} learned on {port}" if port else \
            f"{self.dev}'s MAC {mac} is not among {self.bridge}'s learned entries"
        return self.verdict((port == self.port) == self.expect, seen)


class Ageing(Claim):
    """The entry for `dev`'s MAC was refreshed less than `bridge`'s ageing_time ago."""

    bridge: str
    dev: str
    netns: str | None = HOST

    def probes(self):
        return (ip.link_json(self.bridge), ip.link_json(self.dev, self.netns), bridge.fdb(self.bridge, stats=True))

    def judge(self, results):
        if any(r.exit_code != 0 for r in results):
            return self.verdict(False, "; ".join(r.stderr.strip() for r in results if r.stderr.strip()))
        ageing = ageing_seconds(results[0].stdout)
        mac = link_mac(results[1].stdout)
        entry = next((e for e in parse_fdb(results[2].stdout) if e.mac == mac and e.learned), None)
        if entry is None or entry.updated is None or ageing is None:
            return self.verdict(False, f"no learned entry with its age for {mac} in {self.bridge}")
        return self.verdict(entry.updated < ageing,
                            f"{mac} on {entry.port}: refreshed {entry.updated} s ago, last used "
                            f"{entry.used} s ago; {self.bridge} forgets it {ageing:g} s after the "
                            "last refresh")


@dataclass(frozen=True)
class RxPackets:
    """A device's receive counter: what reached it, addressed to it or not.
    A counter for `netsh.claims.counters` (CounterRises, CounterFlat)."""

    dev: str = ""
    netns: str | None = HOST

    @property
    def label(self) -> str:
        return f"{self.dev} rx packets" + (f" in {self.netns}" if self.netns else "")

    def read(self) -> Command:
        return ip.stats("link", "show", "dev", self.dev, netns=self.netns)

    def value(self, text: str) -> int:
        return rx_packets(text)

