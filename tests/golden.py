"""Golden command lists several tests compare scenarios with, as tutorials write them."""

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
