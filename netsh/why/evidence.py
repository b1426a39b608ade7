"""The evidence a verdict carries: the hops a probe's packets took, where they
stopped, the located reason, and which sources said so. Data, not a sentence:
renderers and the JSON report read its fields."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Hop:
    netns: str         # "host" or a namespace's name
    device: str = ""   # where it was seen ("" when no device is known)
    hook: str = ""     # "route", "output", "prerouting", "forward", "input", "bridge", "arp", "reply"
    verdict: str = ""  # "sent", "accept", "drop", "no route", "delivered", ...

    def to_json(self) -> dict:
        return {"netns": self.netns, "device": self.device, "hook": self.hook, "verdict": self.verdict}

    def __str__(self) -> str:
        where = f"{self.netns}/{self.device}" if self.device else self.netns
        return " ".join(x for x in (where, self.hook, self.verdict) if x)


@dataclass(frozen=True)
class Evidence:
    hops: tuple[Hop, ...] = ()
    stopped: Hop | None = None        # None: the packets got where they were going (and back)
    reason: str = ""                  # one located sentence, e.g. "dropped by filter FORWARD policy drop in host"
    sources: tuple[str, ...] = ()     # "nft trace", "ip route get", "/proc/net/snmp", "neighbours", "sysctl"
    counters: tuple[tuple[str, str, int], ...] = ()  # (namespace, counter, difference) that moved
    parts: tuple[tuple[str, Evidence], ...] = ()  # a claim with several pings: (the ping's claim, its evidence)

    @property
    def path(self) -> str:
        """The hops in a line: `ns1/veth0 → host/br0 forward drop`."""
        return " → ".join(str(h) for h in self.hops)

    def to_json(self) -> dict:
        return {"hops": [h.to_json() for h in self.hops],
                "stopped": self.stopped.to_json() if self.stopped else None,
                "reason": self.reason, "sources": list(self.sources),
                "counters": [{"netns": n, "counter": c, "delta": d} for n, c, d in self.counters],
                "parts": [{"claim": text, **e.to_json()} for text, e in self.parts] or None}
