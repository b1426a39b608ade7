"""The claim base class and its verdict."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from netsh.command import Command

if TYPE_CHECKING:
    from netsh.kernel import Outdated


@dataclass(frozen=True)
class Verdict:
    held: bool | None  # None: not checked (dry run)
    observed: str
    why: str = ""      # filled when a claim did not hold and the reason is known
    outdated: str = ""  # filled when the tutorial's statement is out of date on this kernel
    table: tuple[tuple[str, ...], ...] = ()  # evidence laid out as rows (first row: headings)


@dataclass(frozen=True, kw_only=True)
class Claim:
    """Keyword-only, in every subclass too (`LinkIs(text=..., name=...)`): a
    positional value could land in the wrong field and probe the wrong thing."""

    text: str = ""  # what the tutorial says; a claim nested in another (a counter's ping) needs none
    why_not: str = ""  # the likely reason if it does not hold here
    outdated: Outdated | None = None  # the tutorial's statement no longer holds from some kernel on
    # True: if this does not hold, nothing after it can run here (the runner stops, exit 3).
    stops_run: ClassVar[bool] = False
    # True: its probes only observe and need no order (pings), so the runner may
    # run them side by side with those of its neighbours that say the same.
    independent: ClassVar[bool] = False
    # How many times the runner may ask `recheck` for further probes before judging.
    rechecks: ClassVar[int] = 0

    def probes(self) -> tuple[Command, ...]:
        raise NotImplementedError

    def recheck(self, results) -> tuple[Command, ...]:
        """Probes to run again before judging, given every result so far (a probe
        that may lose a packet under load); () when nothing needs it."""
        return ()

    def judge(self, results) -> Verdict:
        raise NotImplementedError

    def verdict(self, held: bool, observed: str) -> Verdict:
        return Verdict(held, observed, "" if held else self.why_not)

    @property
    def script_expects_success(self) -> bool | None:
        """For exported scripts: the probe's exit status that means 'held'.

        None when the claim needs JSON judging that a script only displays.
        """
        return None

    def script_parts(self) -> tuple[Claim | Command, ...]:
        """For exported scripts, when judging needs netsh: commands the script shows
        and inner claims it checks on their own (a counter's ping), in probe order."""
        return self.probes()
