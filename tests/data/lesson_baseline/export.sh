#!/usr/bin/env bash
# bridge-two-ns: Two namespaces on a Linux bridge; host route, proxy_arp, ip_forward and iptables
# Exported by netsh 0.1.0. Parameters: ns1=ns1 ns2=ns2 veth0=veth0 veth1=veth1 veth2=veth2 veth3=veth3 addr1=192.168.10.10/24 addr2=192.168.10.11/24 bridge=br0 subnet=192.168.10.0/24 gateway=169.2.2.2 uplink=eth0
#
# WARNING: like the tutorial, this script changes the machine it runs on
# (namespaces, links, routes, sysctls, the iptables FORWARD policy). Run it as
# root in a VM, or in private network and mount namespaces that vanish with it:
#   unshare --net --mount --propagation private sh -c \
#     'mount -t tmpfs tmpfs /run/netns 2>/dev/null ||
#      { mount -t tmpfs tmpfs /run && mkdir /run/netns; }; exec bash export.sh'
# (Not under `ip netns exec`: the namespaces it adds would leave stale names in
# /run/netns.) Claims about reaching the host assume the tutorial's server: an
# uplink with a default route and forwarding on. The cleanup at the end (also
# run on error, Ctrl-C or SIGTERM) restores what it changed.
set -u

held=0 failed=0
check() {  # check EXPECTED-STATUS DESCRIPTION -- COMMAND...
  local want=$1 what=$2; shift 3
  if "$@" >/dev/null 2>&1; then got=0; else got=1; fi
  if [ "$got" = "$want" ]; then echo "  ✓ $what"; held=$((held + 1))
  else echo "  ✗ $what"; failed=$((failed + 1)); fi
}

trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- Step 1: Create the bridge ---
# A Linux bridge is a switch made of software: frames that enter one of its
# ports leave by another, and it learns which MAC address sits behind which
# port. We make one called br0 and switch it on.
echo '== Step 1: Create the bridge'
ip link add br0 type bridge
ip link set br0 up
# claim: br0 exists, is a bridge and is up
ip -j -d link show dev br0 || true

# --- Step 2: Two namespaces, two veth pairs ---
# Each namespace stands for a container. A veth pair is a virtual cable: one
# end (veth0, veth2) goes into a namespace and gets an address, the other end
# (veth1, veth3) stays on the host.
echo '== Step 2: Two namespaces, two veth pairs'
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
# claim: veth0 lives in ns1 with 192.168.10.10/24
ip netns exec ns1 ip -j -d addr show dev veth0 || true
# claim: veth2 lives in ns2 with 192.168.10.11/24
ip netns exec ns2 ip -j -d addr show dev veth2 || true

# --- Step 3: Plug the host ends into the bridge ---
# Making br0 the master of veth1 and veth3 turns them into bridge ports. Both
# namespaces share one subnet, so they need no gateway: ns1's ARP request is
# flooded by the bridge and ns2 answers it, with no proxy ARP and no hand-
# written neighbour entries. The host itself has no route to that subnet yet.
echo '== Step 3: Plug the host ends into the bridge'
ip link set veth1 master br0
ip link set veth3 master br0
ip link set veth1 up
ip link set veth3 up
# claim: br0's ports are veth1 and veth3
ip -j -d link show master br0 || true
check 0 'ns1 reaches 192.168.10.11 through the bridge' -- ip netns exec ns1 ping -c 1 -w 3 192.168.10.11
check 1 'the host cannot reach ns1 yet' -- ping -c 1 -w 1 192.168.10.10
check 1 'the host cannot reach ns2 yet' -- ping -c 1 -w 1 192.168.10.11

# --- Step 4: Route the subnet to the bridge ---
# One route sends the whole of 192.168.10.0/24 out of br0, so every namespace
# added to that subnet later is covered too. Yet the host's ping still gets no
# answer: ns1 knows only its own subnet and has no way back to the host's
# address. Its routing table shows why.
echo '== Step 4: Route the subnet to the bridge'
ip route add 192.168.10.0/24 dev br0 scope link
ip netns exec ns1 ip route
# claim: the host routes 192.168.10.0/24 to br0
ip -j -d route show || true
check 1 'the host still cannot reach ns1' -- ping -c 1 -w 1 192.168.10.10

# --- Step 5: Default routes and proxy ARP ---
# Each namespace gets a default route via 169.2.2.2, an address nobody owns;
# `onlink` lets the route use it even though it lies outside the subnet. When
# a namespace asks who has 169.2.2.2, proxy ARP on br0 makes the host answer
# with the bridge's own MAC address, so replies reach the host.
echo '== Step 5: Default routes and proxy ARP'
ip netns exec ns1 ip route add 0.0.0.0/0 via 169.2.2.2 dev veth0 onlink
ip netns exec ns2 ip route add 0.0.0.0/0 via 169.2.2.2 dev veth2 onlink
old_0=$(cat /proc/sys/net/ipv4/conf/br0/proxy_arp 2>/dev/null)
echo 1 > /proc/sys/net/ipv4/conf/br0/proxy_arp
check 0 'the host reaches ns1' -- ping -c 1 -w 3 192.168.10.10
check 0 'the host reaches ns2' -- ping -c 1 -w 3 192.168.10.11

