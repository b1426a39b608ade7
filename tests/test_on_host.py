"""--on-host, exercised inside a namespace this test creates: the run restores it exactly."""

import json
import os
import subprocess

import pytest

import faultkit as fk
from conftest import NETSH, needs_root, snapshot
from hostlike import hostlike

pytestmark = needs_root


@pytest.fixture
def host(prefix, tmp_path):
    with hostlike(prefix) as inside:
        yield inside, {**os.environ, "NETSH_STATE_DIR": str(tmp_path / "state")}


def test_on_host_run_holds_every_claim_and_restores_the_namespace(host, prefix, tmp_path):
    inside, env = host
    before = snapshot(inside)
    report = tmp_path / "r.json"
    r = subprocess.run([*inside, *NETSH, "run", "bridge-two-ns", "--on-host", "--prefix", prefix,
                        "--report", str(report)], capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "--on-host" in r.stdout and "changes" in r.stdout
    assert "• ip link add br0 type bridge" in r.stdout  # what will change is said first
    assert r.stdout.index("• iptables -P FORWARD DROP") < r.stdout.index("Step 1")
    data = json.loads(report.read_text())
    assert data["target"] == "host" and data["held"] is True
    assert data["undo"], "an on-host run undoes what it did"
    assert snapshot(inside) == before
    assert not list((tmp_path / "state").glob("*.journal")), "a clean run leaves no journal"


def test_kill_9_then_a_new_run_is_refused_and_cleanup_restores(host, prefix, tmp_path):
    """Killed at a known point (paused before step 6 by the test hook, netsh/faults.py)."""
    inside, env = host
    before = snapshot(inside)
    run = fk.start(["run", "bridge-two-ns", "--on-host", "--prefix", prefix], 6, tmp_path, env, inside)
    run.wait_paused()
    run.kill()
    assert snapshot(inside) != before, "the killed run should have left changes behind"
    again = subprocess.run([*inside, *NETSH, "run", "bridge-two-ns", "--on-host", "--prefix", prefix],
                           capture_output=True, text=True, env=env)
    assert again.returncode == 3 and "netsh cleanup" in again.stderr
    r = subprocess.run([*inside, *NETSH, "cleanup"], capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stdout + r.stderr
    assert snapshot(inside) == before
