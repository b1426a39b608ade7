"""Running `netsh check`: scenarios, each in its own sandbox, on this machine or on
many hosts at once (a classroom of student VMs, a rack of test servers).

Returns data only; `netsh/cli/check.py` prints it and picks the exit code.
On this machine, up to `jobs` scenarios run at once, each in its own sandbox:
sandboxes share nothing, and a scenario spends most of its time waiting (pings,
a bridge's ageing), not computing. On many hosts, each host gets its own worker
thread; on a host the scenarios run one after the other, each in a fresh sandbox
there. A host that cannot be reached (or fails half way) is reported in its
result and never holds up the others.
"""

from __future__ import annotations

import io
import queue
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from netsh.errors import NetshError
from netsh.events import ClaimChecked

MAX_PARALLEL = 16  # hosts checked at the same time; each costs a few ssh processes here
JOBS = 4  # scenarios checked at the same time on this machine (`netsh check --jobs`)

Show = Callable[[str], None]  # progress text, for a progress bar


@dataclass
class ScenarioResult:
    name: str
    claims: list[ClaimChecked] = field(default_factory=list)
    error: str | None = None  # why the run stopped before its end

    @property
    def held(self) -> bool:
        return self.error is None and all(c.verdict.held is not False for c in self.claims)


@dataclass
class HostResult:
    target: str
    facts: dict = field(default_factory=dict)
    results: list[ScenarioResult] = field(default_factory=list)
    error: str | None = None  # the host could not be reached or used at all

    @property
    def held(self) -> bool:
        return self.error is None and all(r.held for r in self.results)


def run_one(sc, show: Show, target: str = "sandbox", ssh_config: str | None = None,
            explain: bool = False) -> ScenarioResult:
    """One scenario in its own sandbox, quietly; claims are collected as they are judged."""
    from rich.console import Console

    from netsh.session import Session, SessionOptions

    result = ScenarioResult(sc.name)

    def collect(event):
        if isinstance(event, ClaimChecked):
            result.claims.append(event)
            show(f"{sc.name}: {len(result.claims)} claims checked")

    show(f"{sc.name}: starting")
    session = Session(sc, target, Console(file=io.StringIO()),
                      SessionOptions(quiet=True, listeners=(collect,), ssh_config=ssh_config,
                                     explain=explain))
    try:
        outcome = session.run()
        result.error = str(outcome.error) if outcome.error else None
    except NetshError as exc:  # this scenario cannot run here; the others still may
        result.error = str(exc)
    return result


def check_here(scenarios: list, show: Show, done: Callable[[], None] = lambda: None, explain: bool = False,
               jobs: int = JOBS) -> tuple[dict, list[ScenarioResult]]:
    """Every scenario in a sandbox of this machine, `jobs` at a time: (kernel and tool facts,
    results in the order given). `done` is called after each scenario; `explain`: evidence
    for held reachability claims too."""
    from netsh.executors.sandbox import SandboxExecutor

    with SandboxExecutor() as probe:
        facts = probe.facts()
    return facts, _at_once(lambda sc: run_one(sc, show, explain=explain), scenarios, jobs, done)


def _at_once(work: Callable, items: list, jobs: int, done: Callable[[], None]) -> list:
    """work(item) for every item, `jobs` at a time, results in order. The workers are daemon
    threads: a Ctrl-C (or SIGTERM) in the main thread ends netsh at once instead of waiting
    for running sandboxes, which the kernel removes with netsh, their holders being tied to it
    by a parent-death signal."""
    todo: queue.SimpleQueue = queue.SimpleQueue()
    for i in range(len(items)):
        todo.put(i)
    finished: queue.SimpleQueue = queue.SimpleQueue()
    results: list = [None] * len(items)

    def worker() -> None:
        while True:
            try:
                i = todo.get_nowait()
            except queue.Empty:
                return
            try:
                results[i] = (work(items[i]), None)
            except BaseException as exc:  # re-raised in the main thread, like a sequential run's
                results[i] = (None, exc)
            finished.put(i)

    for _ in range(max(1, min(jobs, len(items)))):
        threading.Thread(target=worker, daemon=True).start()
    for _ in items:
        finished.get()
        done()
    for _, exc in results:
        if exc is not None:
            raise exc
    return [value for value, _ in results]


def check_host(target: str, scenarios: list, ssh_config: str | None, show: Show) -> HostResult:
    """Every scenario on one remote host, each in a fresh sandbox there."""
    from netsh.executors.ssh import SshExecutor

    host = HostResult(target)
    show("connecting")
    try:
        with SshExecutor(target, ssh_config, on_host=True) as ex:  # reachable? which kernel and tools?
            host.facts = ex.facts()
    except NetshError as exc:
        host.error = exc.message
        show(f"[red]✗[/] {exc.message}")
        return host
    for sc in scenarios:
        host.results.append(run_one(sc, show, target=target, ssh_config=ssh_config))
    show("[green]done[/]" if host.held else "[red]done, not all held[/]")
    return host


def check_hosts(targets: list[str], scenarios: list, ssh_config: str | None,
                show: Callable[[str, str], None]) -> list[HostResult]:
    """Every scenario on every host at once; `show(target, text)` reports progress.
    Targets must be distinct and valid (`executors.ssh.parse_target`)."""
    def one(target: str) -> HostResult:
        return check_host(target, scenarios, ssh_config, lambda text: show(target, text))

    with ThreadPoolExecutor(max_workers=min(MAX_PARALLEL, len(targets))) as pool:
        return list(pool.map(one, targets))
