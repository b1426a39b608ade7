"""bridge-learning: MAC learning, flooding seen by a bystander's counter, ageing."""

import re

import pytest

from conftest import ROOT
from scenario_checks import assert_every_claim_held, run_and_report


def delta(observed: str) -> int:
    return int(re.search(r"rx packets in ns\d \d+ → \d+ \(([+-]\d+)\)", observed).group(1))


@pytest.mark.skipif(not ROOT, reason="needs root: runs the scenario in a real sandbox")
def test_runs_in_the_sandbox_and_every_claim_holds(tmp_path):
    r, data, claims = run_and_report("bridge-learning", tmp_path)
    assert_every_claim_held(r, data)
    assert len(claims) == 13
    # Flooding, measured at the bystander: the ARP broadcast and the unknown unicast
    # reach ns3; a ping to a MAC the bridge knows does not.
    assert delta(claims["ns3 receives ns1's ARP broadcast"]["observed"]) >= 1
    assert delta(claims["ns3 receives a frame for an unknown MAC"]["observed"]) >= 1
    assert delta(claims["ns3 receives nothing of a ping to a known MAC"]["observed"]) == 0
    assert delta(claims["ns1 receives ns3's ARP broadcast"]["observed"]) >= 1
    # Learning: the right MAC on the right port, read from bridge -j fdb before and after.
    assert re.search(r"MAC [0-9a-f:]{17} learned on veth1$", claims["ns1's MAC is learned on veth1"]["observed"])
    assert re.search(r"MAC [0-9a-f:]{17} learned on veth3$", claims["ns2's MAC is learned on veth3"]["observed"])
    for text in ("br0 does not know where ns1 is yet", "ns3's MAC is not learned", "ns3's entry has aged out"):
        assert "is not among br0's learned entries" in claims[text]["observed"]
    fresh = claims["ns3's entry is fresh, well inside the ageing time"]
    assert re.search(r"on veth5: refreshed \d+ s ago, last used \d+ s ago; br0 forgets it 300 s", fresh["observed"])
    assert fresh["probes"][2]["command"] == "bridge -j -s fdb show br br0"
