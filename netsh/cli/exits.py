"""Outcomes -> exit codes, in one place (a public contract, see `cli/app.py`).

Errors carry their own code (`netsh/errors.py`); these map what a finished
run or check found.
"""

from __future__ import annotations

HELD, NOT_HELD, CANNOT = 0, 1, 3


def for_outcome(outcome) -> int:
    """`run` and `record`: the stopping error's code, else 1 if a claim did not hold, else 0."""
    if outcome.error is not None:
        return getattr(outcome.error, "exit_code", NOT_HELD)
    return NOT_HELD if outcome.failed_claims else HELD


def for_results(results) -> int:
    """`check` on this machine: 0 if every scenario held to its end, else 1."""
    return HELD if all(r.held for r in results) else NOT_HELD


def for_hosts(hosts) -> int:
    """`check --target`: 1 if a claim did not hold on a host that was reached,
    else 3 if a host could not be reached, else 0."""
    reached = [h for h in hosts if h.error is None]
    if not all(h.held for h in reached):
        return NOT_HELD
    return CANNOT if len(reached) < len(hosts) else HELD
