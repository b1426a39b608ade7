"""Shared fixtures. Every test must leave the machine as it found it: the
autouse `machine_unchanged` fixture snapshots the root network namespace (links,
addresses, routes, netns list, iptables, the sysctls netsh touches) and compares."""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

ROOT = os.geteuid() == 0
REPO = Path(__file__).resolve().parent.parent
NETSH = [sys.executable, "-m", "netsh"]

needs_root = pytest.mark.skipif(not ROOT, reason="needs root: creates real namespaces on this machine")

def kernel_lacks(*features: str) -> list[str]:
    """Which of these kernel features (netsh/features.py) this machine lacks, probed as netsh does."""
    return [name for name in features if not _feature_here(name)]


@functools.cache
def _feature_here(name: str) -> bool:
    from netsh.executors.host import HostExecutor
    from netsh.features import REGISTRY, present

    return present(HostExecutor(), REGISTRY[name], userns=not ROOT)


def runnable_here(names: list[str]) -> list:
    """Scenario names as pytest parameters; those needing a kernel feature missing here
    are skipped, saying which."""
    from netsh.scenario import available

    return [pytest.param(n, marks=pytest.mark.skip(reason=f"this kernel lacks {', '.join(lacks)}"))
            if (lacks := kernel_lacks(*available()[n].features)) else n for n in names]


SYSCTLS = ["/proc/sys/net/ipv4/ip_forward", "/proc/sys/net/bridge/bridge-nf-call-iptables"]


def _out(argv: list[str], inside: tuple[str, ...] = ()) -> str:
    if not shutil.which(argv[0]):
        return f"{argv[0]} missing"
    return subprocess.run([*inside, *argv], capture_output=True, text=True).stdout


def snapshot(inside: tuple[str, ...] = ()) -> dict:
    """The state of a network namespace (this process's, or the one `inside`
    enters, e.g. ("nsenter", "--net=/run/netns/X")), plus the /run/netns list."""
    netns = sorted(os.listdir("/run/netns")) if os.path.isdir("/run/netns") else []
    sysctls = {p: _out(["cat", p], inside) for p in SYSCTLS} if inside else \
        {p: Path(p).read_text() if os.path.exists(p) else None for p in SYSCTLS}
    return {
        "links": _out(["ip", "-o", "link", "show"], inside).replace("\\", ""),
        "addrs": _out(["ip", "-o", "addr", "show"], inside),
        "routes": _out(["ip", "route", "show", "table", "all"], inside),
        "netns": netns,
        "iptables": _out(["iptables", "-S"], inside) if ROOT else "",
        "sysctls": sysctls,
        "netsh_state": sorted(os.listdir("/run/netsh")) if os.path.isdir("/run/netsh") else None,
    }


def _strip_counters(state: dict) -> dict:
    # Link statistics and neighbour state change by themselves; compare what netsh could change.
    state = dict(state)
    state["links"] = re.sub(r"link/ether \S+ brd \S+", "", state["links"])
    return state


@pytest.fixture(scope="session", autouse=True)
def private_state_dir(tmp_path_factory):
    """Journals, locks and kept-sandbox records of the suite go to a folder of its
    own, never to the machine's /run/netsh (inherited by every netsh it starts)."""
    old = os.environ.get("NETSH_STATE_DIR")
    os.environ["NETSH_STATE_DIR"] = str(tmp_path_factory.mktemp("netsh-state"))
    yield
    if old is None:
        del os.environ["NETSH_STATE_DIR"]
    else:
        os.environ["NETSH_STATE_DIR"] = old


@pytest.fixture(autouse=True)
def machine_unchanged():
    before = _strip_counters(snapshot())
    yield
    after = _strip_counters(snapshot())
    assert after == before, "the test changed the machine's network state"


@pytest.fixture
def prefix():
    """A namespace prefix no other test uses."""
    return f"t{uuid.uuid4().hex[:6]}-"


def run_netsh(*args: str, check: bool = False, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([*NETSH, *args], capture_output=True, text=True, check=check, **kw)


def tagged(tag: str) -> set[int]:
    """PIDs of processes that inherited NETSH_TEST_TAG=tag: what a netsh run
    started (its sandbox holder among them) and what it may have left behind."""
    needle = f"NETSH_TEST_TAG={tag}".encode() + b"\0"
    found = set()
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if needle in Path(f"/proc/{pid}/environ").read_bytes() and int(pid) != os.getpid():
                found.add(int(pid))
        except OSError:
            continue
    return found


def wait_until_gone(tag: str, seconds: float = 5) -> set[int]:
    deadline = time.monotonic() + seconds
    while tagged(tag) and time.monotonic() < deadline:
        time.sleep(0.05)
    return tagged(tag)


@pytest.fixture
def tag_env():
    """(tag, env): run netsh with env to find every process it started by tag."""
    tag = uuid.uuid4().hex
    return tag, {**os.environ, "NETSH_TEST_TAG": tag}


# The rootless path: netsh as uid 65534 (no account needed), in a user-namespace sandbox.
NOBODY = ["setpriv", "--reuid", "65534", "--regid", "65534", "--clear-groups"]


def as_nobody(*argv, **kw):
    return subprocess.run([*NOBODY, *argv], capture_output=True, text=True, cwd="/", **kw)


@pytest.fixture
def nobody_can_run_netsh():
    if not ROOT:
        pytest.skip("setpriv to another uid needs root")
    probe = as_nobody(*NETSH, "--version")
    if probe.returncode != 0:
        pytest.skip(f"uid 65534 cannot read this checkout or its .venv: {probe.stderr.strip()[:200]}")
    if as_nobody("unshare", "--user", "--map-root-user", "--net", "true").returncode != 0:
        pytest.skip("this kernel does not allow unprivileged user namespaces")
