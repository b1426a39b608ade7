"""Multi-host scenarios: saying which machine a command or a claim's probe runs on.

A scenario that needs several machines names them (`Scenario.hosts`, e.g.
("host1", "host2")) and places its commands and claims with `on(...)`; a claim
whose evidence sits on two machines (a MAC read on one, looked up in a table
on the other) uses `across(...)`. Commands and claims themselves stay unaware
of hosts: placing is a tag (`Command.host`) that the executor of a multi-host
run (executors/multihost.py) uses to pick the machine. Single-host scenarios never
see any of this.
"""

from __future__ import annotations

from netsh.claims.base import Claim, Verdict
from netsh.command import Command
from netsh.i18n import concat


class Placed(Claim):
    """A claim whose probes run on given hosts: the i-th probe on hosts[i] (the last one repeats).
    Everything else is the wrapped claim's: its judgement, whether it stops the run, whether
    it may run beside others, and its parts in an exported script (placed the same way)."""

    claim: Claim
    hosts: tuple[str, ...]

    def _host(self, i: int) -> str:
        return self.hosts[min(i, len(self.hosts) - 1)]

    def probes(self) -> tuple[Command, ...]:
        return tuple(p.on(self._host(i)) for i, p in enumerate(self.claim.probes()))

    def judge(self, results) -> Verdict:
        return self.claim.judge(results)

    @property
    def stops_run(self) -> bool:
        return self.claim.stops_run

    @property
    def independent(self) -> bool:
        return self.claim.independent

    @property
    def script_expects_success(self) -> bool | None:
        return self.claim.script_expects_success

    def parts(self) -> tuple[Claim | Command, ...]:
        """The wrapped claim's parts, each on the host of the probes it stands for."""
        parts, at = [], 0
        for part in self.claim.parts():
            if isinstance(part, Command):
                parts.append(part.on(self._host(at)))
                at += 1
            else:
                hosts = tuple(self._host(at + k) for k in range(len(part.probes())))
                parts.append(Placed(text=part.text, why_not=part.why_not, outdated=part.outdated,
                                    claim=part, hosts=hosts))
                at += len(hosts)
        return tuple(parts)


def _placed(claim: Claim, hosts: tuple[str, ...], label: str) -> Placed:
    return Placed(text=concat(f"{label}: ", claim.text), why_not=claim.why_not, outdated=claim.outdated,
                  claim=claim, hosts=hosts)


def on(host: str, items):
    """Commands and claims, placed on `host` (a list in, a list out)."""
    return [item.on(host) if isinstance(item, Command) else _placed(item, (host,), host) for item in items]


def across(claim: Claim, *hosts: str) -> Placed:
    """A claim whose i-th probe runs on the i-th host."""
    return _placed(claim, tuple(hosts), "↔".join(dict.fromkeys(hosts)))
