#!/usr/bin/env bash
# bridge-l3: Give br0 an address: the namespaces use it as their gateway, no proxy_arp needed
# Exported by netsh 0.1.0. Parameters: ns1=ns1 ns2=ns2 veth0=veth0 veth1=veth1 veth2=veth2 veth3=veth3 addr1=192.168.10.10/24 addr2=192.168.10.11/24 bridge=br0 bridge_addr=192.168.10.1/24 subnet=192.168.10.0/24 host_addr=203.0.113.2
#
# WARNING: like the tutorial, this script changes the machine it runs on
# (namespaces, links, routes, sysctls, the iptables FORWARD policy). Run it as
# root in a VM, or in private network and mount namespaces that vanish with it:
#   unshare --net --mount --propagation private sh -c \
#     'mount -t tmpfs tmpfs /run/netns 2>/dev/null ||
#      { mount -t tmpfs tmpfs /run && mkdir /run/netns; }; exec bash bridge-l3.export.sh'
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

# --- Step 1: Two namespaces on a bridge ---
# The seed's layout: br0, and ns1 and ns2 each joined to it by a veth pair
# whose host end is a bridge port.
echo '== Step 1: Two namespaces on a bridge'
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
# claim: br0's ports are veth1 and veth3
ip -j -d link show master br0 || true

# --- Step 2: A switch without an address ---
# As a plain switch, br0 carries frames but takes no part in IP: the host has
# no route into 192.168.10.0/24, and the namespaces know no way out of it.
echo '== Step 2: A switch without an address'
check 1 'the host cannot reach ns1' -- ping -c 1 -w 1 192.168.10.10
check 1 'ns1 cannot reach the host'"'"'s 203.0.113.2' -- ip netns exec ns1 ping -c 1 -w 1 203.0.113.2

# --- Step 3: Give the bridge an address ---
# The seed's opening remark: a bridge is also the host's network interface on
# that segment. With 192.168.10.1/24 on it, the host is a member of
# 192.168.10.0/24; the kernel adds the connected route by itself and the host
# reaches both namespaces directly, answering their ARP requests for
# 192.168.10.1 as any host would. No proxy ARP is involved.
echo '== Step 3: Give the bridge an address'
ip addr add 192.168.10.1/24 dev br0
ip route
# claim: the address brings a route to 192.168.10.0/24 via br0
ip -j -d route show || true
# claim: proxy_arp on br0 is still 0
cat /proc/sys/net/ipv4/conf/br0/proxy_arp || true
check 0 'the host reaches ns1' -- ping -c 1 -w 3 192.168.10.10
check 0 'the host reaches ns2' -- ping -c 1 -w 3 192.168.10.11

# --- Step 4: The bridge's address as the gateway ---
# Each namespace routes everything outside its subnet to 192.168.10.1, an
# address on its own segment, so no `onlink` trick and no invented gateway are
# needed. Replies to the host's other addresses now find their way.
echo '== Step 4: The bridge'"'"'s address as the gateway'
ip netns exec ns1 ip route add default via 192.168.10.1
ip netns exec ns2 ip route add default via 192.168.10.1
# claim: ns1's default route goes via 192.168.10.1
ip netns exec ns1 ip -j -d route show || true
# claim: ns2's default route goes via 192.168.10.1
ip netns exec ns2 ip -j -d route show || true
check 0 'ns1 reaches the host'"'"'s 203.0.113.2 through 192.168.10.1' -- ip netns exec ns1 ping -c 1 -w 3 203.0.113.2
check 0 'ns2 reaches the host'"'"'s 203.0.113.2 through 192.168.10.1' -- ip netns exec ns2 ping -c 1 -w 3 203.0.113.2
check 0 'ns1 still reaches ns2 across the bridge' -- ip netns exec ns1 ping -c 1 -w 3 192.168.10.11

cleanup() {
  trap - EXIT INT TERM
  ip netns exec ns2 ip route del default via 192.168.10.1 2>/dev/null || true
  ip netns exec ns1 ip route del default via 192.168.10.1 2>/dev/null || true
  ip addr del 192.168.10.1/24 dev br0 2>/dev/null || true
  ip link set veth3 down 2>/dev/null || true
  ip link set veth3 nomaster 2>/dev/null || true
  ip netns exec ns2 ip link set veth2 down 2>/dev/null || true
  ip netns exec ns2 ip addr del 192.168.10.11/24 dev veth2 2>/dev/null || true
  ip link del veth2 2>/dev/null || true
  ip netns del ns2 2>/dev/null || true
  ip link set veth1 down 2>/dev/null || true
  ip link set veth1 nomaster 2>/dev/null || true
  ip netns exec ns1 ip link set veth0 down 2>/dev/null || true
  ip netns exec ns1 ip addr del 192.168.10.10/24 dev veth0 2>/dev/null || true
  ip link del veth0 2>/dev/null || true
  ip netns del ns1 2>/dev/null || true
  ip link set br0 down 2>/dev/null || true
  ip link del br0 2>/dev/null || true
}
echo "claims held: $held, not held: $failed"
[ "$failed" = 0 ]
