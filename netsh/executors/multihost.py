"""The executor of a multi-host scenario: one executor per host, picked by `Command.host`.

With targets, each host is an SSH target (the hosts' real networks carry the
tunnel, so this needs --on-host). With none, each host is a local sandbox and
the two are joined by a veth "wire" standing in for the network between them.
"""

from __future__ import annotations

import contextlib

from netsh.command import Command, Result, cmd
from netsh.errors import EnvironmentProblem, UsageError
from netsh.executors.base import Executor
from netsh.step import step
from netsh.tools import ip

# The local wire's addresses (TEST-NET-2; only inside the sandboxes), in host order.
LAB_UPLINK = "eth0"
LAB_ADDRS = ("198.51.100.1/24", "198.51.100.2/24")


class MultiHostExecutor(Executor):
    def __init__(self, executors: dict, wired: bool, names: dict | None = None):
        self.hosts = executors  # name -> executor, in the scenario's order
        self.wired = wired      # local sandboxes: the setup joins them with a wire
        self.names = names or {}  # name -> the namespace names made there (locked there)
        first = next(iter(executors.values()))
        self.live = first.live
        self.restores = first.restores
        self.local = all(ex.local for ex in executors.values())
        self.target = ", ".join(f"{name}={ex.target}" for name, ex in executors.items())

    def _for(self, command: Command) -> Executor:
        return self.hosts[command.host] if command.host else next(iter(self.hosts.values()))

    def run(self, command: Command) -> Result:
        return self._for(command).run(command)

    def start(self, command: Command, stderr: bool = False):
        return self._for(command).start(command, stderr)

    def missing(self, names: list[str]) -> list[str]:
        return sorted({name for ex in self.hosts.values() for name in ex.missing(names)})

    def facts(self) -> dict:
        each = {name: ex.facts() for name, ex in self.hosts.items()}
        return {**next(iter(each.values())), "hosts": each}

    def setup_steps(self):
        if not self.wired:
            return ()
        (a, _), (b, eb) = self.hosts.items()
        return (step(
            "Two hosts and the network between them",
            f"""Each host is a sandbox of its own. A veth pair stands in for the network
            between them: one end is {a}'s uplink {LAB_UPLINK}, the other, moved straight
            into {b}'s namespace (named by its holder's PID), is {b}'s.""",
            [*(c.on(a) for c in (ip.link_up("lo"),
                                 cmd("ip", "link", "add", LAB_UPLINK, "type", "veth", "peer", "name", LAB_UPLINK,
                                     "netns", str(eb.holder.pid)),
                                 ip.addr_add(LAB_ADDRS[0], LAB_UPLINK), ip.link_up(LAB_UPLINK))),
             *(c.on(b) for c in (ip.link_up("lo"), ip.addr_add(LAB_ADDRS[1], LAB_UPLINK),
                                 ip.link_up(LAB_UPLINK)))]),)

    def journal(self, namespaces: list[str]) -> MultiHostJournal:
        # Each host locks only the names made on it: two hosts may share a filesystem.
        return MultiHostJournal({name: ex.journal(self.names.get(name, namespaces))
                             for name, ex in self.hosts.items()})

    def close(self) -> None:
        for ex in self.hosts.values():
            ex.close()


class MultiHostJournal:
    """Each host's changes go to that host's own journal (for `netsh cleanup --target`)."""

    def __init__(self, journals: dict):
        self.journals = journals

    def before(self, undo: Command, idempotent: bool):
        return undo.host, self.journals[undo.host].before(undo, idempotent)

    def after(self, seq, ok: bool) -> None:
        host, n = seq
        self.journals[host].after(n, ok)

    def close(self) -> None:
        for j in self.journals.values():
            j.close()

    def discard(self) -> None:
        for j in self.journals.values():
            j.discard()


def _in_user_namespaces() -> bool:
    """Local sandboxes here get user namespaces (not root, or root without network privileges)."""
    from netsh.doctor import Here
    from netsh.privileges import privileges

    return privileges(Here()).userns


def for_hosts(scenario, targets: list[str], on_host: bool = False,
              ssh_config: str | None = None) -> MultiHostExecutor:
    """One executor per host: the targets in order, or local sandboxes joined by a wire."""
    hosts = scenario.hosts
    from netsh.executors import for_target

    if targets and len(targets) != len(hosts):
        raise UsageError(f"this scenario runs on {len(hosts)} hosts ({', '.join(hosts)}); "
                         f"{len(targets)} --target given",
                         "Give one --target per host, in that order, or none to use local sandboxes.")
    if targets and not on_host:
        raise UsageError("a multi-host scenario needs the hosts' own network, not a sandbox there",
                         "Add --on-host (everything is undone at the end), or give no --target "
                         "to run every host as a local sandbox.")
    if not targets and on_host:
        raise UsageError("--on-host with a multi-host scenario needs one --target per host",
                         "Without targets, the hosts are local sandboxes.")
    if not targets and len(hosts) != 2:
        raise EnvironmentProblem("local sandboxes can stand in for two hosts only",
                                 "Give one --target per host.")
    if not targets and _in_user_namespaces():
        # Each such sandbox has its own user namespace, and neither may put
        # a device into the other's network namespace.
        raise EnvironmentProblem("two local sandboxes can be wired together only as root with "
                                 "CAP_NET_ADMIN and CAP_SYS_ADMIN (`netsh doctor` shows what is missing)",
                                 "Run as such a root, or give one --target per host (with --on-host).")
    with contextlib.ExitStack() as stack:
        executors = {h: stack.enter_context(for_target(t, on_host=on_host, ssh_config=ssh_config))
                     for h, t in zip(hosts, targets or ["sandbox"] * len(hosts))}
        stack.pop_all()
    return MultiHostExecutor(executors, wired=not targets, names=namespaces_by_host(scenario))


def namespaces_by_host(scenario) -> dict[str, list[str]]:
    """The namespace names each host's commands make (each host locks its own)."""
    return {h: [name for s in scenario.plan for c in s.commands if c.host == h for name in c.created("netns")]
            for h in scenario.hosts}
