"""Shared fixtures. Every test must leave the machine as it found it: the
autouse `machine_unchanged` fixture snapshots the root network namespace (links,
addresses, routes, netns list, iptables, the sysctls netsh touches) and compares."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

ROOT = os.geteuid() == 0
REPO = Path(__file__).resolve().parent.parent
NETSH = [sys.executable, "-m", "netsh"]

needs_root = pytest.mark.skipif(not ROOT, reason="needs root: creates real namespaces on this machine")

SYSCTLS = ["/proc/sys/net/ipv4/ip_forward", "/proc/sys/net/bridge/bridge-nf-call-iptables"]


def _out(argv: list[str]) -> str:
    if not shutil.which(argv[0]):
        return f"{argv[0]} missing"
    return subprocess.run(argv, capture_output=True, text=True).stdout


def snapshot() -> dict:
    """The state of the network namespace this process is in, plus /run/netns."""
    netns = sorted(os.listdir("/run/netns")) if os.path.isdir("/run/netns") else []
    return {
        "links": _out(["ip", "-o", "link", "show"]).replace("\\", ""),
        "addrs": _out(["ip", "-o", "addr", "show"]),
        "routes": _out(["ip", "route", "show", "table", "all"]),
        "netns": netns,
        "iptables": _out(["iptables", "-S"]) if ROOT else "",
        "sysctls": {p: Path(p).read_text() if os.path.exists(p) else None for p in SYSCTLS},
    }


def _strip_counters(state: dict) -> dict:
    # Link statistics and neighbour state change by themselves; compare what netsh could change.
    import re
    state = dict(state)
    state["links"] = re.sub(r"link/ether \S+ brd \S+", "", state["links"])
    return state


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
