"""bridge-l3: br0 with an address is the namespaces' gateway; no proxy ARP."""

import shutil

import pytest

from conftest import ROOT
from scenario_checks import assert_every_claim_held, assert_export_passes_shellcheck, commands_of, run_and_report

GOLDEN = """
ip link add br0 type bridge
ip link set br0 up
ip netns add ns1
ip link add veth0 type veth peer name veth1
ip link set veth0 netns ns1
ip netns exec ns1 ip addr add 192.168.10.10/24 dev veth0
ip netns exec ns1 ip link set veth0 up
ip link set veth1 master br0
ip link set veth1 up
ip netns add ns2
ip link add veth2 type veth peer name veth3
ip link set veth2 netns ns2
ip netns exec ns2 ip addr add 192.168.10.11/24 dev veth2
ip netns exec ns2 ip link set veth2 up
ip link set veth3 master br0
ip link set veth3 up
ip addr add 192.168.10.1/24 dev br0
ip route
ip netns exec ns1 ip route add default via 192.168.10.1
ip netns exec ns2 ip route add default via 192.168.10.1
""".strip().splitlines()


def test_golden_command_list():
    assert commands_of("bridge-l3") == GOLDEN


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
    assert not any(c.startswith("ip route add") for c in GOLDEN)


@pytest.mark.skipif(not shutil.which("shellcheck"), reason="shellcheck is not installed")
def test_export_passes_shellcheck(tmp_path):
    assert "ip addr add 192.168.10.1/24 dev br0" in assert_export_passes_shellcheck("bridge-l3", tmp_path)
