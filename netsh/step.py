"""A step of a scenario: narration, the commands it runs, the claims it makes."""

from __future__ import annotations

from dataclasses import dataclass

from netsh.claims import Claim
from netsh.command import Command


@dataclass(frozen=True)
class Step:
    title: str
    narration: str = ""
    commands: tuple[Command, ...] = ()
    claims: tuple[Claim, ...] = ()


def step(title: str, narration: str = "", commands=(), claims=()) -> Step:
    return Step(title, " ".join(narration.split()), tuple(commands), tuple(claims))