# --- Step 6: Bridged traffic ignores ip_forward ---
# Switch IPv4 forwarding off. A routed path between namespaces would break,
# but ns1 and ns2 talk through the bridge at layer 2: their frames never reach
# the host's IP forwarding code.
echo '== Step 6: Bridged traffic ignores ip_forward'
old_1=$(cat /proc/sys/net/ipv4/ip_forward 2>/dev/null)
echo 0 > /proc/sys/net/ipv4/ip_forward
# claim: forwarding is off
cat /proc/sys/net/ipv4/ip_forward || true
check 0 'ns1 still reaches ns2' -- ip netns exec ns1 ping -c 1 -w 3 192.168.10.11

# --- Step 7: Make bridged frames pass iptables ---
# With bridge-nf-call-iptables set, the bridge hands every IPv4 frame it
# forwards to the iptables FORWARD chain (br_netfilter's hook in the bridge
# forwarding path), though the packet still never enters the host's routing. A
# FORWARD policy of DROP then cuts the two namespaces apart. The first command
# shows the value before the change: where br_netfilter is loaded it is often
# 1 already.
echo '== Step 7: Make bridged frames pass iptables'
cat /proc/sys/net/bridge/bridge-nf-call-iptables
old_2=$(cat /proc/sys/net/bridge/bridge-nf-call-iptables 2>/dev/null)
echo 1 > /proc/sys/net/bridge/bridge-nf-call-iptables
old_3=$(iptables -S FORWARD 2>/dev/null)
iptables -P FORWARD DROP
check 1 'ns1 can no longer reach ns2' -- ip netns exec ns1 ping -c 1 -w 1 192.168.10.11

# --- Step 8: A bridge cannot change namespace ---
# Some devices are tied to the namespace they were made in; a bridge is one.
# Moving br0 into ns1 is refused; the wording of the error depends on the
# kernel. The tutorial looks for the `netns-local` feature with ethtool (here
# on the uplink eth0); kernels from 6.12 on no longer list it, because it
# became a device flag.
echo '== Step 8: A bridge cannot change namespace'
if ip link set br0 netns ns1; then echo '  ✗ this should have failed'; failed=$((failed + 1)); else echo '  ✓ failed as the tutorial says'; held=$((held + 1)); fi
ethtool -k eth0 | grep netns-local || echo '(no line with netns-local)'
# claim: br0 is reported netns-local
ethtool --json -k br0 || true
ip -j -d link show dev br0 || true

cleanup() {
  trap - EXIT INT TERM
  [ -n "${old_3:-}" ] && iptables -P FORWARD "$(awk '$1=="-P" {print $3}' <<<"${old_3}")"
  [ -n "${old_2:-}" ] && echo "${old_2}" > /proc/sys/net/bridge/bridge-nf-call-iptables
  [ -n "${old_1:-}" ] && echo "${old_1}" > /proc/sys/net/ipv4/ip_forward
  [ -n "${old_0:-}" ] && echo "${old_0}" > /proc/sys/net/ipv4/conf/br0/proxy_arp
  ip netns exec ns2 ip route del 0.0.0.0/0 via 169.2.2.2 dev veth2 onlink 2>/dev/null || true
  ip netns exec ns1 ip route del 0.0.0.0/0 via 169.2.2.2 dev veth0 onlink 2>/dev/null || true
  ip route del 192.168.10.0/24 dev br0 scope link 2>/dev/null || true
  ip link set veth3 down 2>/dev/null || true
  ip link set veth1 down 2>/dev/null || true
  ip link set veth3 nomaster 2>/dev/null || true
  ip link set veth1 nomaster 2>/dev/null || true
  ip netns exec ns2 ip link set veth2 down 2>/dev/null || true
  ip netns exec ns1 ip link set veth0 down 2>/dev/null || true
  ip netns exec ns2 ip addr del 192.168.10.11/24 dev veth2 2>/dev/null || true
  ip netns exec ns1 ip addr del 192.168.10.10/24 dev veth0 2>/dev/null || true
  ip link del veth2 2>/dev/null || true
  ip link del veth0 2>/dev/null || true
  ip netns del ns2 2>/dev/null || true
  ip netns del ns1 2>/dev/null || true
  ip link set br0 down 2>/dev/null || true
  ip link del br0 2>/dev/null || true
}
echo "claims held: $held, not held: $failed"
[ "$failed" = 0 ]
