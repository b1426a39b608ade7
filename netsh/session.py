"""One run of one scenario at one target: locks, journal, executor, listeners.

The CLI's `run` and `check` both go through here, so a sandboxed run and an
on-host run differ only in the executor and the journal.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from netsh import params as P
from netsh.errors import EnvironmentProblem, UsageError
from netsh.events import Outcome
from netsh.executors import for_target
from netsh.journal import Journal, Lock, host_journal_path, pending_undos
from netsh.paths import netns_cookie, netns_id
from netsh.render.report import Report
from netsh.render.transcript import Transcript
from netsh.runner import Runner


ANNOUNCED = 30  # changes listed before an on-host run; `netsh show` has them all


class Session:
    def __init__(self, scenario, target: str, console: Console, quiet: bool = False, keep: bool = False,
                 lang: str = "en", on_host: bool = False, ssh_config: str | None = None, targets=(),
                 pacer=None, diff: bool = False, listeners=(), batch: bool | None = None,
                 report_full: bool = False):
        self.sc = scenario
        self.report_full = report_full  # the report keeps every command, even thousands
        self.target = target
        self.on_host = on_host        # with an ssh:// target: that host itself, not a sandbox there
        self.ssh_config = ssh_config  # ssh -F FILE
        self.targets = targets        # a multi-host scenario's hosts, in order (none: local sandboxes)
        self.console = console
        self.quiet = quiet
        self.keep = keep
        self.lang = lang
        self.pacer = pacer          # render/demo.py: pauses before steps, types commands
        self.diff = diff            # print what each step changed (render/state.py)
        self.listeners = listeners  # more event consumers (e.g. a recording's step markers)
        # One `ip -batch` per run of ip commands (executors/batch.py): the scenario's
        # choice unless said otherwise; a paced demo shows commands one at a time.
        self.batch = batch if batch is not None else scenario.batched and pacer is None

    def namespaces(self) -> list[str]:
        return [getattr(self.sc.p, f.name) for f in P.fields(type(self.sc.p)) if P.field_type(f) is P.NsName]

    def _locks(self, stack: contextlib.ExitStack) -> Journal | None:
        """On the host: one run per network namespace and per namespace name."""
        if self.target != "host":
            return None
        stack.enter_context(Lock(f"net-{netns_id()}", "this network namespace"))
        for name in self.namespaces():
            stack.enter_context(Lock(f"netns-{name}", f"the namespace name {name!r}"))
        path = host_journal_path()
        if path.exists():
            pending_undos(path)  # a damaged journal says so, rather than being passed over
            raise EnvironmentProblem(f"an earlier on-host run here was interrupted ({path})",
                                     "Run `netsh cleanup` to restore what it changed, then try again.")
        self._announce()
        return Journal(path, owner=netns_cookie())

    def _executor(self):
        if self.sc.hosts and self.target != "dry-run":
            from netsh.executors.hosts import for_hosts
            return for_hosts(self.sc, list(self.targets), on_host=self.on_host, ssh_config=self.ssh_config)
        return for_target(self.target, keep=self.keep, on_host=self.on_host, ssh_config=self.ssh_config)

    def _announce(self, where: str = "here", cleanup: str = "netsh cleanup") -> None:
        if self.quiet:
            return
        changes = [c.display for s in self.sc.plan for c in s.commands if c.changes]
        self.console.print(f"[bold yellow]--on-host:[/] this changes the real network stack {where} "
                           f"({len(changes)} changes, each undone at the end; "
                           f"`{cleanup}` restores them after a crash):")
        for display in changes[:ANNOUNCED]:
            self.console.print(f"  • {escape(display)}", highlight=False)
        if len(changes) > ANNOUNCED:
            self.console.print(f"  … and {len(changes) - ANNOUNCED} more (`netsh show` lists them all)")

    def run(self, report_path: Path | None = None, inspect=None) -> Outcome:
        """Run; `inspect(executor)` is called after the last step, while the sandbox still exists."""
        transcript = Transcript(self.console, quiet=self.quiet, lang=self.lang,
                                typist=self.pacer.typist if self.pacer else None)
        report = Report(full=self.report_full)
        # The report keeps results: collect only when one is asked for (memory at scale).
        listeners = [*self.listeners, transcript, *([report] if report_path is not None else []),
                     *([self.pacer] if self.pacer else [])]

        def listen(event):
            for listener in listeners:
                listener(event)

        if report_path is not None:
            check_writable(report_path)
        with contextlib.ExitStack() as stack:
            journal = self._locks(stack)
            executor = stack.enter_context(self._executor())
            executor.batch = self.batch
            if journal is None and executor.restores:  # a remote host keeps its journal there
                journal = executor.journal(self.namespaces())
                remote = list(self.targets) or [self.target]
                self._announce(f"on {', '.join(remote)}",
                               "netsh cleanup" + "".join(f" --target {t}" for t in remote))
            require_tools(executor, self.sc)
            facts = executor.facts()
            require_json(executor, self.sc, facts)
            transcript.header(self.sc, self.target, facts)
            if self.diff and executor.live and not self.quiet:
                from netsh.render.state import StateWatch
                listeners.append(StateWatch(executor, self.console))
            outcome = Runner(executor, listen, journal).run(self.sc)
            if inspect is not None:
                inspect(executor)
            if self.keep:
                from netsh.render.state import print_state
                print_state(self.console, executor)
                self.console.print(f"[bold]Sandbox kept[/] (holder pid {executor.holder.pid}): "
                                   "explore it with `netsh shell`, remove it with `netsh cleanup`.")
        transcript.summary(outcome, executor.live)
        if report_path is not None:
            report.write(report_path, self.sc, self.target, facts, outcome)
        return outcome


def require_tools(executor, scenario) -> None:
    """Stop before the first command if a tool the scenario uses is missing."""
    from netsh.packages import install_hint

    names = sorted({c.argv()[0] for step in scenario.plan
                    for c in (*step.commands, *(p for claim in step.claims for p in claim.probes()))})
    missing = executor.missing(names)
    if missing:
        raise EnvironmentProblem(f"{scenario.name} needs {', '.join(missing)}, not found here",
                                 f"{install_hint(missing)} (or run ./scripts/netsh, which installs them).")


def require_json(executor, scenario, facts: dict) -> None:
    """Stop before the first command if claims need `ip -j` and this iproute2 cannot do it:
    an old one prints an error and nothing on stdout, which would read as "no such link"."""
    from netsh.command import cmd
    from netsh.state import load

    uses = any(p.argv()[0] in ("ip", "bridge") and "-j" in p.argv() for step in scenario.plan
               for claim in step.claims for p in claim.probes())
    if not uses or not executor.live:
        return
    probe = executor.run(cmd("ip", "-j", "link", "show", "lo"))
    version = facts.get("iproute2", "unknown")
    try:
        ok = probe.ok and bool(load(probe.stdout, "ip"))
    except EnvironmentProblem:
        ok = False
    if not ok:
        said = (probe.stderr or probe.stdout).strip()[:160] or f"exit {probe.exit_code}, no output"
        raise EnvironmentProblem(f"ip ({version}) gives no JSON for `ip -j link show lo`: {said}",
                                 "netsh reads iproute2's JSON output, which needs iproute2 >= 4.15: "
                                 "upgrade iproute2 (`netsh doctor` shows the versions found).")


def check_writable(path: Path) -> None:
    """Fail before the run, not after it, when the report cannot be written."""
    try:
        with open(path, "a", encoding="utf-8"):
            pass
    except OSError as exc:
        raise UsageError(f"cannot write the report to {path}: {exc.strerror}",
                         "Give a path in a folder you can write to.") from None
