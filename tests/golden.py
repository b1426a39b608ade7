"""Golden command lists: every built-in scenario's commands as the tutorials write
them, in order (tests/test_golden_commands.py compares each with the scenario)."""

import re
from pathlib import Path

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

# The seed's steps 1 to 3: a bridge, two namespaces, their veth ends as its ports.
SEED_STEPS_1_TO_3 = SEED[:SEED.index("ip route add 192.168.10.0/24 dev br0 scope link")]

# ../shared/tutorial-claims.md, "Companion scenarios", in its order: the seed's
# namespaces, pairs and addresses (its step 2 without the bridge), then routing.
CHAPTER = SEED[2:10] + """
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


def plugged(ns: str, inner: str, outer: str, cidr: str, quiet: bool = False) -> list[str]:
    """A namespace plugged into br0 by a veth pair (`quiet`: IPv6 off on both ends)."""
    silence = [f"echo 1 | ip netns exec {ns} dd of=/proc/sys/net/ipv6/conf/{inner}/disable_ipv6 status=none",
               f"echo 1 > /proc/sys/net/ipv6/conf/{outer}/disable_ipv6"] if quiet else []
    return [f"ip netns add {ns}", f"ip link add {inner} type veth peer name {outer}",
            f"ip link set {inner} netns {ns}", f"ip netns exec {ns} ip addr add {cidr} dev {inner}",
            *silence, f"ip netns exec {ns} ip link set {inner} up",
            f"ip link set {outer} master br0", f"ip link set {outer} up"]


# The routed pair is the chapter; the bridged pair is the seed's steps 1-3 with the
# names moved along (ns3/ns4 on veth4-7), both at once.
RENAMED = {"ns1": "ns3", "ns2": "ns4", "veth0": "veth4", "veth1": "veth5", "veth2": "veth6", "veth3": "veth7"}
BRIDGED_AGAIN = [re.sub(r"\b(ns[12]|veth[0-3])\b", lambda m: RENAMED[m.group(1)], line) for line in SEED_STEPS_1_TO_3]

GOLDEN = {
    "bridge-firewall": SEED_STEPS_1_TO_3 + """
echo 0 > /proc/sys/net/bridge/bridge-nf-call-iptables
iptables -P FORWARD DROP
iptables -Z FORWARD
echo 1 > /proc/sys/net/bridge/bridge-nf-call-iptables
iptables -Z FORWARD
echo 0 > /proc/sys/net/bridge/bridge-nf-call-iptables
ip link set br0 type bridge nf_call_iptables 1
iptables -Z FORWARD
""".strip().splitlines(),
    "bridge-l3": ["ip link add br0 type bridge", "ip link set br0 up",
                  *plugged("ns1", "veth0", "veth1", "192.168.10.10/24"),
                  *plugged("ns2", "veth2", "veth3", "192.168.10.11/24")] + """
ip addr add 192.168.10.1/24 dev br0
ip route
ip netns exec ns1 ip route add default via 192.168.10.1
ip netns exec ns2 ip route add default via 192.168.10.1
""".strip().splitlines(),
    "bridge-learning": ["ip link add br0 type bridge", "echo 1 > /proc/sys/net/ipv6/conf/br0/disable_ipv6",
                        "ip link set br0 up", *plugged("ns1", "veth0", "veth1", "192.168.10.10/24", quiet=True),
                        *plugged("ns2", "veth2", "veth3", "192.168.10.11/24", quiet=True),
                        *plugged("ns3", "veth4", "veth5", "192.168.10.12/24", quiet=True)] + """
bridge -s fdb show br br0
bridge -s fdb show br br0
ip netns exec ns1 ip neigh add 192.168.10.99 lladdr 02:00:00:00:00:99 dev veth0
ip link set br0 type bridge ageing_time 200
sleep 5
bridge -s fdb show br br0
""".strip().splitlines(),
    "netns-local": """
ip link add br0 type bridge
ip netns add ns1
ip link set br0 netns ns1
ethtool -k br0 | grep netns-local
ip netns add ns2
ip netns exec ns2 ip link set lo netns ns1
ip link add veth0 type veth peer name veth1
ip link set veth0 netns ns1
ip link add vx0 type vxlan id 42 dstport 4789
ip link set vx0 netns ns1
""".strip().splitlines(),
    # The chapter, then the claims' experiments: forwarding off, FORWARD DROP with the bridge switch both ways.
    "veth-two-ns": CHAPTER + """
echo 0 > /proc/sys/net/ipv4/ip_forward
echo 1 > /proc/sys/net/ipv4/ip_forward
iptables -P FORWARD DROP
echo 0 > /proc/sys/net/bridge/bridge-nf-call-iptables
iptables -Z FORWARD
echo 1 > /proc/sys/net/bridge/bridge-nf-call-iptables
iptables -Z FORWARD
""".strip().splitlines(),
    "veth-vs-bridge": CHAPTER + BRIDGED_AGAIN + ["echo 0 > /proc/sys/net/ipv4/ip_forward"],
}

# The seed tutorial itself, where ../shared sits beside the checkout (CI and sessions have it).
SEED_FILE = Path(__file__).resolve().parents[2] / "shared" / "seed"
