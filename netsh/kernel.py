"""Kernel and iproute2 facts: version parsing, and tutorial statements that newer
kernels no longer bear out.

A leaf module (it imports nothing of netsh), so commands, claims, the runner and
`netsh doctor` can all read it.

A claim or an expected failure can carry an `Outdated`: the tutorial's
statement stays the claim, and the data says from which kernel on the opposite
is the documented behaviour. The runner passes such a verdict through `Outdated.review`:
a kernel that behaves as documented-modern counts as held, and the verdict says
plainly that the tutorial is out of date, with the kernel version.
"""

from __future__ import annotations

import platform
import re
from dataclasses import dataclass, replace


def kernel_version(release: str | None = None) -> tuple[int, int]:
    """(major, minor) of a kernel release such as "6.18.4-fc"; (0, 0) when unreadable."""
    m = re.match(r"(\d+)\.(\d+)", release or platform.release())
    return (int(m.group(1)), int(m.group(2))) if m else (0, 0)


def iproute2_version(text: str) -> tuple[int, int]:
    """(major, minor) from `ip -V` output; (0, 0) when unreadable."""
    m = re.search(r"iproute2-(?:ss)?v?(\d+)\.(\d+)", text)
    return (int(m.group(1)), int(m.group(2))) if m else (0, 0)


@dataclass(frozen=True)
class Outdated:
    since: str  # first kernel release where the tutorial's statement stopped holding, "3.16"
    now: str    # what kernels from `since` on do instead, in a few words

    def applies(self, kernel: str) -> bool | None:
        """Whether `kernel` is at least `since`; None when the release is unreadable."""
        found = kernel_version(kernel or "unknown")
        return None if found == (0, 0) else found >= kernel_version(self.since)

    def review(self, verdict, kernel: str):
        """The claim's Verdict as judged against `kernel` (a Verdict, changed with `replace`)."""
        if verdict.held is None:
            return verdict
        modern = self.applies(kernel)
        if modern is None:
            return replace(verdict, held=None, why="", outdated="", table=(),
                           observed=f"{verdict.observed} (kernel version {kernel!r} unreadable: cannot tell "
                                    f"whether the tutorial or Linux >= {self.since} applies)")
        if not modern:
            return verdict  # an older kernel: the tutorial's statement must hold as written
        if verdict.held:
            return replace(verdict, held=False, outdated="", table=(),
                           why=f"the tutorial's statement held, but on Linux >= {self.since} {self.now}")
        note = f"{self.now} since Linux {self.since}; this is Linux {kernel}"
        return replace(verdict, held=True, state=None, why="", outdated=note,
                       observed=f"{verdict.observed} — the tutorial is out of date here: {note}")
