"""What a lesson page shows, as plain values built from a captured run:
steps with their commands, outputs, claims and pictures, the stamp, the
recording's step times. The templates only lay these out."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

from netsh.render.page.capture import Capture, StepLog
from netsh.render.page.pictures import Picture

# A verdict's state: its symbol and its word (colour is never the only carrier).
STATES = {"held": ("✓", "held"), "not_held": ("✗", "not held"), "undecidable": ("?", "undecidable"),
          "not_run": ("–", "not run")}
LONG_OUTPUT = 25  # lines: longer outputs are folded (still in the page, one click away)


@dataclass(frozen=True)
class ClaimView:
    id: str
    step: int
    text: str
    state: str            # a key of STATES
    observed: str
    why: str
    outdated: str
    table: tuple[tuple[str, ...], ...]
    hops: tuple[str, ...] = ()      # where its packets went (netsh/why), one hop a line
    stopped: str = ""               # the hop where they stopped
    sources: tuple[str, ...] = ()   # what said so: "nft trace", "ip route get", ...

    @property
    def mark(self) -> str:
        return STATES[self.state][0]

    @property
    def word(self) -> str:
        return STATES[self.state][1]


@dataclass(frozen=True)
class CommandView:
    display: str
    output: str
    failed: int | None    # an exit code nobody expected
    long: bool


@dataclass(frozen=True)
class StepView:
    index: int
    title: str
    narration: str
    commands: tuple[CommandView, ...]
    claims: tuple[ClaimView, ...]
    picture: Picture | None
    time: float | None    # the step's marker in the recording
    ran: bool             # False: a stopped run never reached it


def state_of(verdict) -> str:
    """held / not_held / undecidable / not_run: the verdict's own state."""
    return verdict.state.value


def claim_view(event, k: int) -> ClaimView:
    v, ev = event.verdict, event.verdict.evidence
    return ClaimView(event.claim_id or f"step-{event.index}-claim-{k}", event.index, event.text, state_of(v),
                     v.observed, (ev.reason if ev else "") or v.why, v.outdated, tuple(tuple(r) for r in v.table),
                     hops=tuple(str(h) for h in ev.hops) if ev else (),
                     stopped=str(ev.stopped) if ev and ev.stopped else "", sources=ev.sources if ev else ())


def command_view(result) -> CommandView:
    text = (result.stdout + ("\n" if result.stdout and result.stderr else "") + result.stderr).rstrip()
    failed = result.exit_code if result.ran and not result.ok and result.command.fails is None else None
    return CommandView(result.command.display, text, failed, text.count("\n") >= LONG_OUTPUT)


def step_view(log: StepLog, picture: Picture | None, time_: float | None, ran: bool = True) -> StepView:
    return StepView(log.index, log.step.title, log.step.narration,
                    tuple(command_view(r) for r in log.commands if r.ran),
                    tuple(claim_view(c, k) for k, c in enumerate(log.claims, 1)), picture, time_, ran)


def stamp(cap: Capture) -> dict:
    """Where and when it held: versions, the date (SOURCE_DATE_EPOCH pins it), netsh's version, counts."""
    from netsh import __version__

    when = int(os.environ.get("SOURCE_DATE_EPOCH") or time.time())
    return {"facts": {k: cap.facts.get(k, "unknown") for k in ("kernel", "iproute2", "iptables", "ethtool")},
            "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(when)), "netsh": __version__,
            "counts": cap.counts, "error": str(cap.outcome.error) if cap.outcome.error else ""}


def steps(cap: Capture, pictures: dict[int, Picture], times: dict[int, float]) -> tuple[StepView, ...]:
    """Every step of the scenario; those a stopped run never reached keep their title and narration."""
    logged = {log.index: log for log in cap.steps if not log.setup}
    out = []
    for index, step in enumerate(cap.scenario.plan, 1):
        log = logged.get(index)
        shown = log or StepLog(index, step, False)
        out.append(step_view(shown, pictures.get(index), times.get(index), ran=log is not None))
    return tuple(out)
