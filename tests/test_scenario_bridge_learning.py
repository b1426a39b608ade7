"""bridge-learning: MAC learning, flooding seen by a bystander's counter, ageing."""

import re
import shutil

import pytest

from conftest import ROOT
from scenario_checks import assert_every_claim_held, assert_export_passes_shellcheck, commands_of, run_and_report

GOLDEN = """
ip link add br0 type bridge
echo 1 > /proc/sys/net/ipv6/conf/br0/disable_ipv6
ip link set br0 up
ip netns add ns1
ip link add veth0 type veth peer name veth1
ip link set veth0 netns ns1
ip netns exec ns1 ip addr add 192.168.10.10/24 dev veth0
echo 1 | ip netns exec ns1 dd of=/proc/sys/net/ipv6/conf/veth0/disable_ipv6 status=none
echo 1 > /proc/sys/net/ipv6/conf/veth1/disable_ipv6
ip netns exec ns1 ip link set veth0 up
ip link set veth1 master br0
ip link set veth1 up
ip netns add ns2
ip link add veth2 type veth peer name veth3
ip link set veth2 netns ns2
ip netns exec ns2 ip addr add 192.168.10.11/24 dev veth2
echo 1 | ip netns exec ns2 dd of=/proc/sys/net/ipv6/conf/veth2/disable_ipv6 status=none
echo 1 > /proc/sys/net/ipv6/conf/veth3/disable_ipv6
ip netns exec ns2 ip link set veth2 up
ip link set veth3 master br0
ip link set veth3 up
ip netns add ns3
ip link add veth4 type veth peer name veth5
ip link set veth4 netns ns3
ip netns exec ns3 ip addr add 192.168.10.12/24 dev veth4
echo 1 | ip netns exec ns3 dd of=/proc/sys/net/ipv6/conf/veth4/disable_ipv6 status=none
echo 1 > /proc/sys/net/ipv6/conf/veth5/disable_ipv6
ip netns exec ns3 ip link set veth4 up
ip link set veth5 master br0
ip link set veth5 up
bridge -s fdb show br br0
bridge -s fdb show br br0
ip netns exec ns1 ip neigh add 192.168.10.99 lladdr 02:00:00:00:00:99 dev veth0
ip link set br0 type bridge ageing_time 200
sleep 5
bridge -s fdb show br br0
""".strip().splitlines()


def delta(observed: str) -> int:
    return int(re.search(r"rx packets in ns\d \d+ → \d+ \(([+-]\d+)\)", observed).group(1))


def test_golden_command_list():
    assert commands_of("bridge-learning") == GOLDEN


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


@pytest.mark.skipif(not shutil.which("shellcheck"), reason="shellcheck is not installed")
def test_export_passes_shellcheck(tmp_path):
    assert "ip link set br0 type bridge ageing_time 200" in assert_export_passes_shellcheck("bridge-learning", tmp_path)
