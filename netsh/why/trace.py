"""nftables tracing of a probe's packets, in a table netsh owns.

For each namespace the packets may cross, `nft monitor` starts first; then a
table of netsh's own (`inet netsh_trace_<run>`) sets `meta nftrace set 1` on the
probes' ICMP echo packets, matched by their ICMP ids only, in prerouting and
output at a priority before everything else. Every base chain the packet then
meets reports its rule or policy and verdict. The monitor prints the table's
own `add table` line, so netsh knows it listens before the first ping; the
`delete table` line, after the ping, says every trace event has been read.

The table is never a lesson command: it is not in the transcript, the report's
commands, exports, `--diff` or `state`. On the host it is journaled with its
undo first. netsh only ever adds and deletes this one table, by its own name.
Works rootless (inside the sandbox's user namespace).
"""

from __future__ import annotations

import os
import random
import re
import threading
from dataclasses import dataclass

from netsh import faults
from netsh.command import Command, Creates, Undo, cmd
from netsh.why.observe import label

PRIORITY = -350  # before conntrack (-200) and iptables' raw table (-300): every later hook is traced
READY_TIMEOUT = 2.0  # seconds to wait for a monitor to show a line
SYNC_WAITS = (0.03, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8)  # seconds, between signs asked of late monitors
LINE = re.compile(r"^trace id (\S+) (\S+) (\S+) (\S+) (.*)$")


def table_name() -> str:
    """Unique to this run, so a table of that name is always netsh's own."""
    return f"netsh_trace_{os.getpid()}_{random.randrange(1 << 16):04x}"


def new_icmp_id() -> int:
    return random.randrange(1024, 65535)


def add_table(name: str, ids: list[int], netns: str | None) -> Command:
    match = f"icmp type {{ echo-request, echo-reply }} icmp id {{ {', '.join(map(str, ids))} }} meta nftrace set 1"
    rules = (f"table inet {name} {{\n"
             f"  chain pre {{ type filter hook prerouting priority {PRIORITY}; {match}; }}\n"
             f"  chain out {{ type filter hook output priority {PRIORITY}; {match}; }}\n}}\n")
    return cmd("nft", "-f", "-", netns=netns, stdin=rules, creates=(Creates("nft table", f"inet {name}"),),
               undo=Undo(delete_table(name, netns)))


def delete_table(name: str, netns: str | None) -> Command:
    return cmd("nft", "delete", "table", "inet", name, netns=netns)


def monitor(netns: str | None) -> Command:
    # Started by Executor.start, whose tether kills it with netsh (even by kill -9): a
    # monitor left behind would keep its namespace alive.
    return cmd("nft", "monitor", netns=netns)


@dataclass(frozen=True)
class TraceLine:
    """One line of `nft monitor trace` output."""

    trace: str      # the kernel's id of one packet's trip through one namespace's hooks
    family: str     # ip, inet, bridge, ...
    table: str
    chain: str
    what: str       # "packet", "rule", "policy", "verdict"
    verdict: str    # accept, drop, continue, ... ("" for packet lines)
    text: str

    @property
    def icmp_id(self) -> int | None:
        m = re.search(r"icmp id (\d+)", self.text)
        return int(m.group(1)) if m else None

    @property
    def bridged(self) -> bool:
        """A frame the bridge handed to iptables (br_netfilter): in iif and out oif of one bridge,
        or with its ethernet header in an ip-family hook."""
        m = re.search(r'iif "([^"]+)" oif "([^"]+)"', self.text)
        return bool(m and m.group(1) == m.group(2))

    def device(self, which: str = "iif") -> str:
        m = re.search(rf'{which} "([^"]+)"', self.text)
        return m.group(1) if m else ""


def packet_of(lines, ns: str, line: TraceLine) -> TraceLine | None:
    """The packet line of `line`'s trip through `ns` (what the packet was), among (namespace, line) pairs."""
    return next((p for n, p in lines if n == ns and p.trace == line.trace and p.what == "packet"), None)


def parse(text: str, table: str = "") -> list[TraceLine]:
    """The trace lines of `nft monitor` output, our own table's lines left out."""
    out = []
    for raw in text.splitlines():
        m = LINE.match(raw.strip())
        if not m:
            continue
        trace, family, tbl, chain, rest = m.groups()
        if tbl == table:
            continue
        what = rest.split()[0].rstrip(":") if rest else ""
        verdict = ""
        v = re.search(r"\(verdict (\w+)", rest)
        if v:
            verdict = v.group(1)
        elif what in ("policy", "verdict"):
            verdict = rest.split()[1] if len(rest.split()) > 1 else ""
        out.append(TraceLine(trace, family, tbl, chain, what, verdict, rest.strip()))
    return out


