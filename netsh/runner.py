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
from netsh.claims.ids import Ids, failure_key, key
from netsh.command import Command, Result, cmd
from netsh.errors import CommandFailed, ConnectionLost, EnvironmentProblem, Lingering, PreconditionFailed
from netsh.events import ClaimChecked, CommandRan, CommandStarted, Outcome, StepFinished, StepStarted, Undone
from netsh.executors.base import Executor
from netsh.executors.batch import by_place
from netsh.i18n import tr
from netsh.journal import Journal
from netsh.settle import Teardown, absent_before
from netsh.tools.ip import GONE
from netsh.why.watch import Watch, subject, traceable

Listener = Callable[[object], None]


class Runner:
    def __init__(self, executor: Executor, listener: Listener, journal: Journal | None = None,
                 explain: bool = False):
        self.ex = executor
        self.explain = explain  # evidence for every reachability claim, not only the negative and failed ones
        self.emit = listener
        self.journal = journal
        self.undos: list[Command] = []
        self.created_ns: set[tuple[str | None, str]] = set()  # (host, name)
        self.outcome = Outcome()
        self.ids = Ids()

    def run(self, scenario) -> Outcome:
        try:
            for step in self.ex.setup_steps():
                faults.boundary(0)
                self._step(0, step, setup=True)
            index = 0
            for index, step in enumerate(scenario.plan, 1):
                faults.boundary(index)
                self._step(index, step)
            faults.boundary(index + 1)
        except (CommandFailed, ConnectionLost, PreconditionFailed) as exc:  # reported in the outcome, then undone
            self.outcome.error = exc
        finally:
            self._undo_all()
        return self.outcome

    def _step(self, index: int, step, setup: bool = False) -> None:
        self.emit(StepStarted(index, step, setup))
        pending = self._side_by_side(index, step, setup) if step.parallel else step.commands
        while pending:
            # The executor may take several commands at once (one `ip -batch`); it
            # stops at the first failure and the rest is handed back next round.
            group = self.ex.next_group(pending)
            if len(group) == 1:
                self.emit(CommandStarted(index, group[0]))
            results = self._run_group(group)
            for command, result in zip(group, results):
                if len(group) > 1:  # a batch: each command is shown with its own result
                    self.emit(CommandStarted(index, command))
                self._command_ran(index, command, result, setup)
            pending = pending[len(results):]
        for group in claim_groups(step.claims):
            watch = self._watch(group, self.explain)
            probes = [watch.probes(claim) for claim in group]
            flat = [p for ps in probes for p in ps]
            with watch:
                ran = iter(watch.run(flat, group[0].independent))
            for claim, ps in zip(group, probes):
                results = self._rechecked(claim, tuple(next(ran) for _ in ps))
                verdict = self._review(claim.judge(results), claim.outdated) if self.ex.live \
                    else Verdict.not_run()
                verdict = verdict.with_evidence(watch.evidence(claim, results)
                                                or self._second_look(claim, verdict, results))
                self._claim(index, claim.text, verdict, results, self.ids(index, key(claim), bool(claim.id)))
                if verdict.held is False and claim.stops_run:
                    raise PreconditionFailed(f"cannot go on here: {verdict.observed}", f"To go on, {verdict.why}.")
        self.emit(StepFinished(index, step, setup))

    def _watch(self, claims, explain: bool) -> Watch:
        owned = {ns for host, ns in self.created_ns if host is None}
        return Watch(self.ex, claims, explain, owned, self.journal if self.ex.restores else None)

    def _second_look(self, claim, verdict: Verdict, results):
        """A reachability claim that failed unwatched: probe it once more, watched, to say why.
        An all-pairs claim is explained by one sampled pair (an unanswered one if any)."""
        sampled = not traceable(claim)
        if not self.ex.live or not (verdict.held is False or (self.explain and sampled)):
            return None
        claim = subject(claim, results)
        if claim is None:
            return None
        watch = self._watch([claim], explain=True)
        probes = watch.probes(claim)
        with watch:
            again = tuple(watch.run(probes, False))
        return watch.evidence(claim, again)

    def _rechecked(self, claim, results: tuple[Result, ...]) -> tuple[Result, ...]:
        """`results` with up to `claim.rechecks` rounds of the probes it asks again."""
        for _ in range(claim.rechecks if self.ex.live else 0):
            again = claim.recheck(results)
            if not again:
                break
            results += tuple(self.ex.run_side_by_side(again) if claim.independent else map(self.ex.run, again))
        return results

    def _side_by_side(self, index: int, step, setup: bool) -> tuple[Command, ...]:
        """Run a parallel step's places (one lane of commands per namespace) side by side
        and report them in order. Returns what is left to run the usual way: all of it
        where that is needed (a change to journal first, an expected failure, a place
        coming back later in the step, a dry run), else nothing.

        A failure stops the run where it is reported; other namespaces' lanes may have
        run by then (they vanish with their namespaces)."""
        lanes = by_place(step.commands)
        if lanes is None or not self.ex.live \
                or any(self._journals(c) or c.fails is not None for c in step.commands):
            return step.commands
        for lane, results in zip(lanes, self.ex.side_by_side(self._lane, lanes)):
            for command, result in zip(lane, results):
                self._track(command, result)
                self.emit(CommandStarted(index, command))
                self._command_ran(index, command, result, setup)  # raises at a failure
        return ()

    def _lane(self, commands: tuple[Command, ...]) -> list[Result]:
        """One place's commands, group after group, up to the first failure."""
        results: list[Result] = []
        while len(results) < len(commands):
            group = self.ex.next_group(commands[len(results):])
            ran = self.ex.run_many(group)
            results += ran
            if len(ran) < len(group) or not ran[-1].ok:
                break
        return results

    def _command_ran(self, index: int, command: Command, result: Result, setup: bool) -> None:
        if command.grep is not None:
            kept = [ln for ln in result.stdout.splitlines() if command.grep in ln]
            result = Result(command, result.exit_code, "\n".join(kept), result.stderr, result.duration)
        self.emit(CommandRan(index, result))
        if command.fails is not None:
            verdict = self._review(self._judge_failure(command, result), command.fails.outdated)
            text = tr(f"`{command.display}` fails", zh=f"`{command.display}` 会失败")
            self._claim(index, text, verdict, (result,), self.ids(index, failure_key(command)))
        elif result.ran and not result.ok:
            if setup:
                raise EnvironmentProblem(f"could not prepare the sandbox host: `{command.display}`: "
                                         f"{result.stderr.strip()}", "Run `netsh doctor`.")
            raise CommandFailed(result, self.ex.target)

    def _claim(self, index, text, verdict, results, claim_id: str) -> None:
        event = ClaimChecked(index, text, verdict, results, claim_id)
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
            return Verdict.not_run()
        output = (result.stderr + result.stdout).strip()
        if result.ok:
            return Verdict(False, "it succeeded", "this kernel allows what the tutorial says it refuses")
        label = command.fails.match(output)
        if label is None:
            return Verdict(False, f"failed with an unexpected message: {output}",
                           "the failure has a cause other than the one the tutorial describes")
        return Verdict(True, f"refused with the wording of {label}: {output}")

    def _run_group(self, group: tuple[Command, ...]) -> list[Result]:
        """Run a group of commands, journaling each change's undo first where changes persist."""
        undos = [self._undo_for(c) for c in group]
        # A create of a name that is still free may be undone even if netsh dies before
        # learning its result (kill -9 mid-change): the name can only be this run's.
        fresh = absent_before(self.ex, group, undos) if self.journal else [False] * len(undos)
        # An interruption between a change and its record would lose the undo.
        with interrupts.deferred():
            seqs = [self.journal.before(undo, idempotent=c.undo.capture is not None or new)
                    if undo is not None and self.journal else 0 for c, undo, new in zip(group, undos, fresh)]
            results = self.ex.run_many(group)
            for undo, seq, result in zip(undos, seqs, results):
                if undo is not None and self.journal:
                    self.journal.after(seq, result.ok)
                if undo is not None and result.ok:
                    self.undos.append(undo)
            for undo, seq in zip(undos[len(results):], seqs[len(results):]):
                if undo is not None and self.journal:
                    self.journal.after(seq, False)  # never ran: the batch stopped before it
        for command, result in zip(group, results):
            self._track(command, result)
        return results

    def _journals(self, command: Command) -> bool:
        """Whether `command`'s undo must be recorded before it runs."""
        inside_ours = command.netns is not None and (command.host, command.netns) in self.created_ns
        return command.changes and self.ex.restores and not inside_ours

    def _undo_for(self, command: Command) -> Command | None:
        """The undo to record before `command` runs, or None where none is needed."""
        if not self._journals(command):
            return None
        spec = command.undo
        return spec.resolve(self.ex.run(spec.capture).stdout if spec.capture is not None else None)

    def _track(self, command: Command, result: Result) -> Result:
        if result.ok:
            self.created_ns.update((command.host, name) for name in command.created("netns"))
        return result

    def _undo_all(self) -> None:
        # Ctrl-C or SIGTERM during the undo must not leave it half done.
        with interrupts.deferred():
            all_ok = True
            pending = self.undos[::-1]
            teardown = Teardown(self.ex) if self.ex.restores and self.undos else None
            while pending:
                group = self.ex.next_group(pending)
                if teardown:
                    teardown.note(group)
                results = run_undos(self.ex, group)
                for result in results:
                    all_ok = all_ok and result.ok
                    self.emit(Undone(result))
                pending = pending[len(results):]
            self.undos.clear()
            lingering = teardown.wait() if teardown else []
            if lingering and self.outcome.error is None:
                self.outcome.error = Lingering(lingering)
            if self.journal:
                # Keep the journal if anything could not be undone: `netsh cleanup` retries.
                self.journal.discard() if all_ok else self.journal.close()


def run_undo(executor: Executor, undo: Command) -> Result:
    """Run one undo; a thing already gone counts as undone."""
    return run_undos(executor, (undo,))[0]


def run_undos(executor: Executor, group: tuple[Command, ...]) -> list[Result]:
    """Run a group of undos up to the first failure; a thing already gone counts as undone."""
    try:
        results = executor.run_many(group)
    except ConnectionLost as exc:  # the journal is kept: `netsh cleanup --target` retries
        return [Result(group[0], 255, "", exc.message)]
    last = results[-1]
    if not last.ok and any(g in last.stderr for g in GONE):
        results[-1] = Result(last.command, 0, last.stdout, "", last.duration)
    return results


def claim_groups(claims):
    """Claims in order, consecutive independent ones (pings) together: their probes may overlap."""
    groups: list[list] = []
    for claim in claims:
        if claim.independent and groups and groups[-1][0].independent:
            groups[-1].append(claim)
        else:
            groups.append([claim])
    return groups
