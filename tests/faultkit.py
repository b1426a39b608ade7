"""Tools for the fault suites: start netsh paused at a step boundary, find its
processes and namespaces, snapshot a network namespace in full, and tally what
was tried (scripts/safety-figures adds the tallies up for README's "Safety")."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import signal
import struct
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from conftest import NETSH
from netsh.faults import MARKER, VARIABLE
from netsh.scenario import available

FIGURES = "NETSH_SAFETY_FIGURES"  # a file: each test appends what it tried, one JSON line each


def tally(**counts: int) -> None:
    """Add figures ("kill_points": 1, "leftovers": 0, ...) to the run's tally file, if any."""
    path = os.environ.get(FIGURES)
    if path:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(counts) + "\n")


def scenario_names() -> list[str]:
    return sorted(available())


def on_host_names() -> list[str]:
    """Scenarios that can run --on-host here: a multi-host one needs an SSH target per host."""
    return [n for n in scenario_names() if not getattr(available()[n], "hosts", ())]


def step_count(name: str) -> int:
    return len(list(available()[name]().steps()))


def boundaries(name: str, sandbox: bool) -> list[int]:
    """Every step boundary: 0 is the sandbox's setup step; n+1 is just before the final undo."""
    return list(range(0 if sandbox else 1, step_count(name) + 2))


# ---- processes -------------------------------------------------------------

def _stat(pid: int) -> list[str] | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


def identity(pid: int) -> tuple[int, str] | None:
    """(pid, start time): survives PID reuse, unlike a bare PID."""
    st = _stat(pid)
    return (pid, st[19]) if st else None


def alive(ident: tuple[int, str]) -> bool:
    """Still running. A zombie is not: it holds no namespace and only waits for
    PID 1 to reap it (which, on this machine's init, can take two seconds)."""
    st = _stat(ident[0])
    return st is not None and st[19] == ident[1] and st[0] != "Z"


def descendants(pid: int) -> list[tuple[int, str]]:
    """Every process below `pid`, found through the ppid field of /proc/*/stat."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (st := _stat(int(entry))):
            parents.setdefault(int(st[1]), []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            if ident := identity(child):
                found.append(ident)
                todo.append(child)
    return found


def children(pid: int) -> list[tuple[int, str]]:
    return [p for p in descendants(pid) if (st := _stat(p[0])) and st[1] == str(pid)]


def comm(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


def wait_gone(idents, timeout: float = 5.0) -> list[tuple[int, str]]:
    """The processes still alive after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while (left := [i for i in idents if alive(i)]) and time.monotonic() < deadline:
        time.sleep(0.02)
    return left


def wait_for_child(pid: int, name: str, timeout: float = 30) -> None:
    """Wait until a process called `name` runs below `pid` (a ping in flight, an undo)."""
    deadline = time.monotonic() + timeout
    while not any(comm(p) == name for p, _ in descendants(pid)):
        assert time.monotonic() < deadline, f"no {name} ever ran below {pid}"
        time.sleep(0.002)


# Each signal, the exit code it must give, and the word of netsh's message.
SIGNALS = {"SIGINT": (signal.SIGINT, 130, "interrupted"), "SIGTERM": (signal.SIGTERM, 143, "terminated")}


# ---- namespaces ------------------------------------------------------------
# A namespace is named by its nsfs inode ("net:[4026532461]"), but a freed inode
# number is soon given to a new namespace, and other runs make namespaces all the
# time. So each one is also identified by NS_GET_ID (Linux >= 6.18: a 64-bit id
# never reused); where that ioctl is missing, an inode match counts as held.

NS_GET_ID = (2 << 30) | (8 << 16) | (0xB7 << 8) | 13  # _IOR(NSIO, 13, __u64)


