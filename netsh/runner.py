"""Steps -> executor -> events. The one place where a scenario turns into action.

Before each change on a place that keeps changes (the host), the undo is written
to the journal; at the end, on error, on Ctrl-C or SIGTERM, the undos run in
reverse. Commands inside namespaces this run created need no undo: deleting the
namespace takes them with it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from netsh import faults, interrupts
from netsh.claims import Verdict
from netsh.command import Command, cmd
from netsh.errors import CommandFailed, ConnectionLost, EnvironmentProblem
from netsh.events import ClaimChecked, CommandRan, CommandStarted, Outcome, StepFinished, StepStarted, Undone
from netsh.executors.base import Executor, Result
from netsh.journal import Journal
from netsh.tools.ip import GONE

Listener = Callable[[object], None]


class Runner:
    def __init__(self, executor: Executor, listener: Listener, journal: Journal | None = None):
        self.ex = executor
        self.emit = listener
        self.journal = journal
        self.undos: list[Command] = []
        self.created_ns: set[tuple[str | None, str]] = set()  # (host, name)
        self.outcome = Outcome()

    def run(self, scenario) -> Outcome:
        try:
            for step in self.ex.setup_steps():
                faults.boundary(0)
                self._step(0, step, setup=True)
            index = 0
            for index, step in enumerate(scenario.steps(), 1):
                faults.boundary(index)
                self._step(index, step)
            faults.boundary(index + 1)
        except (CommandFailed, ConnectionLost) as exc:  # reported in the outcome, then undone
            self.outcome.error = exc
        finally:
            self._undo_all()
        return self.outcome

    def _step(self, index: int, step, setup: bool = False) -> None:
        self.emit(StepStarted(index, step, setup))
        for command in step.commands:
            self.emit(CommandStarted(index, command))
            result = self._change(command) if command.changes else self.ex.run(command)
            if command.grep is not None:
                kept = [ln for ln in result.stdout.splitlines() if command.grep in ln]
                result = Result(command, result.exit_code, "\n".join(kept), result.stderr, result.duration)
            self.emit(CommandRan(index, result))
            if command.fails is not None:
                verdict = self._review(self._judge_failure(command, result), command.fails.outdated)
                self._claim(index, f"`{command.display}` fails", verdict, (result,))
            elif result.ran and not result.ok:
                if setup:
                    raise EnvironmentProblem(f"could not prepare the sandbox host: `{command.display}`: "
                                             f"{result.stderr.strip()}", "Run `netsh doctor`.")
                raise CommandFailed(result, self.ex.target)
        for claim in step.claims:
            results = tuple(self.ex.run(p) for p in claim.probes())
            verdict = self._review(claim.judge(results), claim.outdated) if self.ex.live \
                else Verdict(None, "not checked (dry run)")
            self._claim(index, claim.text, verdict, results)
            if verdict.held is False and claim.stops_run:
                raise EnvironmentProblem(f"cannot go on here: {verdict.observed}", f"To go on, {verdict.why}.")
        self.emit(StepFinished(index, step, setup))

    def _claim(self, index, text, verdict, results) -> None:
        event = ClaimChecked(index, text, verdict, results)
        self.outcome.claims.append(event)
        self.emit(event)

    def _review(self, verdict: Verdict, outdated) -> Verdict:
        """A tutorial statement known to be outdated is judged against this kernel's release."""
        return verdict if outdated is None else outdated.review(verdict, self.kernel)

    @functools.cached_property
    def kernel(self) -> str:
        return self.ex.run(cmd("uname", "-r")).stdout.strip()

    def _judge_failure(self, command: Command, result: Result) -> Verdict:
        if not result.ran:
            return Verdict(None, "not checked (dry run)")
        output = (result.stderr + result.stdout).strip()
        if result.ok:
            return Verdict(False, "it succeeded", "this kernel allows what the tutorial says it refuses")
        label = command.fails.match(output)
        if label is None:
            return Verdict(False, f"failed with an unexpected message: {output}",
                           "the failure has a cause other than the one the tutorial describes")
        return Verdict(True, f"refused with the wording of {label}: {output}")

    def _change(self, command: Command) -> Result:
        """Run a changing command, journaling its undo first where changes persist."""
        inside_ours = command.netns is not None and (command.host, command.netns) in self.created_ns
        if not self.ex.restores or inside_ours:
            return self._track(command, self.ex.run(command))
        undo_spec = command.undo
        captured = None
        if undo_spec.capture is not None:
            captured = self.ex.run(undo_spec.capture).stdout
        undo = undo_spec.resolve(captured)
        # An interruption between the change and its record would lose the undo.
        with interrupts.deferred():
            seq = self.journal.before(undo, idempotent=undo_spec.capture is not None) if self.journal else 0
            result = self.ex.run(command)
            if self.journal:
                self.journal.after(seq, result.ok)
            if result.ok:
                self.undos.append(undo)
            return self._track(command, result)

    def _track(self, command: Command, result: Result) -> Result:
        if result.ok and command.args[:3] == ("ip", "netns", "add"):
            self.created_ns.add((command.host, command.args[3]))
        return result

    def _undo_all(self) -> None:
        # Ctrl-C or SIGTERM during the undo must not leave it half done.
        with interrupts.deferred():
            all_ok = True
            for undo in reversed(self.undos):
                result = run_undo(self.ex, undo)
                all_ok = all_ok and result.ok
                self.emit(Undone(result))
            self.undos.clear()
            if self.journal:
                # Keep the journal if anything could not be undone: `netsh cleanup` retries.
                self.journal.discard() if all_ok else self.journal.close()


def run_undo(executor: Executor, undo: Command) -> Result:
    """Run one undo; a thing already gone counts as undone."""
    try:
        result = executor.run(undo)
    except ConnectionLost as exc:  # the journal is kept: `netsh cleanup --target` retries
        return Result(undo, 255, "", exc.message)
    if not result.ok and any(g in result.stderr for g in GONE):
        return Result(undo, 0, result.stdout, "", result.duration)
    return result
