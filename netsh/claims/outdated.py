"""Tutorial statements that newer kernels no longer bear out, as data.

A claim or an expected failure can carry an `Outdated`: the tutorial's
statement stays the claim, and the data says from which kernel on the opposite
is the documented behaviour. The runner passes such a verdict through `Outdated.review`:
a kernel that behaves as documented-modern counts as held, and the verdict says
plainly that the tutorial is out of date, with the kernel version.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from netsh.claims.base import Verdict
from netsh.doctor import kernel_version


@dataclass(frozen=True)
class Outdated:
    since: str  # first kernel release where the tutorial's statement stopped holding, "3.16"
    now: str    # what kernels from `since` on do instead, in a few words

    def applies(self, kernel: str) -> bool | None:
        """Whether `kernel` is at least `since`; None when the release is unreadable."""
        found = kernel_version(kernel or "unknown")
        return None if found == (0, 0) else found >= kernel_version(self.since)

    def review(self, verdict: Verdict, kernel: str) -> Verdict:
        if verdict.held is None:
            return verdict
        modern = self.applies(kernel)
        if modern is None:
            return Verdict(None, f"{verdict.observed} (kernel version {kernel!r} unreadable: cannot tell "
                                 f"whether the tutorial or Linux >= {self.since} applies)")
        if not modern:
            return verdict  # an older kernel: the tutorial's statement must hold as written
        if verdict.held:
            return Verdict(False, verdict.observed,
                           f"the tutorial's statement held, but on Linux >= {self.since} {self.now}")
        note = f"{self.now} since Linux {self.since}; this is Linux {kernel}"
        return replace(verdict, held=True, why="", outdated=note,
                       observed=f"{verdict.observed} — the tutorial is out of date here: {note}")