def ns_id(path: str) -> int | None:
    """The never-reused id of the namespace behind an nsfs path, or None."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return None
    try:
        return struct.unpack("Q", fcntl.ioctl(fd, NS_GET_ID, bytes(8)))[0]
    except OSError:
        return None
    finally:
        os.close(fd)


def ns_inodes_of(pid: int) -> dict[str, int | None]:
    """The holder's network and mount namespaces plus every named one inside it: inode -> id."""
    paths = [f"/proc/{pid}/ns/net", f"/proc/{pid}/ns/mnt"]
    netns_dir = Path(f"/proc/{pid}/root/run/netns")
    paths += [str(f) for f in netns_dir.iterdir()] if netns_dir.is_dir() else []
    out = {}
    for path in paths:
        link = os.readlink(path) if "/ns/" in path else f"net:[{os.stat(path).st_ino}]"
        out[link] = ns_id(path)
    return out


def ns_still_referenced(namespaces: dict[str, int | None], timeout: float = 5.0) -> dict[str, list[str]]:
    """The namespaces among these still held after `timeout` seconds, with their holders."""
    deadline = time.monotonic() + timeout
    while (held := _ns_holders(namespaces)) and time.monotonic() < deadline:
        time.sleep(0.02)
    return held


def _ns_holders(namespaces: dict[str, int | None]) -> dict[str, list[str]]:
    """Who holds these namespaces: a process as its own, a process through an
    open file, or an nsfs mount in the root mount namespace."""
    held: dict[str, list[str]] = {}

    def ours(link: str, path: str) -> bool:
        want = namespaces.get(link, -1)
        return want != -1 and (want is None or ns_id(path) in (want, None))

    for entry in filter(str.isdigit, os.listdir("/proc")):
        for link_dir in (f"/proc/{entry}/ns", f"/proc/{entry}/fd"):
            try:
                names = os.listdir(link_dir)
            except OSError:
                continue
            for n in names:
                try:
                    link = os.readlink(f"{link_dir}/{n}")
                except OSError:
                    continue
                if ours(link, f"{link_dir}/{n}"):
                    held.setdefault(link, []).append(f"{link_dir}/{n} ({comm(int(entry))})")
    for line in Path("/proc/1/mountinfo").read_text().splitlines():
        fields = line.split()
        if len(fields) > 4 and fields[3] in namespaces and ours(fields[3], f"/proc/1/root{fields[4]}"):
            held.setdefault(fields[3], []).append(f"an nsfs mount on {fields[4]}")
    return held


# ---- a paused run ----------------------------------------------------------

