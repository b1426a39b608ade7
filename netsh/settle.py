"""Cleanup means done: wait for what the kernel removes after `ip netns del` returns.

Deleting a namespace only drops its name; the kernel tears it down later, and
only once nothing holds it (a process still inside, an open file). A veth whose
other end lived there stays on the host until then. So before an undo deletes a
namespace, netsh notes the devices here tied to it (`link_netnsid` in `ip -j
link`); after the undos it waits, bounded, until those devices are gone, and
says what still lingers. (Every process netsh starts carries a parent-death
signal, so none of them outlives netsh to hold a namespace: executors/base.py.)
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass

from netsh.command import Command, cmd
from netsh.errors import EnvironmentProblem

BOUND = 10.0  # seconds: teardown takes milliseconds, about a second under load
POLL = 0.05


def deleted_netns(undo: Command) -> str | None:
    """The namespace an undo deletes (`ip netns del NAME`), if it deletes one."""
    a = undo.args
    return a[3] if len(a) == 4 and a[:2] == ("ip", "netns") and a[2] in ("del", "delete") else None


@dataclass(frozen=True)
class Doomed:
    host: str | None  # the machine of a multi-host run
    ifindex: int
    name: str
    netns: str        # the deleted namespace its peer lived in


def _json(executor, command: Command) -> list:
    """A read's JSON; nothing where it cannot be read (a dropped connection: the undo
    itself reports that, and `netsh cleanup --target` waits later)."""
    try:
        r = executor.run(command)
    except EnvironmentProblem:
        return []
    try:
        return json.loads(r.stdout) if r.ok and r.stdout.strip() else []
    except ValueError:
        return []


def _links(executor, host: str | None) -> list[dict]:
    command = cmd("ip", "-j", "link", "show")
    return _json(executor, command.on(host) if host else command)


class Teardown:
    """Notes devices doomed by namespace deletions; `wait` returns what still lingers."""

    def __init__(self, executor):
        self.ex = executor
        self.doomed: list[Doomed] = []

    def note(self, undos) -> None:
        """Call before running these undos: two reads per machine, however many namespaces."""
        by_host: dict[str | None, list[str]] = {}
        for undo in undos:
            if (name := deleted_netns(undo)) is not None:
                by_host.setdefault(undo.host, []).append(name)
        for host, names in by_host.items():
            command = cmd("ip", "-j", "netns", "list")
            ids = {n["id"]: n.get("name") for n in _json(self.ex, command.on(host) if host else command)
                   if n.get("name") in names and "id" in n}
            if ids:
                self.doomed += [Doomed(host, link["ifindex"], link["ifname"], ids[link["link_netnsid"]])
                                for link in _links(self.ex, host) if link.get("link_netnsid") in ids]

    def wait(self, bound: float = BOUND) -> list[str]:
        """Wait until every doomed device is gone; what is left after `bound` seconds, said plainly."""
        deadline = time.monotonic() + bound
        left = self.doomed
        while left:
            here = {(host, link.get("ifindex"), link.get("ifname"))
                    for host in {d.host for d in left} for link in _links(self.ex, host)}
            left = [d for d in left if (d.host, d.ifindex, d.name) in here]
            if not left or time.monotonic() > deadline:
                break
            time.sleep(POLL)
        self.doomed = []
        return [f"{d.name} is still here {bound:.0f} s after its peer's namespace {d.netns} was deleted: "
                "something still holds that namespace (a process inside it, or an open file)" for d in left]


def absent_before(executor, commands, undos) -> list[bool]:
    """For each change with an undo (None: none), whether what it creates (`Command.creates`)
    does not exist yet: then whatever has those names after the change was made by this
    run, and its undo is safe even if netsh is killed before it learns the result.
    One read per place (namespace, machine) for the whole group."""
    reads: dict[tuple, set[str]] = {}

    def names(kind: str, netns: str | None, host: str | None) -> set[str]:
        place = (kind, netns if kind == "link" else None, host)
        if place not in reads:
            read = cmd("ip", "-j", "link", "show", netns=netns) if kind == "link" else cmd("ip", "-j", "netns", "list")
            reads[place] = {d.get("ifname" if kind == "link" else "name") for d in
                            _json(executor, read.on(host) if host else read)}
        return reads[place]

    return [undo is not None and bool(c.creates) and all(m.kind in ("link", "netns") for m in c.creates)
            and all(made.name not in names(made.kind, c.netns, c.host) for made in c.creates)
            for c, undo in zip(commands, undos)]
