"""Reachability at scale: every source reaches every address of a range (fping).

Under load a reply can be lost (a full socket buffer, a dropped frame) without
the path being broken. Pairs that got no reply are probed again, only those and
at most RECHECKS times, before the claim is judged; a pair that is really cut
off stays silent every time and the claim fails. The verdict says how many
pairs needed a second probe.
"""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from netsh.claims.base import Claim
from netsh.tools.fping import sweep, targets

SHOWN = 5  # unanswered pairs named in the verdict; the report has them all
RECHECKS = 2  # further probes of the silent pairs; a lost packet is rarely lost three times


class ReachesRange(Claim):
    """Each of `sources` (namespaces, or None for the host) gets a reply from every
    address `first`..`last`. One fping per source; the sources run side by side."""

    sources: tuple[str | None, ...]
    first: str
    last: str
    count: int  # addresses each source pings, for the verdict
    independent: ClassVar[bool] = True
    rechecks: ClassVar[int] = RECHECKS

    def probes(self):
        return tuple(sweep(self.first, self.last, netns=src) for src in self.sources)

    def recheck(self, results):
        """fping again, from each source, only the addresses still silent."""
        silent, broken = tally(self.sources, results)
        if broken:
            return ()
        return tuple(targets(addrs, netns=src) for src, addrs in silent.items() if addrs)

    def judge(self, results):
        silent, broken = tally(self.sources, results)
        total = len(self.sources) * self.count
        if broken:
            return self.verdict(False, f"fping could not run: {'; '.join(broken[:SHOWN])}")
        retried = sum(len(first_silent(r)) for r in results[:len(self.sources)])
        missed = [f"{src or 'host'} → {addr}" for src, addrs in silent.items() for addr in addrs]
        rechecked = len(results) > len(self.sources)  # silent pairs were probed again
        again = f"; {retried} needed a retry, probed again up to {self.rechecks} times" if rechecked else ""
        if missed:
            more = f" and {len(missed) - SHOWN} more" if len(missed) > SHOWN else ""
            verdict = self.verdict(False, f"{len(missed)} of {total} pairs got no reply: "
                                          f"{', '.join(missed[:SHOWN])}{more}{again}")
        else:
            verdict = self.verdict(True, f"all {total} pairs replied ({len(self.sources)} "
                                         f"source{'s' if len(self.sources) > 1 else ''} × {self.count} "
                                         f"addresses){again}")
        # The numbers as a table when pairs were probed again; the one line says it all otherwise.
        return replace(verdict, table=tally_table(total, retried, len(missed))) if rechecked else verdict

    def sample(self, results):
        """One pair as a ping netsh/why can watch: the first one still unanswered after the
        rechecks (the first pair if all replied)."""
        from netsh.claims.reach import Reaches

        for src, silent in tally(self.sources, results)[0].items():
            if silent:
                return Reaches(text=f"{src or 'host'} reaches {silent[0]}", src=src, target=silent[0])
        return Reaches(text=f"{self.sources[0] or 'host'} reaches {self.first}", src=self.sources[0],
                       target=self.first) if self.sources else None

    @property
    def script_expects_success(self):
        return True


def first_silent(result) -> list[str]:
    return result.stdout.split() if result.exit_code == 1 else []


def tally(sources, results) -> tuple[dict, list[str]]:
    """What is still silent per source after every round so far, and the probes that
    could not run at all. `results`: the first round (one per source), then rechecks
    (each an fping of one source's silent addresses, in the order of `recheck`)."""
    silent: dict = {}
    broken = []
    for i, r in enumerate(results):
        src = sources[i] if i < len(sources) else r.command.netns
        if r.exit_code == 0 or (r.exit_code == 1 and r.stdout.split()):
            silent[src] = r.stdout.split() if r.exit_code == 1 else []
        else:
            broken.append(f"{src or 'host'}: {(r.stderr or r.stdout).strip() or f'fping exit {r.exit_code}'}")
    return silent, broken


def tally_table(total: int, retried: int, missed: int) -> tuple[tuple[str, ...], ...]:
    """The evidence in numbers: pairs, how many needed a retry, how many never replied."""
    return (("pairs", "replied at once", "needed a retry", "never replied"),
            (str(total), str(total - retried), str(retried), str(missed)))
