"""veth-vs-bridge: a routed and a bridged pair side by side, then ip_forward=0."""

import re

import pytest

from conftest import ROOT
from scenario_checks import assert_every_claim_held, run_and_report


def delta(observed: str, counter: str) -> int:
    return int(re.search(rf"{counter} \d+ → \d+ \(([+-]\d+)\)", observed).group(1))


@pytest.mark.skipif(not ROOT, reason="needs root: runs the scenario in a real sandbox")
def test_runs_in_the_sandbox_and_every_claim_holds(tmp_path):
    r, data, _ = run_and_report("veth-vs-bridge", tmp_path)
    assert_every_claim_held(r, data)
    on, off = data["claims"][-2:]
    # The tables' cells: "mark observed" under each column, one row per question.
    header, forwarded, arp = on["table"]
    assert header[1:] == ["routed ns1 → ns2", "bridged ns3 → ns4"]
    assert delta(forwarded[1], "IpForwDatagrams") >= 2 and delta(forwarded[2], "IpForwDatagrams") == 0
    assert all(cell.startswith("✓") for cell in forwarded[1:] + arp[1:])
    header, forwarded, received = off["table"]
    assert "no reply" in forwarded[1] and "reply in" in forwarded[2]
    assert delta(forwarded[1], "IpForwDatagrams") == 0 == delta(forwarded[2], "IpForwDatagrams")
    assert delta(received[1], "IpInReceives") >= 1 and delta(received[2], "IpInReceives") == 0
    assert "routed ns1 → ns2" in r.stdout and "bridged ns3 → ns4" in r.stdout  # the tables are drawn
