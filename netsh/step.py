"""A step of a scenario: narration, the commands it runs, the claims it makes."""

from __future__ import annotations

from dataclasses import dataclass

from netsh.claims import Claim
from netsh.command import Command
from netsh.errors import UsageError
from netsh.i18n import squash_all


@dataclass(frozen=True)
class Step:
    title: str
    narration: str = ""
    commands: tuple[Command, ...] = ()
    claims: tuple[Claim, ...] = ()
    # True: its commands for different namespaces do not depend on each other, so
    # where nothing needs journaling the runner may run those groups side by side.
    parallel: bool = False


def step(title: str, narration: str = "", commands=(), claims=(), parallel: bool = False) -> Step:
    """A step; `title` and `narration` may be `netsh.i18n.tr(...)` texts with translations."""
    for claim in claims:
        if not claim.text:
            raise UsageError(f"a {type(claim).__name__} claim of step {title!r} has no text",
                             "Say what the tutorial claims: text=... (only a claim nested in another "
                             "claim goes without).")
    return Step(title, squash_all(narration), tuple(commands), tuple(claims), parallel)
