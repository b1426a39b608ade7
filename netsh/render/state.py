"""Sandbox state on screen: a rich tree (`netsh state`, the end of `run --keep`)
and the per-step diff listener (`run --diff`)."""

from __future__ import annotations

import time

from rich.console import Console
from rich.markup import escape
from rich.padding import Padding
from rich.tree import Tree

from netsh.events import StepFinished, StepStarted
from netsh.state.diff import diff
from netsh.state.snapshot import HOST_NAME, Snapshot, collect, peer_of


def tree(snap: Snapshot) -> Tree:
    root = Tree(f"[bold]{escape(snap.where or 'network state')}[/]")
    for ns in snap.namespaces:
        node = root.add(f"[bold cyan]{escape(ns.name)}[/]" + (" [dim](where commands start)[/]"
                                                               if ns.name == HOST_NAME else ""))
        links = node.add("links")
        for i in ns.ifaces:
            state = "[green]up[/]" if i.up else "[red]down[/]"
            text = f"[bold]{escape(i.name)}[/] {i.kind or 'device'} {state}"
            if i.addrs:
                text += f" {escape(' '.join(i.addrs))}"
            if i.master:
                text += f" [dim]port of[/] {escape(i.master)}"
            peer = peer_of(snap, ns, i)
            if peer is not None:
                where = "" if peer[0] is ns else f" in {escape(peer[0].name)}"
                text += f" [dim]⇄[/] {escape(peer[1].name)}{where}"
            if i.kind == "bridge":
                ports = [p.name for p in ns.ifaces if p.master == i.name]
                text += f" [dim]ports:[/] {escape(', '.join(ports) or 'none')}"
            links.add(text)
        _leaf(node, "routes", [r.describe() for r in ns.routes])
        _leaf(node, "neighbours", [f"{n.dst} dev {n.dev} lladdr {n.lladdr}" for n in ns.neighbours])
        _leaf(node, "fdb (learned)", [f"{f.mac} dev {f.dev} master {f.master}" for f in ns.fdb])
        _leaf(node, "sysctls", [f"{k} = {v}" for k, v in ns.sysctls if v != "0" or k == "ip_forward"])
        if ns.name == HOST_NAME and snap.forward_policy:
            node.add(f"iptables FORWARD policy {escape(snap.forward_policy)}")
    return root


def _leaf(node: Tree, label: str, lines: list[str]) -> None:
    if lines:
        branch = node.add(label)
        for line in lines:
            branch.add(escape(line))


def print_state(console: Console, executor, where: str = "") -> None:
    console.print(tree(collect(executor, where or _where(executor))))


def _where(executor) -> str:
    holder = getattr(executor, "holder", None)
    return f"sandbox (holder pid {holder.pid})" if holder else executor.target


class StateWatch:
    """A run listener: after each scenario step, snapshot and print what changed.

    The baseline is taken when the first scenario step starts (after the
    sandbox's setup), so the diffs show only what the scenario did. `costs`
    keeps each snapshot's seconds (scripts/bench-snapshot.py measures the same).
    Without a console it prints nothing and only keeps the snapshots: `baseline`
    and `after[step index]` (a lesson page draws them).
    """

    def __init__(self, executor, console: Console | None):
        self.ex = executor
        self.console = console
        self.last: Snapshot | None = None
        self.baseline: Snapshot | None = None
        self.after: dict[int, Snapshot] = {}
        self.costs: list[float] = []

    def _snapshot(self) -> Snapshot:
        start = time.monotonic()
        snap = collect(self.ex)
        self.costs.append(time.monotonic() - start)
        return snap

    def __call__(self, event) -> None:
        if isinstance(event, StepStarted) and not event.setup and self.last is None:
            self.last = self.baseline = self._snapshot()
        elif isinstance(event, StepFinished) and not event.setup and self.last is not None:
            snap = self.after[event.index] = self._snapshot()
            lines = diff(self.last, snap)
            if lines and self.console is not None:
                self.console.print(Padding("\n".join(escape(ln) for ln in lines), (0, 0, 0, 4)),
                                   style="magenta", highlight=False)
            self.last = snap
