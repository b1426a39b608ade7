"""kill -9 at every step boundary of every built-in scenario in the default
sandbox: afterwards no holder process, no namespace, no link, no mount remains.

For speed the runs of one scenario start together, each pausing at its own
boundary (NETSH_PAUSE_BEFORE_STEP, see netsh/faults.py); each is then killed
and checked on its own.
"""

import json
import os
import signal
import subprocess
from pathlib import Path

import pytest

import faultkit as fk
from conftest import NETSH, needs_root, runnable_here

pytestmark = needs_root


def _kill_and_check(run: fk.Paused) -> list[str]:
    """kill -9 a paused run; what it left behind, as readable lines (empty: nothing)."""
    procs = fk.descendants(run.pid)
    holders = [p for p in fk.children(run.pid) if fk.comm(p[0]) == "sleep"]
    assert holders, f"step {run.step}: no sandbox holder below netsh (pid {run.pid})"
    inodes = {link: ident for h in holders for link, ident in fk.ns_inodes_of(h[0]).items()}
    os.kill(run.pid, signal.SIGKILL)
    run.proc.wait()
    left = [f"process {pid} still alive" for pid, _ in fk.wait_gone(procs)]
    left += [f"namespace {ns} still held by {who}" for ns, who in sorted(fk.ns_still_referenced(inodes).items())]
    if "netsh-sandbox" in Path("/proc/1/mountinfo").read_text():
        left.append("a netsh-sandbox tmpfs is mounted in the root mount namespace")
    return left


@pytest.mark.parametrize("name", runnable_here(fk.scenario_names()))
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


# ---- Ctrl-C and SIGTERM ------------------------------------------------------

@pytest.mark.parametrize("moment", ["at a step boundary", "during a ping"])
@pytest.mark.parametrize("sig", fk.SIGNALS)
def test_a_signal_cleans_up_and_exits_with_its_code(sig, moment, tmp_path):
    signum, code, word = fk.SIGNALS[sig]
    run = fk.start(["run", "bridge-two-ns"], 3, tmp_path)
    try:
        run.wait_paused()
        holder = [p for p in fk.children(run.pid) if fk.comm(p[0]) == "sleep"]
        inodes = fk.ns_inodes_of(holder[0][0])
        if moment == "during a ping":
            run.resume()
            fk.wait_for_child(run.pid, "ping")
        procs = fk.descendants(run.pid)
        # SIGINT goes to the whole process group, as a terminal's Ctrl-C does.
        assert run.signal(signum, group=signum == signal.SIGINT) == code, run.output()[-2000:]
    finally:
        run.kill()
    assert f"netsh: {word}" in run.err.read_text()
    left = [f"process {p}" for p, _ in fk.wait_gone(procs)] + sorted(fk.ns_still_referenced(inodes))
    fk.tally(signal_cases=1, leftovers=len(left))
    assert not left


# ---- runs side by side -------------------------------------------------------

def test_eight_sandbox_runs_at_once_all_hold(tmp_path):
    procs = []
    for n in range(8):
        report = tmp_path / f"r{n}.json"
        procs.append((report, subprocess.Popen(
            [*NETSH, "run", "bridge-two-ns", "--quiet", "--prefix", f"p{n}-", "--report", str(report)],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)))
    for report, proc in procs:
        out = proc.communicate(timeout=300)[0]
        assert proc.returncode == 0, out[-3000:]
        data = json.loads(report.read_text())
        assert data["held"] is True and all(c["held"] is not False for c in data["claims"]), out[-3000:]
    fk.tally(parallel_runs=8)
