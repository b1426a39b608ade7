"""bridge-l3: br0 with an address is the namespaces' gateway; no proxy ARP."""

import pytest

from conftest import ROOT
from golden import GOLDEN
from scenario_checks import assert_every_claim_held, run_and_report


@pytest.mark.skipif(not ROOT, reason="needs root: runs the scenario in a real sandbox")
def test_runs_in_the_sandbox_and_every_claim_holds(tmp_path):
    r, data, claims = run_and_report("bridge-l3", tmp_path)
    assert_every_claim_held(r, data)
    assert len(claims) == 12
    assert claims["proxy_arp on br0 is still 0"]["observed"].endswith("proxy_arp = 0")
    assert "Network is unreachable" in claims["ns1 cannot reach the host's 203.0.113.2"]["observed"]
    for ns in ("ns1", "ns2"):
        assert claims[f"the host reaches {ns}"]["observed"].startswith("reply in")
        route = claims[f"{ns}'s default route goes via 192.168.10.1"]["observed"]
        assert route.startswith("default via 192.168.10.1 dev veth")
        assert claims[f"{ns} reaches the host's 203.0.113.2 through 192.168.10.1"]["held"] is True
    # The address alone gave the host its route: no `ip route add` on the host.
    assert not any(c.startswith("ip route add") for c in GOLDEN["bridge-l3"])