class Monitor:
    """`nft monitor` in one namespace, read line by line by a thread."""

    def __init__(self, executor, netns: str | None):
        self.netns = netns
        self.proc = executor.start(monitor(netns))
        self.lines: list[str] = []
        self.ended = False
        self.changed = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in iter(self.proc.stdout.readline, b""):
            with self.changed:
                self.lines.append(line.decode(errors="replace"))
                self.changed.notify_all()
        with self.changed:
            self.ended = True
            self.changed.notify_all()

    def wait_for(self, needle: str, timeout: float = READY_TIMEOUT) -> bool:
        """Wait until a line contains `needle`; False at the timeout or the end of the output."""
        with self.changed:
            self.changed.wait_for(lambda: self.ended or any(needle in line for line in self.lines), timeout)
            return any(needle in line for line in self.lines)

    def text(self) -> str:
        with self.changed:
            return "".join(self.lines)

    def stop(self) -> str:
        try:
            self.proc.kill()
        except ProcessLookupError:
            pass
        self.proc.wait()
        return self.text()


class Tracer:
    """Tracing in several namespaces at once, for one group of probes."""

    def __init__(self, executor, names: list[str | None], ids: list[int], journal=None):
        self.ex = executor
        self.names = names
        self.ids = ids
        self.journal = journal  # on the host: the table's undo is on disk before the table exists
        self.table = table_name()
        self.monitors: list[Monitor] = []
        self.added: list[str | None] = []

    def listen(self) -> Tracer:
        """Start the monitors (they subscribe while the caller does something else)."""
        try:
            self.monitors = [Monitor(self.ex, ns) for ns in self.names]
        except Exception:  # no nft here after all: start() says so
            self.monitors = []
        return self

    def start(self) -> bool:
        """Add the table everywhere, once every monitor listens; False (and nothing left behind)
        if that cannot be done."""
        try:
            if len(self.monitors) != len(self.names):
                raise OSError("nft monitor did not start")
            adds = [add_table(self.table, self.ids, ns) for ns in self.names]
            # The host's table is journaled first (--on-host); namespaces the run made vanish with it.
            seq = self.journal.before(adds[0].undo.command, idempotent=True) if self.journal else 0
            results = self.ex.side_by_side(self.ex.run, adds)
            if seq:
                self.journal.after(seq, results[0].ok)
            self.added = [ns for ns, r in zip(self.names, results) if r.ok]
            if len(self.added) == len(self.names) and self._listening():
                faults.at("trace")
                return True
        except Exception:  # no nft, no nf_tables, no permission: counters only
            pass
        for ns in self.added:
            self.ex.run(delete_table(self.table, ns))
        self.added = []
        for m in self.monitors:
            m.stop()
        return False

    def _listening(self) -> bool:
        """Whether every monitor shows a change to our table. A monitor may subscribe only after the
        table was added: then an empty chain added to our table is its sign (tried a few times)."""
        needle = f"inet {self.table}"
        for attempt, wait in enumerate(SYNC_WAITS):
            late = [m for m in self.monitors if not m.wait_for(needle, wait)]
            if not late:
                return True
            self.ex.side_by_side(self.ex.run, [cmd("nft", "add", "chain", "inet", self.table, f"sync{attempt}",
                                                   netns=m.netns) for m in late])
        return False

    def lines(self, ours: bool = False) -> tuple[tuple[str, TraceLine], ...]:
        """The trace lines read so far, with their namespace; `ours`: our own table's too (its
        chains see every traced packet arrive, even where no other table has a chain)."""
        return tuple((label(m.netns), line) for m in self.monitors
                     for line in parse(m.text(), "" if ours else self.table))

    def stop(self) -> tuple[tuple[str, TraceLine], ...]:
        """Delete the table, read every monitor up to that deletion, and return the trace lines."""
        # A table already gone (a namespace deleted meanwhile) is as good as deleted.
        self.ex.side_by_side(lambda ns: self.ex.run(delete_table(self.table, ns)), self.added)
        needle = f"delete table inet {self.table}"
        out = []
        for m in self.monitors:
            m.wait_for(needle, timeout=0.5)
            out += [(label(m.netns), line) for line in parse(m.stop(), self.table)]
        return tuple(out)
