"""The many-hosts matrix and JSON of `netsh check --target ...` (pure: no host needed)."""

from __future__ import annotations

import io

from rich.console import Console

from netsh.checks import HostResult, ScenarioResult
from netsh.claims import Verdict
from netsh.events import ClaimChecked
from netsh.render.fanout import hosts_json, hosts_matrix


def claim(text: str, held) -> ClaimChecked:
    return ClaimChecked(1, text, Verdict(held, "seen"))


def classroom() -> list[HostResult]:
    good = HostResult("ssh://s1", {"kernel": "6.18"}, [ScenarioResult("demo", [claim("a", True), claim("b", True)])])
    bad = HostResult("ssh://s2", {"kernel": "5.10"}, [ScenarioResult("demo", [claim("a", True), claim("b", False)])])
    gone = HostResult("ssh://s3", error="cannot reach ssh://s3 over SSH: Connection refused")
    half = HostResult("ssh://s4", {}, [ScenarioResult("demo", [claim("a", True)], error="lost the SSH connection")])
    return [good, bad, gone, half]


def test_one_row_per_claim_one_column_per_host():
    console = Console(file=io.StringIO(), width=200)
    console.print(hosts_matrix(classroom()))
    text = console.file.getvalue()
    for target in ("ssh://s1", "ssh://s2", "ssh://s3", "ssh://s4"):
        assert target in text
    assert "Linux 6.18" in text and "Linux 5.10" in text
    rows = {line.split("│")[3].strip(): line for line in text.splitlines() if line.count("│") > 4}
    assert set(rows) >= {"a", "b", "the run stopped", "host reachable"}
    assert "✗" in rows["b"] and "✓" in rows["b"]
    assert "Connection refused" in rows["host reachable"]
    assert "lost the SSH connection" in rows["the run stopped"]


def test_json_says_per_host_whether_it_was_reached_and_held():
    doc = hosts_json(classroom())
    assert doc["netsh_check_hosts"] == 1 and doc["held"] is False
    by = {h["target"]: h for h in doc["hosts"]}
    assert by["ssh://s1"]["held"] and by["ssh://s1"]["reachable"] and by["ssh://s1"]["counts"]["held"] == 2
    assert not by["ssh://s2"]["held"] and by["ssh://s2"]["counts"]["not_held"] == 1
    assert not by["ssh://s3"]["reachable"] and not by["ssh://s3"]["held"] and by["ssh://s3"]["scenarios"] == []
    assert by["ssh://s4"]["reachable"] and not by["ssh://s4"]["held"]


def test_junit_names_each_suite_by_host_and_scenario():
    import xml.etree.ElementTree as ET

    from netsh.render.fanout import hosts_junit

    hosts = classroom()
    root = ET.fromstring(hosts_junit(hosts))
    assert [s.get("name") for s in root.findall("testsuite")] == ["ssh://s1 demo", "ssh://s2 demo", "ssh://s4 demo"]
    assert hosts[0].results[0].name == "demo"  # the results themselves are left as they were
