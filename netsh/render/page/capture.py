"""One real run of a scenario, kept whole for a lesson page: every event, the
sandbox's state before the first step and after each one, the versions.

The page is made from this afterwards, as many times as it has languages:
the run happens once, its outputs and verdicts are the same in every text.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from netsh.events import ClaimChecked, CommandRan, Outcome, StepStarted, Undone
from netsh.state.snapshot import Snapshot


@dataclass
class StepLog:
    index: int
    step: object                 # netsh.step.Step
    setup: bool
    commands: list = field(default_factory=list)   # Result, in order
    claims: list[ClaimChecked] = field(default_factory=list)


@dataclass
class Capture:
    scenario: object             # the Scenario value that ran
    target: str
    facts: dict
    outcome: Outcome
    events: list
    steps: list[StepLog]
    undone: list                 # Result of each undo, in order
    baseline: Snapshot | None    # the sandbox after its setup, before step 1
    after: dict[int, Snapshot]   # step index -> state after it

    @property
    def counts(self) -> dict[str, int]:
        held = [c.verdict.held for c in self.outcome.claims]
        return {"held": held.count(True), "not_held": held.count(False), "unknown": held.count(None),
                "total": len(held)}


class _Log:
    """A run listener keeping the events, grouped by step."""

    def __init__(self, progress):
        self.events: list = []
        self.steps: list[StepLog] = []
        self.undone: list = []
        self.progress = progress

    def __call__(self, event) -> None:
        self.events.append(event)
        if isinstance(event, StepStarted):
            self.steps.append(StepLog(event.index, event.step, event.setup))
            self.progress(event)
        elif isinstance(event, CommandRan):
            self.steps[-1].commands.append(event.result)
        elif isinstance(event, ClaimChecked):
            self.steps[-1].claims.append(event)
        elif isinstance(event, Undone):
            self.undone.append(event.result)


def capture(sc, target: str = "sandbox", progress=lambda event: None) -> Capture:
    """Run `sc` once at `target`, quietly, keeping what a page needs."""
    from rich.console import Console

    from netsh.render.state import StateWatch
    from netsh.session import Session, SessionOptions

    log = _Log(progress)
    watches: list[StateWatch] = []

    def watch(executor):
        watches.append(StateWatch(executor, None))
        return watches

    quiet = Console(file=io.StringIO(), width=100)
    # explain: held reachability claims show their evidence on the page too
    session = Session(sc, target, quiet, SessionOptions(quiet=True, listeners=(log,), watch=watch, explain=True))
    outcome = session.run()
    w = watches[0] if watches else None
    return Capture(sc, target, session.facts, outcome, log.events, log.steps, log.undone,
                   w.baseline if w else None, w.after if w else {})
