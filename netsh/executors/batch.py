"""Consecutive `ip` commands for one place, run through one `ip -batch -` process.

Forking one `ip` per command costs more than the kernel work it asks for (a few
ms against tens of µs), so runs of `ip` commands for the same namespace go to
one process: `ip -batch -` on the host, `ip -n NS -batch -` in a namespace.
Every command still gets its own Result.

Attribution is exact: after each line the batch runs a marker (`link show dev
lo`, a read that always succeeds), so the markers in stdout count the lines that
succeeded and separate their output. The batch runs without `-force`: it stops
at the first failing line, which is the one after the last marker (ip also says
"Command failed -:LINE", but not when a parse error makes it exit at once). The
results come back up to and including that line; the runner decides whether to
go on, so its journal and undo semantics are those of running one by one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from netsh.command import Command, Result

# Words ip's batch tokenizer reads back as themselves: no quotes, blanks, '#' or '\'.
# Matched against the args joined by NUL: one regex call per command, not per word.
PLAIN = re.compile(r"[A-Za-z0-9_.:/@+=,%-]+(?:\0[A-Za-z0-9_.:/@+=,%-]+)*")
# Verbs that change state and print nothing when they succeed: a read such as
# `ip link show` stays out of batches, so its output never mixes with the markers.
CHANGES = frozenset({"add", "del", "delete", "set", "replace", "change"})
MARKER = ("link", "show", "dev", "lo")
MARKER_LINE = re.compile(r"^\d+: lo: ")
FAILED_LINE = re.compile(r"^Command failed -:\d+$", re.M)


def batchable(c: Command) -> bool:
    """An `ip` change with no global options, no stdin, no display override, no capture."""
    return (len(c.args) > 2 and c.args[0] == "ip" and c.args[2] in CHANGES
            and c.stdin is None and c.shell is None and c.grep is None
            and (c.undo is None or c.undo.capture is None)
            and PLAIN.fullmatch("\0".join(c.args[1:])) is not None)


def place(c: Command) -> tuple:
    return (c.host, c.netns)


def by_place(commands: Sequence[Command]) -> list[tuple[Command, ...]] | None:
    """The commands cut where their place changes; None if a place comes back later
    (its commands could then not run in one lane, in order)."""
    lanes: list[tuple[Command, ...]] = []
    start = 0
    for i in range(1, len(commands) + 1):
        if i == len(commands) or place(commands[i]) != place(commands[start]):
            lanes.append(tuple(commands[start:i]))
            start = i
    places = [place(lane[0]) for lane in lanes]
    return lanes if len(set(places)) == len(places) else None


def leading_run(pending: Sequence[Command]) -> tuple[Command, ...]:
    """The commands that one batch can take from the front of `pending` (at least one)."""
    first = pending[0]
    if not batchable(first):
        return (first,)
    end = 1
    while end < len(pending) and batchable(pending[end]) and place(pending[end]) == place(first):
        end += 1
    return tuple(pending[:end])


def batch_command(run: Sequence[Command]) -> Command:
    """One `ip -batch -` for a run of commands of one place, a marker after each line."""
    first = run[0]
    lines = "".join(f"{' '.join(c.args[1:])}\n{' '.join(MARKER)}\n" for c in run)
    argv = ("ip", "-batch", "-") if first.netns is None else ("ip", "-n", first.netns, "-batch", "-")
    return Command(argv, stdin=lines, host=first.host)


def split(run: Sequence[Command], batch) -> list:
    """One Result per command that ran: those before the first failure, and the failure."""
    if not batch.ran:
        return [Result(c, None) for c in run]
    outputs, current = [], []
    lines = batch.stdout.splitlines(keepends=True)
    i = 0
    while i < len(lines):
        if MARKER_LINE.match(lines[i]):
            outputs.append("".join(current))
            current = []
            i += 2  # the marker prints two lines: the link, then its link/loopback
            continue
        current.append(lines[i])
        i += 1
    share = batch.duration / max(1, min(len(run), len(outputs) + 1))
    results = [Result(c, 0, out, "", share) for c, out in zip(run, outputs)]
    stderr = FAILED_LINE.sub("", batch.stderr).strip("\n")
    if len(outputs) < len(run):
        code = batch.exit_code or 1
        results.append(Result(run[len(outputs)], code, "".join(current), stderr + "\n" if stderr else "", share))
    elif stderr and results:  # a warning from a line that succeeded: keep it, on the last line
        last = results[-1]
        results[-1] = Result(last.command, 0, last.stdout, stderr + "\n", share)
    return results


def run_batch(executor, run: Sequence[Command]) -> list:
    """Run `run` (one place, all batchable) in one process; results as `split` gives them."""
    if len(run) == 1:
        return [executor.run(run[0])]
    return split(run, executor.run(batch_command(run)))
