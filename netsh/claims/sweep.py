"""Reachability at scale: every source reaches every address of a range (fping)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from netsh.claims.base import Claim
from netsh.tools.fping import sweep

SHOWN = 5  # unanswered pairs named in the verdict; the report has them all


@dataclass(frozen=True, kw_only=True)
class ReachesRange(Claim):
    """Each of `sources` (namespaces, or None for the host) gets a reply from every
    address `first`..`last`. One fping per source; the sources run side by side."""

    sources: tuple[str | None, ...]
    first: str
    last: str
    count: int  # addresses in the range, for the verdict
    independent: ClassVar[bool] = True

    def probes(self):
        return tuple(sweep(self.first, self.last, netns=src) for src in self.sources)

    def judge(self, results):
        missed, broken = [], []
        for src, r in zip(self.sources, results):
            where = src or "host"
            if r.exit_code == 0:
                continue
            silent = r.stdout.split()
            if r.exit_code == 1 and silent:
                missed += [f"{where} → {addr}" for addr in silent]
            else:
                broken.append(f"{where}: {(r.stderr or r.stdout).strip() or f'fping exit {r.exit_code}'}")
        total = len(self.sources) * self.count
        if broken:
            return self.verdict(False, f"fping could not run: {'; '.join(broken[:SHOWN])}")
        if missed:
            more = f" and {len(missed) - SHOWN} more" if len(missed) > SHOWN else ""
            return self.verdict(False, f"{len(missed)} of {total} pairs got no reply: "
                                       f"{', '.join(missed[:SHOWN])}{more}")
        return self.verdict(True, f"all {total} pairs replied ({len(self.sources)} "
                                  f"source{'s' if len(self.sources) > 1 else ''} × {self.count} addresses)")

    def sample(self, results):
        """One pair as a ping netsh/why can watch: the first unanswered one (the first pair if all replied)."""
        from netsh.claims.reach import Reaches

        for src, r in zip(self.sources, results):
            silent = r.stdout.split() if r.exit_code == 1 else []
            if silent:
                return Reaches(text=f"{src or 'host'} reaches {silent[0]}", src=src, target=silent[0])
        return Reaches(text=f"{self.sources[0] or 'host'} reaches {self.first}", src=self.sources[0],
                       target=self.first) if self.sources else None

    @property
    def script_expects_success(self):
        return True
