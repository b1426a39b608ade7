"""Command generation against the seed: every seed command, in the seed's order."""

import re
from pathlib import Path

import pytest

from netsh import __version__
from netsh.render.script import export
from netsh.scenario import find

# The command lines of ../shared/seed, in order, as the tutorial writes them.
SEED = """
ip link add br0 type bridge
ip link set br0 up
ip netns add ns1
ip netns add ns2
ip link add veth0 type veth peer name veth1
ip link add veth2 type veth peer name veth3
ip link set veth0 netns ns1
ip link set veth2 netns ns2
ip netns exec ns1 ip addr add 192.168.10.10/24 dev veth0
ip netns exec ns2 ip addr add 192.168.10.11/24 dev veth2
ip netns exec ns1 ip link set veth0 up
ip netns exec ns2 ip link set veth2 up
ip link set veth1 master br0
ip link set veth3 master br0
ip link set veth1 up
ip link set veth3 up
ip route add 192.168.10.0/24 dev br0 scope link
ip netns exec ns1 ip route
ip netns exec ns1 ip route add 0.0.0.0/0 via 169.2.2.2 dev veth0 onlink
ip netns exec ns2 ip route add 0.0.0.0/0 via 169.2.2.2 dev veth2 onlink
echo 1 > /proc/sys/net/ipv4/conf/br0/proxy_arp
echo 0 > /proc/sys/net/ipv4/ip_forward
echo 1 > /proc/sys/net/bridge/bridge-nf-call-iptables
iptables -P FORWARD DROP
ip link set br0 netns ns1
ethtool -k eth0 | grep netns-local
""".strip().splitlines()

SEED_FILE = Path(__file__).resolve().parents[2] / "shared" / "seed"


def scenario_commands():
    return [c.display for s in find("bridge-two-ns")().steps() for c in s.commands]


def test_the_scenario_runs_every_seed_command_in_order():
    cmds = scenario_commands()
    positions = [cmds.index(line) for line in SEED]
    assert positions == sorted(positions)


def _norm(text: str) -> str:
    return re.sub(r"\s*\|\s*", "|", " ".join(text.split()))


def test_the_seed_list_matches_the_seed_text_when_it_is_present():
    files = list(SEED_FILE.glob("*.txt")) if SEED_FILE.is_dir() else []
    if not files:
        pytest.skip("the seed lives beside the repository (../shared/seed), not in it")
    text = _norm(files[0].read_text())
    positions = [text.index(_norm(line)) for line in SEED]
    assert positions == sorted(positions)


def test_exported_script_has_every_seed_command_in_order():
    script = export(find("bridge-two-ns")(), __version__)
    at = 0
    for line in SEED:  # each after the one before (a check's own reads may repeat a command)
        at = script.index(line, at) + len(line)
