"""What a run reports as it goes. Renderers and the JSON report consume these."""

from __future__ import annotations

from dataclasses import dataclass, field

from netsh.claims import Verdict
from netsh.command import Command, Result
from netsh.step import Step


@dataclass(frozen=True)
class StepStarted:
    index: int        # 0 for the executor's setup step, 1.. for the scenario's
    step: Step
    setup: bool = False


@dataclass(frozen=True)
class CommandStarted:
    """Just before a command runs: a demo types it, a transcript shows it."""

    index: int
    command: Command


@dataclass(frozen=True)
class CommandRan:
    index: int
    result: Result


@dataclass(frozen=True)
class ClaimChecked:
    index: int
    text: str
    verdict: Verdict
    results: tuple[Result, ...] = ()
    claim_id: str = ""  # stable, independent of `text` (netsh/claims/ids.py)

    @property
    def key(self) -> str:
        """What identifies this claim across runs and hosts: its id, else (old callers) its text."""
        return self.claim_id or f"s{self.index}.{self.text}"


@dataclass(frozen=True)
class StepFinished:
    """A step's commands ran and its claims were checked (not sent when it stopped early)."""

    index: int
    step: Step
    setup: bool = False


@dataclass(frozen=True)
class Undone:
    result: Result


@dataclass
class Outcome:
    """The end of a run: what held, what stopped it."""

    claims: list[ClaimChecked] = field(default_factory=list)
    error: BaseException | None = None

    @property
    def failed_claims(self) -> list[ClaimChecked]:
        return [c for c in self.claims if c.verdict.held is False]
