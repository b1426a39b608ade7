"""Stable claim ids, independent of a claim's English text.

A claim given `id=` keeps it. Otherwise the id is its kind and the fields that
say what it checks, with the step number: `s7.reaches.ns1.192.168.10.11`. Two
claims of one step that would get the same id are told apart by `-2`, `-3`.
Translating a claim's text, or rewording it, never changes its id; JUnit, the
JSON report, `check --json` and the host matrix all key on it.
"""

from __future__ import annotations

import dataclasses
import re

# Fields that describe, rather than identify, what a claim checks.
NOT_IDENTIFYING = frozenset({"text", "why_not", "outdated", "id"})


def kind(claim) -> str:
    """`Reaches` -> `reaches`, `HasAddress` -> `has-address`."""
    return re.sub(r"(?<!^)(?=[A-Z])", "-", type(claim).__name__).lower()


def _part(value) -> str | None:
    """A field as part of an id: plain values only (not nested claims, commands or lists)."""
    if value is None or value is True:
        return None
    if value is False:
        return "not"
    if isinstance(value, (tuple, list, dict, set)) or dataclasses.is_dataclass(value) or callable(value):
        return None
    return re.sub(r"[^A-Za-z0-9_.:/-]+", "_", str(value)).strip("_") or None


def key(claim) -> str:
    """The claim's id without its step: kind and identifying fields."""
    if getattr(claim, "id", ""):
        return claim.id
    parts = [kind(claim)]
    if dataclasses.is_dataclass(claim):
        for f in dataclasses.fields(claim):
            if f.name not in NOT_IDENTIFYING:
                part = _part(getattr(claim, f.name))
                parts += [part] if part else []
    return ".".join(parts)


def failure_key(command) -> str:
    """An expected failure's id: the command it runs."""
    return "fails." + re.sub(r"[^A-Za-z0-9_.:/-]+", "_", " ".join(command.args)).strip("_")


class Ids:
    """Hands out the ids of one run: unique, in the order claims are checked."""

    def __init__(self):
        self.seen: set[str] = set()

    def __call__(self, index: int, base: str, explicit: bool = False) -> str:
        name = base if explicit else f"s{index}.{base}"
        unique, n = name, 1
        while unique in self.seen:
            n += 1
            unique = f"{name}-{n}"
        self.seen.add(unique)
        return unique
