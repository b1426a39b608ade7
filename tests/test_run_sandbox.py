"""The real path: bridge-two-ns in the default sandbox, on this kernel."""

import json
import os
import signal
import subprocess
from pathlib import Path

import pytest

from conftest import NETSH, ROOT, run_netsh, tagged, wait_until_gone

pytestmark = pytest.mark.skipif(not ROOT, reason="needs root (or see test_rootless.py)")


def claims_of(report_path):
    data = json.loads(report_path.read_text())
    return data, {c["claim"]: c for c in data["claims"]}


def test_seed_runs_and_every_claim_holds(tmp_path, tag_env):
    tag, env = tag_env
    report = tmp_path / "r.json"
    r = run_netsh("run", "bridge-two-ns", "--report", str(report), env=env)
    assert r.returncode == 0, r.stdout + r.stderr
    data, claims = claims_of(report)
    assert data["scenario"] == "bridge-two-ns" and data["target"] == "sandbox"
    assert data["parameters"]["bridge"] == "br0"
    assert data["facts"]["kernel"] and "iproute2" in data["facts"]["iproute2"]
    assert data["held"] is True
    # Every claim held, except the netns-local flag, which this kernel may not report at all.
    assert [c["claim"] for c in data["claims"] if c["held"] is not True] in \
        ([], ["br0 is reported netns-local"])
    assert claims["ns1 reaches 192.168.10.11 through the bridge"]["held"] is True
    assert claims["the host still cannot reach ns1"]["held"] is True
    assert claims["the host reaches ns1"]["held"] is True
    assert claims["ns1 can no longer reach ns2"]["held"] is True
    refused = claims["`ip link set br0 netns ns1` fails"]
    assert refused["held"] is True and "wording of" in refused["observed"]
    for step in data["steps"]:
        for cmd in step["commands"]:
            assert set(cmd) >= {"command", "argv", "exit_code", "stdout", "stderr", "duration"}
    # The transcript shows the tutorial's commands and the displayed state.
    assert "ip netns exec ns1 ip route" in r.stdout
    assert "192.168.10.0/24 dev veth0 proto kernel scope link src 192.168.10.10" in r.stdout
    assert "All 15 claims held" in r.stdout or "claims held" in r.stdout
    assert not wait_until_gone(tag), "a process of the run outlived netsh"


def test_two_runs_at_once_with_different_prefixes(tmp_path):
    procs = [subprocess.Popen([*NETSH, "run", "bridge-two-ns", "--quiet", "--prefix", p],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for p in ("a-", "b-")]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, out + err


def test_kill_9_midway_leaves_nothing(tag_env):
    tag, env = tag_env
    proc = subprocess.Popen([*NETSH, "run", "bridge-two-ns"], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, env=env)
    for line in proc.stdout:
        if "Step 3" in line:
            break
    assert len(tagged(tag)) >= 2, "netsh and its sandbox holder should be running now"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert not wait_until_gone(tag)


def test_keep_shell_and_cleanup(tmp_path, tag_env):
    tag, env = tag_env
    env["NETSH_STATE_DIR"] = str(tmp_path / "state")
    r = run_netsh("run", "bridge-two-ns", "--quiet", "--keep", env=env)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "netsh shell" in r.stdout and len(tagged(tag)) == 1, "the kept holder lives on alone"
    shell = subprocess.run([*NETSH, "shell"], input="ip netns list\nip -br link show br0\n",
                           capture_output=True, text=True, env={**env, "SHELL": "/bin/bash"}, timeout=30)
    assert "ns1" in shell.stdout and "ns2" in shell.stdout and "br0" in shell.stdout
    r = run_netsh("cleanup", env=env)
    assert r.returncode == 0 and "Removed the kept sandbox" in r.stdout
    assert not wait_until_gone(tag)


def test_user_scenario_file_runs_with_a_notice(tmp_path):
    path = tmp_path / "my_lab.py"  # any file, anywhere: here the suite's one with a false claim
    path.write_text((Path(__file__).parent / "data" / "false_claim.py").read_text())
    r = run_netsh("run", str(path), "-p", "ns1=nsq", timeout=120)
    assert r.returncode == 1, r.stdout + r.stderr  # it ran: the false claim did not hold
    assert "Python code" in r.stderr and "ip netns add nsq" in r.stdout


def test_scenarios_are_never_loaded_from_the_current_directory(tmp_path):
    (tmp_path / "sneaky.py").write_text("raise SystemExit('loaded!')\n")
    r = run_netsh("run", "sneaky", cwd=tmp_path)
    assert r.returncode == 2 and "loaded!" not in r.stderr + r.stdout
