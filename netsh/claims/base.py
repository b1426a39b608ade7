"""The claim base class and its verdict."""

from __future__ import annotations

import dataclasses
import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from netsh.command import Command

if TYPE_CHECKING:
    from netsh.kernel import Outdated
    from netsh.why.evidence import Evidence


class State(str, enum.Enum):
    held = "held"
    not_held = "not_held"
    undecidable = "undecidable"  # ran, but nothing here can tell (e.g. a flag no tool reports)
    not_run = "not_run"          # never checked (a dry run)


STATE_OF = {True: State.held, False: State.not_held, None: State.undecidable}


@dataclass(frozen=True)
class Verdict:
    held: bool | None  # None: no decision (see `state`: undecidable or not run)
    observed: str
    why: str = ""      # filled when a claim did not hold and the reason is known
    outdated: str = ""  # filled when the tutorial's statement is out of date on this kernel
    table: tuple[tuple[str, ...], ...] = ()  # evidence laid out as rows (first row: headings)
    state: State | None = None  # derived from `held` unless given (not_run must be given)
    evidence: Evidence | None = None  # where a probe's packets went and stopped (netsh/why)

    def __post_init__(self):
        if self.state is None:
            object.__setattr__(self, "state", STATE_OF[self.held])

    @classmethod
    def not_run(cls, observed: str = "not checked (dry run)") -> Verdict:
        return cls(None, observed, state=State.not_run)

    def with_evidence(self, evidence: Evidence | None) -> Verdict:
        return self if evidence is None else dataclasses.replace(self, evidence=evidence)


@dataclass(frozen=True, kw_only=True)
class Claim:
    """Every subclass is made a frozen, keyword-only dataclass by `__init_subclass__`
    (`LinkIs(text=..., name=...)`): an author cannot forget it, and a positional value
    cannot land in the wrong field and probe the wrong thing."""

    text: str = ""  # what the tutorial says; a claim nested in another (a counter's ping) needs none
    why_not: str = ""  # the likely reason if it does not hold here
    outdated: Outdated | None = None  # the tutorial's statement no longer holds from some kernel on
    id: str = ""  # a stable name independent of `text`; "" derives one (netsh/claims/ids.py)
    # True: if this does not hold, nothing after it can run here (the runner stops, exit 3).
    stops_run: ClassVar[bool] = False
    # True: its probes only observe and need no order (pings), so the runner may
    # run them side by side with those of its neighbours that say the same.
    independent: ClassVar[bool] = False
    # How many times the runner may ask `recheck` for further probes before judging.
    rechecks: ClassVar[int] = 0

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        dataclass(frozen=True, kw_only=True)(cls)
        # Frozen through Claim's own __setattr__ (below), not a copy in each class: an
        # author's own `@dataclass(frozen=True)` on top then works as it always did.
        del cls.__setattr__, cls.__delattr__

    def probes(self) -> tuple[Command, ...]:
        raise NotImplementedError

    def parts(self) -> tuple[Claim | Command, ...]:
        """What the probes are made of, in probe order: commands, and inner claims whose
        probes sit there (a counter's ping). netsh/why finds the pings to watch in it;
        hosts.Placed places each part on its host."""
        return self.probes()

    def recheck(self, results) -> tuple[Command, ...]:
        """Probes to run again before judging, given every result so far (a probe
        that may lose a packet under load); () when nothing needs it."""
        return ()

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


def _frozen(self, name, value):
    raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_del(self, name):
    raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")


# Every claim is a value: no attribute of any claim kind can be set after it is made
# (the dataclass-made __setattr__ would guard only Claim's own fields in a subclass).
Claim.__setattr__, Claim.__delattr__ = _frozen, _frozen_del
