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

    def probes(self) -> tuple[Command, ...]:
        raise NotImplementedError

    def judge(self, results) -> Verdict:
        raise NotImplementedError

    def verdict(self, held: bool, observed: str) -> Verdict:
        return Verdict(held, observed, "" if held else self.why_not)

    def unreadable(self, results, missing: str = "") -> Verdict | None:
        """Not held, with what the first failed read printed (else `missing`); None when every read worked."""
        failed = next((r for r in results if r.exit_code != 0), None)
        return None if failed is None else self.verdict(False, failed.stderr.strip() or missing)

    @property
    def script_expects_success(self) -> bool | None:
        """For exported scripts: the probes' exit status that means 'held', for a claim
        kind with no script check of its own (netsh/render/script_checks.py)."""
        return None
