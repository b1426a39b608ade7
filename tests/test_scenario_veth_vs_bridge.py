"""veth-vs-bridge: a routed and a bridged pair side by side, then ip_forward=0."""

import re
import shutil

import pytest

from conftest import ROOT
from scenario_checks import assert_every_claim_held, assert_export_passes_shellcheck, commands_of, run_and_report

ROUTED = """
ip netns add ns1
ip netns add ns2
ip link add veth0 type veth peer name veth1
ip link add veth2 type veth peer name veth3
ip link set veth0 netns ns1
ip link set veth2 netns ns2
ip netns exec ns1 ip addr add 192.168.10.10/24 dev veth0
ip netns exec ns2 ip addr add 192.168.10.11/24 dev veth2
ip netns exec ns1 ip link set veth0 up
ip link set veth1 up
ip netns exec ns2 ip link set veth2 up
ip link set veth3 up
ip route add 192.168.10.10/32 dev veth1 scope link
ip route add 192.168.10.11/32 dev veth3 scope link
echo 1 > /proc/sys/net/ipv4/conf/veth1/proxy_arp
echo 1 > /proc/sys/net/ipv4/conf/veth3/proxy_arp
echo 1 > /proc/sys/net/ipv4/ip_forward
ip netns exec ns1 ip route add 0.0.0.0/0 via 169.2.2.2 dev veth0 onlink
ip netns exec ns2 ip route add 0.0.0.0/0 via 169.2.2.2 dev veth2 onlink
""".strip().splitlines()
BRIDGED = """
ip link add br0 type bridge
ip link set br0 up
ip netns add ns3
ip netns add ns4
ip link add veth4 type veth peer name veth5
ip link add veth6 type veth peer name veth7
ip link set veth4 netns ns3
ip link set veth6 netns ns4
ip netns exec ns3 ip addr add 192.168.10.10/24 dev veth4
ip netns exec ns4 ip addr add 192.168.10.11/24 dev veth6
ip netns exec ns3 ip link set veth4 up
ip netns exec ns4 ip link set veth6 up
ip link set veth5 master br0
ip link set veth7 master br0
ip link set veth5 up
ip link set veth7 up
""".strip().splitlines()


def test_golden_command_list():
    assert commands_of("veth-vs-bridge") == ROUTED + BRIDGED + ["echo 0 > /proc/sys/net/ipv4/ip_forward"]


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


@pytest.mark.skipif(not shutil.which("shellcheck"), reason="shellcheck is not installed")
def test_export_passes_shellcheck(tmp_path):
    assert_export_passes_shellcheck("veth-vs-bridge", tmp_path)