@dataclass
class Paused:
    """A netsh run stopped at a step boundary by NETSH_PAUSE_BEFORE_STEP."""

    proc: subprocess.Popen
    out: Path
    err: Path
    step: int
    extra: dict = field(default_factory=dict)

    @property
    def pid(self) -> int:
        return self.proc.pid

    def output(self) -> str:
        return self.out.read_text(errors="replace") + self.err.read_text(errors="replace")

    def wait_paused(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while f"{MARKER} {self.step} " not in self.err.read_text(errors="replace"):
            if self.proc.poll() is not None:
                raise AssertionError(f"netsh ended (exit {self.proc.returncode}) before step "
                                     f"{self.step}:\n{self.output()[-3000:]}")
            if time.monotonic() > deadline:
                self.kill()
                raise AssertionError(f"netsh never paused before step {self.step}")
            time.sleep(0.02)

    def resume(self) -> None:
        os.kill(self.pid, signal.SIGUSR1)

    def signal(self, signum: int, group: bool = False) -> int:
        """Deliver a signal (to the whole process group, as a terminal's Ctrl-C does) and wait."""
        (os.killpg if group else os.kill)(self.pid, signum)
        return self.proc.wait(timeout=120)

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()


def start(args: list[str], step: int, tmp: Path, env: dict | None = None,
          inside: tuple[str, ...] = ()) -> Paused:
    """Start `netsh ARGS...` (optionally through `inside`, e.g. nsenter) to pause before `step`."""
    tmp.mkdir(parents=True, exist_ok=True)
    out, err = tmp / f"out-{step}.txt", tmp / f"err-{step}.txt"
    env = {**(env or os.environ), VARIABLE: str(step)}
    with open(out, "wb") as o, open(err, "wb") as e:
        # Its own session and process group, like a job started from a shell.
        # A shell's background job starts with SIGINT ignored, and ignored stays
        # ignored across exec: give netsh the default a terminal gives it.
        proc = subprocess.Popen([*inside, *NETSH, *args], stdout=o, stderr=e, env=env,
                                stdin=subprocess.DEVNULL, start_new_session=True,
                                preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    return Paused(proc, out, err, step)


# ---- a server-like namespace for --on-host runs ----------------------------

@contextlib.contextmanager
def server(prefix: str, state: Path):
    """tests/hostlike.py's namespace plus a filter table (a real server has one:
    setting a policy creates it, and restoring the policy keeps it). Yields the
    nsenter prefix and an environment with its own state dir. On leaving, `netsh
    cleanup` runs there first, so a run stopped by a failing test leaves nothing
    behind, not even the namespaces it made in /run/netns."""
    from hostlike import hostlike

    env = {**os.environ, "NETSH_STATE_DIR": str(state)}
    with hostlike(prefix) as inside:
        subprocess.run([*inside, "iptables", "-P", "FORWARD", "ACCEPT"], check=True)
        try:
            yield inside, env
        finally:
            subprocess.run([*inside, *NETSH, "cleanup"], capture_output=True, env=env)


# ---- a full snapshot of a network namespace --------------------------------

def _run(argv: list[str]) -> str:
    return subprocess.run(argv, capture_output=True, text=True).stdout


SYSCTL_GLOBS = ("/proc/sys/net/ipv4/conf/*/*", "/proc/sys/net/ipv4/ip_forward", "/proc/sys/net/bridge/*")


def full_snapshot(netns: str, names_like: str) -> dict:
    """Everything netsh could change in network namespace `netns` (a /run/netns
    name): links with details, addresses, routes of every table, rules, every
    sysctl under conf/*, ip_forward, bridge-nf-*, iptables without counters, and
    the /run/netns entries whose names start with `names_like`."""
    inside = ["nsenter", f"--net=/run/netns/{netns}"]
    sysctls = _run([*inside, "sh", "-c", "grep -H . " + " ".join(SYSCTL_GLOBS) + " 2>/dev/null"])
    iptables = _run([*inside, "iptables-save"])
    return {
        "links": _run([*inside, "ip", "-d", "-o", "link", "show"]),
        "addresses": _run([*inside, "ip", "-o", "addr", "show"]),
        "routes": _run([*inside, "ip", "route", "show", "table", "all"]),
        "routes6": _run([*inside, "ip", "-6", "route", "show", "table", "all"]),
        "rules": _run([*inside, "ip", "rule", "show"]),
        "sysctls": sysctls.splitlines(),
        "iptables": [re.sub(r"\[\d+:\d+\]", "", ln) for ln in iptables.splitlines() if not ln.startswith("#")],
        "netns": sorted(n for n in os.listdir("/run/netns") if n.startswith(names_like)),
    }


def diff(before: dict, after: dict) -> dict:
    """The parts of two snapshots that differ, line by line (empty: identical)."""
    out = {}
    for key in before:
        b, a = before[key], after.get(key)
        if b != a:
            bl = b if isinstance(b, list) else b.splitlines()
            al = a if isinstance(a, list) else (a or "").splitlines()
            out[key] = {"gone": [x for x in bl if x not in al], "new": [x for x in al if x not in bl]}
    return out


def settled_diff(before: dict, netns: str, names_like: str, timeout: float = 5.0) -> dict:
    """diff() against a fresh snapshot, retried for a while: the kernel tears a
    deleted namespace down asynchronously, and a veth whose other end lived there
    goes with it a moment later (under load, up to a second or so)."""
    deadline = time.monotonic() + timeout
    while (changed := diff(before, full_snapshot(netns, names_like))) and time.monotonic() < deadline:
        time.sleep(0.1)
    return changed
