"""bridge-firewall: FORWARD DROP against bridged traffic, switch off / on / per bridge."""

import json

import pytest

from conftest import ROOT, run_netsh
from netsh.command import Result
from netsh.errors import EnvironmentProblem
from netsh.executors.base import Executor
from netsh.runner import Runner
from netsh.scenario import find
from scenario_checks import assert_every_claim_held, run_and_report


@pytest.mark.skipif(not ROOT, reason="needs root: runs the scenario in a real sandbox")
def test_runs_in_the_sandbox_and_every_claim_holds(tmp_path):
    r, data, claims = run_and_report("bridge-firewall", tmp_path)
    assert_every_claim_held(r, data)
    assert "bridge-nf-call-iptables = " in claims["br_netfilter is loaded"]["observed"]
    off = claims["ns1 still reaches ns2; the FORWARD policy counter stays flat"]
    assert "reply in" in off["observed"] and "FORWARD policy packets 0 → 0 (+0)" in off["observed"]
    on = [c for text, c in claims.items() if text.endswith("the FORWARD policy counter rises")]
    assert [c["step"] for c in on] == [4, 5]
    assert all("no reply" in c["observed"] and "FORWARD policy packets 0 → 1 (+1)" in c["observed"] for c in on)
    assert claims["br0 has nf_call_iptables 1"]["held"] is True


class NoBrNetfilter(Executor):
    """A machine without br_netfilter: /proc/sys/net/bridge is missing; everything else works."""

    target = "fake"

    def run(self, command):
        if any(a.startswith("/proc/sys/net/bridge/") for a in command.args):
            return Result(command, 1, "", f"{command.args[0]}: {command.args[-1]}: No such file or directory")
        return Result(command, 0)


def test_without_br_netfilter_the_run_stops_and_says_how_to_load_it():
    events = []
    outcome = Runner(NoBrNetfilter(), events.append).run(find("bridge-firewall")())
    error = outcome.error
    assert isinstance(error, EnvironmentProblem) and error.exit_code == 3
    assert "br_netfilter is not loaded" in error.message and "modprobe br_netfilter" in error.hint
    assert [c.verdict.held for c in outcome.claims] == [False]
    # It stopped at the check, before building anything.
    assert not [e for e in events if type(e).__name__ == "CommandRan"]


MISSING_SWITCH = """
from dataclasses import dataclass
from netsh.claims import BrNetfilterLoaded
from netsh.scenario import Scenario
from netsh.step import step
from netsh.tools import ip, sysctl


@dataclass(frozen=True)
class Missing(BrNetfilterLoaded):  # reads a switch no kernel has: br_netfilter "absent"
    def probes(self):
        return (sysctl.read("/proc/sys/net/bridge/no-such-switch"),)

class NoBrNetfilter(Scenario):
    name = "no-br-netfilter"
    summary = "as if br_netfilter were missing"
    def steps(self):
        yield step("check", "", [ip.bridge_add("brx")], [Missing(text="br_netfilter is loaded")])
        yield step("never reached", "", [ip.link_up("brx")])
"""


@pytest.mark.skipif(not ROOT, reason="needs root: runs in a real sandbox")
def test_a_failed_precondition_exits_3_with_a_report(tmp_path):
    scenario, report = tmp_path / "missing.py", tmp_path / "r.json"
    scenario.write_text(MISSING_SWITCH)
    r = run_netsh("run", str(scenario), "--report", str(report))
    assert r.returncode == 3, r.stdout + r.stderr
    assert "modprobe br_netfilter" in r.stdout + r.stderr and "ip link set brx up" not in r.stdout
    data = json.loads(report.read_text())
    assert data["held"] is False and "br_netfilter is not loaded" in data["error"]
