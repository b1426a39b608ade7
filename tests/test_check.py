"""`netsh check`: scenarios run in their own sandboxes, one matrix, JUnit and JSON."""

import json
import signal
import subprocess
import textwrap
import time
from pathlib import Path
import xml.etree.ElementTree as ET

import pytest

from conftest import NETSH, ROOT, run_netsh, tagged, wait_until_gone
from netsh.checks import ScenarioResult
from netsh.claims import Verdict
from netsh.events import ClaimChecked
from netsh.render.checks import counts, to_json, to_junit
from netsh.why.evidence import Evidence, Hop

FACTS = {"kernel": "6.18.44", "iproute2": "ip utility, iproute2-6.1.0"}


def results():
    return [
        ScenarioResult("good", [ClaimChecked(1, "a holds", Verdict(True, "yes"), claim_id="s1.a"),
                                ClaimChecked(2, "the tutorial's old rule", Verdict(
                                    True, "it moved — the tutorial is out of date here: x", outdated="x"),
                                    claim_id="s2.old"),
                                ClaimChecked(2, "a flag no tool shows", Verdict(None, "not reported"))]),
        ScenarioResult("bad", [ClaimChecked(1, "b holds", Verdict(False, "no", "because", evidence=Evidence(
            (Hop("host", "br0", "forward", "drop"),), Hop("host", "br0", "forward", "drop"),
            "dropped by filter FORWARD policy DROP in host", ("nft trace",))), claim_id="s1.b")],
                       error="`ip link add` failed on sandbox (exit 2): boom\nhint"),
    ]


def test_junit_has_a_suite_per_scenario_a_case_per_claim():
    root = ET.fromstring(to_junit(results(), FACTS))
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("errors"), root.get("skipped")) == ("4", "1", "1", "1")
    good, bad = root.findall("testsuite")
    assert good.get("name") == "good" and good.get("failures") == "0" and good.get("skipped") == "1"
    assert {p.get("name"): p.get("value") for p in good.find("properties")} == FACTS
    cases = good.findall("testcase")
    # Named by id (a claim without one, from an old caller, by step and text).
    assert [c.get("name") for c in cases] == ["s1.a", "s2.old", "s2.a flag no tool shows"]
    assert cases[0].find("properties/property").get("value") == "step 1: a holds"
    assert cases[0].find("failure") is None and cases[0].find("skipped") is None
    assert "out of date" in cases[1].find("system-out").text
    assert cases[2].find("skipped").get("message") == "not reported"
    failure = bad.find("testcase/failure")
    assert failure.get("message") == "no — dropped by filter FORWARD policy DROP in host"
    assert failure.text == "because\nhost/br0 forward drop"
    stopped = bad.findall("testcase")[-1]
    assert stopped.find("error").get("message") == "`ip link add` failed on sandbox (exit 2): boom"


def test_json_counts_and_verdicts():
    doc = to_json(results(), FACTS)
    assert doc["netsh_check"] == 1 and doc["held"] is False and doc["facts"] == FACTS
    assert doc["counts"] == counts(results()) == {"held": 2, "not_held": 1, "unknown": 1, "stopped": 1,
                                                  "not_run": 0}
    good, bad = doc["scenarios"]
    assert good["held"] is True and bad["held"] is False and bad["error"].startswith("`ip link add`")
    assert good["claims"][1]["tutorial_outdated"] == "x"
    assert "probes" not in good["claims"][0]
    assert [c["id"] for c in good["claims"]] == ["s1.a", "s2.old", "s2.a flag no tool shows"]
    assert [c["state"] for c in good["claims"]] == ["held", "held", "undecidable"]
    assert bad["claims"][0]["evidence"]["stopped"] == {"netns": "host", "device": "br0", "hook": "forward",
                                                       "verdict": "drop"}
    assert bad["claims"][0]["evidence"]["reason"] == "dropped by filter FORWARD policy DROP in host"


def test_unknown_scenario_is_exit_2_before_anything_runs():
    r = run_netsh("check", "bridge-l3", "no-such-scenario")
    assert r.returncode == 2 and "no-such-scenario" in r.stderr


@pytest.mark.skipif(not ROOT, reason="needs root: runs scenarios in real sandboxes")
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_two_scenarios_with_junit_and_json(tmp_path, jobs):
    """One after the other or side by side, each in its own sandbox: the same results, in the order given."""
    junit, report = tmp_path / "check.xml", tmp_path / "check.json"
    r = run_netsh("check", "bridge-l3", "netns-local", "--junit", str(junit), "--json", str(report), "-j", jobs,
                  timeout=120)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr
    assert "Claims on this machine" in r.stdout and "kernel" in r.stdout
    doc = json.loads(report.read_text())
    assert [s["scenario"] for s in doc["scenarios"]] == ["bridge-l3", "netns-local"]
    assert doc["held"] is True and doc["counts"]["not_held"] == 0 and doc["counts"]["stopped"] == 0
    assert doc["facts"]["kernel"] and "iproute2" in doc["facts"]["iproute2"]
    vxlan = next(c for c in doc["scenarios"][1]["claims"] if c["claim"] == "`ip link set vx0 netns ns1` fails")
    assert vxlan["held"] is True and vxlan["tutorial_outdated"]
    root = ET.parse(junit).getroot()
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert set(suites) == {"bridge-l3", "netns-local"}
    assert len(suites["bridge-l3"].findall("testcase")) == 12
    assert root.get("failures") == "0" and root.get("errors") == "0"


@pytest.mark.skipif(not ROOT, reason="needs root: runs a scenario in a real sandbox")
def test_a_claim_that_does_not_hold_is_exit_1(tmp_path):
    scenario = tmp_path / "wrong.py"
    scenario.write_text(textwrap.dedent('''
        from netsh.claims import SysctlIs
        from netsh.scenario import Scenario
        from netsh.step import step

        class Wrong(Scenario):
            name = "wrong"
            summary = "claims forwarding is 7"

            def steps(self):
                yield step("nothing", claims=[SysctlIs(text="forwarding is 7", path="/proc/sys/net/ipv4/ip_forward",
                                                        value="7")])
    '''))
    junit = tmp_path / "check.xml"
    r = run_netsh("check", str(scenario), "--junit", str(junit), timeout=60)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "1 not held" in r.stdout
    case = ET.parse(junit).getroot().find("testsuite/testcase")
    assert case.find("failure").get("message") == "/proc/sys/net/ipv4/ip_forward = 1"


def holders(tag: str) -> list[int]:
    """The sandbox holders (`sleep infinity`) among the processes netsh started."""
    found = []
    for pid in tagged(tag):
        try:
            if Path(f"/proc/{pid}/cmdline").read_bytes() == b"sleep\0infinity\0":
                found.append(pid)
        except OSError:
            continue
    return found


@pytest.mark.skipif(not ROOT, reason="needs root: runs scenarios in real sandboxes")
@pytest.mark.parametrize("sig, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_interrupted_while_scenarios_run_side_by_side(tag_env, sig, code):
    """Ctrl-C or SIGTERM during a parallel check: netsh stops, and nothing it started outlives it."""
    tag, env = tag_env
    proc = subprocess.Popen([*NETSH, "check", "bridge-learning", "bridge-two-ns", "veth-two-ns", "-j", "3"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            start_new_session=True)
    deadline = time.monotonic() + 30
    while len(holders(tag)) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None and len(holders(tag)) >= 2, "interrupted while sandboxes are at work"
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == code, out[-2000:] + err
    assert "what this run changed has been undone" in err and "held," not in out
    assert wait_until_gone(tag) == set()
