"""kill -9 at every step boundary of every built-in scenario in the default
sandbox: afterwards no holder process, no namespace, no link, no mount remains.

For speed the runs of one scenario start together, each pausing at its own
boundary (NETSH_PAUSE_BEFORE_STEP, see netsh/faults.py); each is then killed
and checked on its own.
"""

import os
import signal
from pathlib import Path

import pytest

import faultkit as fk
from conftest import needs_root

pytestmark = needs_root


def _kill_and_check(run: fk.Paused) -> list[str]:
    """kill -9 a paused run; what it left behind, as readable lines (empty: nothing)."""
    procs = fk.descendants(run.pid)
    holders = [p for p in fk.children(run.pid) if fk.comm(p[0]) == "sleep"]
    assert holders, f"step {run.step}: no sandbox holder below netsh (pid {run.pid})"
    inodes = set().union(*(fk.ns_inodes_of(h[0]) for h in holders))
    os.kill(run.pid, signal.SIGKILL)
    run.proc.wait()
    left = [f"process {pid} still alive" for pid, _ in fk.wait_gone(procs)]
    left += [f"namespace {ns} still held by {who}" for ns, who in sorted(fk.ns_still_referenced(inodes).items())]
    if "netsh-sandbox" in Path("/proc/1/mountinfo").read_text():
        left.append("a netsh-sandbox tmpfs is mounted in the root mount namespace")
    return left


@pytest.mark.parametrize("name", fk.scenario_names())
def test_kill_9_at_every_step_boundary_leaves_nothing(name, tmp_path):
    points = fk.boundaries(name, sandbox=True)
    runs = [fk.start(["run", name, "--quiet"], k, tmp_path / name) for k in points]
    failures = {}
    try:
        for run in runs:
            run.wait_paused()
            left = _kill_and_check(run)
            fk.tally(kill_points=1, leftovers=len(left))
            if left:
                failures[run.step] = left
    finally:
        for run in runs:
            run.kill()
    assert not failures, f"{name}: left behind after kill -9, by step boundary: {failures}"
