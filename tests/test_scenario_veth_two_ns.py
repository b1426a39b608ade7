"""veth-two-ns: the companion chapter's exact commands, run for real in the sandbox."""

import re
import shutil

import pytest

from conftest import ROOT
from scenario_checks import assert_every_claim_held, assert_export_passes_shellcheck, commands_of, run_and_report

# ../shared/tutorial-claims.md, "Companion scenarios", in its order...
CHAPTER = """
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
# ...then the claims' experiments: forwarding off, FORWARD DROP with the bridge switch both ways.
EXPERIMENTS = """
echo 0 > /proc/sys/net/ipv4/ip_forward
echo 1 > /proc/sys/net/ipv4/ip_forward
iptables -P FORWARD DROP
echo 0 > /proc/sys/net/bridge/bridge-nf-call-iptables
iptables -Z FORWARD
echo 1 > /proc/sys/net/bridge/bridge-nf-call-iptables
iptables -Z FORWARD
""".strip().splitlines()


def test_golden_command_list():
    assert commands_of("veth-two-ns") == CHAPTER + EXPERIMENTS


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


@pytest.mark.skipif(not shutil.which("shellcheck"), reason="shellcheck is not installed")
def test_export_passes_shellcheck(tmp_path):
    text = assert_export_passes_shellcheck("veth-two-ns", tmp_path)
    assert "ip route add 192.168.10.10/32 dev veth1 scope link" in text
