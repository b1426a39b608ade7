"""veth-two-ns: the companion chapter's exact commands, run for real in the sandbox."""

import re

import pytest

from conftest import ROOT
from scenario_checks import assert_every_claim_held, run_and_report


@pytest.mark.skipif(not ROOT, reason="needs root: runs the scenario in a real sandbox")
def test_runs_in_the_sandbox_and_every_claim_holds(tmp_path):
    r, data, claims = run_and_report("veth-two-ns", tmp_path)
    assert_every_claim_held(r, data)
    assert len(claims) == 11
    routed = next(c for text, c in claims.items() if "IpForwDatagrams rises" in text)
    delta = int(re.search(r"IpForwDatagrams \d+ → \d+ \(\+(\d+)\)", routed["observed"]).group(1))
    assert delta >= 2
    assert [p["command"] for p in routed["probes"]] == [
        "grep '^Ip:' /proc/net/snmp", "ip netns exec ns1 ping -c 1 -w 3 192.168.10.11", "grep '^Ip:' /proc/net/snmp"]
    flat = claims["ns1 can no longer reach ns2; IpForwDatagrams stays flat"]
    assert "(+0)" in flat["observed"] and "no reply" in flat["observed"]
    dropped = [c for text, c in claims.items() if "FORWARD policy counter rises" in text]
    assert len(dropped) == 2 and all("FORWARD policy packets 0 → 1 (+1)" in c["observed"] for c in dropped)
