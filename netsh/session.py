"""One run of one scenario at one target: executor, journal, listeners.

The CLI's `run` and `check` both go through here, so a sandboxed run and an
on-host run differ only in the executor and the journal.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from netsh import params as P
from netsh.errors import EnvironmentProblem, UsageError
from netsh.events import Outcome
from netsh.executors import for_target
from netsh.features import require as require_features
from netsh.render.report import Report
from netsh.render.transcript import Transcript
from netsh.runner import Runner


ANNOUNCED = 30  # changes listed before an on-host run; `netsh show` has them all


@dataclass(frozen=True)
class SessionOptions:
    """How a run is made and shown; everything but the scenario, target and console."""

    quiet: bool = False
    keep: bool = False            # leave the sandbox up
    lang: str = "en"
    on_host: bool = False         # with an ssh:// target: that host itself, not a sandbox there
    ssh_config: str | None = None  # ssh -F FILE
    targets: tuple[str, ...] = ()  # a multi-host scenario's hosts, in order (none: local sandboxes)
    pacer: object = None          # render/demo.py: pauses before steps, types commands
    diff: bool = False            # print what each step changed (render/state.py)
    listeners: tuple = ()         # more event consumers (e.g. a recording's step markers)
    batch: bool | None = None     # one `ip -batch` per run of ip commands; None: the scenario's choice
    explain: bool = False         # evidence for held reachability claims too (netsh/why)
    watch: object = None          # executor -> more listeners that read it (e.g. a page's snapshots)
    report_full: bool = False     # the report keeps every command, even thousands


class Session:
    def __init__(self, scenario, target: str, console: Console, options: SessionOptions = SessionOptions()):
        self.sc = scenario
        self.target = target
        self.console = console
        self.options = options
        self.facts: dict = {}       # kernel and tool versions where it ran, once it has
        # One `ip -batch` per run of ip commands (executors/batch.py): the scenario's
        # choice unless said otherwise; a paced demo shows commands one at a time.
        self.batch = options.batch if options.batch is not None else scenario.batched and options.pacer is None

    def namespaces(self) -> list[str]:
        return [getattr(self.sc.p, f.name) for f in P.fields(type(self.sc.p)) if P.field_type(f) is P.NsName]

    def _executor(self):
        o = self.options
        if self.sc.hosts and self.target != "dry-run":
            from netsh.executors.multihost import for_hosts
            return for_hosts(self.sc, list(o.targets), on_host=o.on_host, ssh_config=o.ssh_config)
        return for_target(self.target, keep=o.keep, on_host=o.on_host, ssh_config=o.ssh_config)

    def _journal(self, executor):
        """Where changes persist, the executor locks the names and opens its journal
        (here, or on each remote host); the run is announced once that succeeded."""
        if not executor.restores:
            return None
        journal = executor.journal(self.namespaces())
        if self.target == "host":
            self._announce()
        else:
            remote = list(self.options.targets) or [self.target]
            self._announce(f"on {', '.join(remote)}", "netsh cleanup" + "".join(f" --target {t}" for t in remote))
        return journal

    def _announce(self, where: str = "here", cleanup: str = "netsh cleanup") -> None:
        if self.options.quiet:
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
        o = self.options
        transcript = Transcript(self.console, quiet=o.quiet, lang=o.lang,
                                typist=o.pacer.typist if o.pacer else None, explain=o.explain)
        report = Report(full=o.report_full)
        # The report keeps results: collect only when one is asked for (memory at scale).
        listeners = [*o.listeners, transcript, *([report] if report_path is not None else []),
                     *([o.pacer] if o.pacer else [])]

        def listen(event):
            for listener in listeners:
                listener(event)

        if report_path is not None:
            check_writable(report_path)
        if o.on_host:
            refuse_unknown_undo(self.sc)
        with self._executor() as executor:
            executor.batch = self.batch
            journal = self._journal(executor)
            require_tools(executor, self.sc)
            require_features(executor, self.sc)
            facts = self.facts = executor.facts()
            require_kernel(self.sc, facts)
            require_json(executor, self.sc, facts)
            transcript.header(self.sc, self.target, facts)
            if o.diff and executor.live and not o.quiet:
                from netsh.render.state import StateWatch
                listeners.append(StateWatch(executor, self.console))
            if o.watch is not None:
                listeners.extend(o.watch(executor))
            outcome = Runner(executor, listen, journal, explain=o.explain).run(self.sc)
            if inspect is not None:
                inspect(executor)
            if o.keep:
                from netsh.render.state import print_state
                print_state(self.console, executor)
                self.console.print(f"[bold]Sandbox kept[/] (holder pid {executor.holder.pid}): "
                                   "explore it with `netsh shell`, remove it with `netsh cleanup`.")
        transcript.summary(outcome, executor.live)
        if report_path is not None:
            report.write(report_path, self.sc, self.target, facts, outcome)
        return outcome


def refuse_unknown_undo(scenario) -> None:
    """A lesson's change netsh cannot take back runs in a sandbox, never on a real host."""
    unknown = getattr(scenario, "undo_unknown", ())
    if unknown:
        raise UsageError(f"--on-host: netsh knows no undo for {len(unknown)} change(s) of this lesson, "
                         f"first {unknown[0]}",
                         "Run it in the sandbox (without --on-host), or give each its undo at the end of "
                         "its line: `# undo: COMMAND`.")


def require_tools(executor, scenario) -> None:
    """Stop before the first command if a tool the scenario uses is missing."""
    from netsh.packages import install_hint

    names = sorted({c.argv()[0] for step in scenario.plan
                    for c in (*step.commands, *(p for claim in step.claims for p in claim.probes()))}
                   | set(getattr(scenario, "lesson_tools", ())))  # a lesson's `requires: {tools: [...]}`
    missing = executor.missing(names)
    if missing:
        raise EnvironmentProblem(f"{scenario.name} needs {', '.join(missing)}, not found here",
                                 f"{install_hint(missing)} (or run ./scripts/netsh, which installs them).")


def require_kernel(scenario, facts: dict) -> None:
    """A lesson's `requires: {kernel: ">=X.Y"}`, held against the kernel its commands run on."""
    from netsh.kernel import kernel_version

    wanted, release = getattr(scenario, "lesson_kernel", ""), facts.get("kernel", "")
    have = kernel_version(release or "unknown")
    if wanted and have != (0, 0) and have < kernel_version(wanted.lstrip(">=")):
        raise EnvironmentProblem(f"{scenario.name} needs Linux {wanted}; this is Linux {release}",
                                 "Run it on a machine with a newer kernel (`netsh doctor` shows this one's).")


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
