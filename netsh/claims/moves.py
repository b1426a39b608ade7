"""Which device kinds stayed where they were made, after a move was tried on
each: the tutorial's list against this kernel, as one table."""

from __future__ import annotations

from dataclasses import dataclass

from netsh.claims.base import Claim, Verdict
from netsh.command import cmd
from netsh.kernel import Outdated
from netsh.tools import ip


@dataclass(frozen=True)
class Mover:
    kind: str                       # "bridge", "loopback", ...
    dev: str
    home: str | None                # the namespace it was made in (HOST: the host)
    target: str                     # the namespace the move tried to put it in
    tutorial_local: bool            # the tutorial says it cannot move
    outdated: Outdated | None = None  # from this kernel on, the tutorial is wrong about it

    @property
    def label(self) -> str:
        return f"{self.kind} ({self.dev})"


class NetnsLocalKinds(Claim):
    """Each device is still at home exactly when this kernel keeps its kind netns-local."""

    movers: tuple[Mover, ...]

    def probes(self):
        return (cmd("uname", "-r"),
                *(ip.link_json(m.dev, m.home) for m in self.movers))

    def judge(self, results):
        kernel = results[0].stdout.strip()
        table = [("device", "the tutorial says", f"on Linux {kernel}", "")]
        local, movable, late = [], [], []
        all_held = True
        for n, m in enumerate(self.movers):
            # Still at home means it stayed (the target may have a device of that name: every
            # namespace has its own lo).
            stayed = results[1 + n].exit_code == 0
            expected = m.tutorial_local and not (m.outdated and m.outdated.applies(kernel))
            held = stayed == expected
            all_held &= held
            note = ""
            if m.outdated and stayed != m.tutorial_local:
                note = f" (the tutorial is out of date since Linux {m.outdated.since})"
                late.append(m.kind)
            (local if stayed else movable).append(m.kind)
            where = "stays: netns-local" if stayed else f"moved into {m.target}"
            table.append((m.label, "netns-local" if m.tutorial_local else "movable",
                          where + note, "✓" if held else "✗"))
        observed = (f"on Linux {kernel}, netns-local: {', '.join(local) or 'none'}; "
                    f"movable: {', '.join(movable) or 'none'}")
        if late:
            observed += f"; the tutorial's list is out of date for {', '.join(late)}"
        return Verdict(all_held, observed, "" if all_held else self.why_not, table=tuple(table))

