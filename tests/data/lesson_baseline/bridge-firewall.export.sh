#!/usr/bin/env bash
# bridge-firewall: FORWARD DROP and a bridge: bridge-nf-call-iptables off, on, and the per-bridge switch
# Exported by netsh 0.1.0. Parameters: ns1=ns1 ns2=ns2 veth0=veth0 veth1=veth1 veth2=veth2 veth3=veth3 addr1=192.168.10.10/24 addr2=192.168.10.11/24 bridge=br0
#
# WARNING: like the tutorial, this script changes the machine it runs on
# (namespaces, links, routes, sysctls, the iptables FORWARD policy). Run it as
# root in a VM, or in private network and mount namespaces that vanish with it:
#   unshare --net --mount --propagation private sh -c \
#     'mount -t tmpfs tmpfs /run/netns 2>/dev/null ||
#      { mount -t tmpfs tmpfs /run && mkdir /run/netns; }; exec bash bridge-firewall.export.sh'
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

# --- Step 1: Is br_netfilter here? ---
# A bridge forwards frames by MAC address and never asks iptables, unless the
# br_netfilter module is loaded: then, wherever bridge-nf-call-iptables is 1,
# the bridge hands each IPv4 frame it forwards to the iptables chains. Docker
# loads the module, and on this kernel every new network namespace starts with
# the switch at 1: on such a machine bridged traffic between containers
# already meets the FORWARD chain. Without the module, /proc/sys/net/bridge
# does not exist and this lesson cannot run.
echo '== Step 1: Is br_netfilter here?'
# claim: br_netfilter is loaded
cat /proc/sys/net/bridge/bridge-nf-call-iptables || true

# --- Step 2: Two namespaces on a bridge ---
# The seed's layout: br0 with veth1 and veth3 as its ports, the other ends in
# ns1 and ns2 on one subnet. No routes, no forwarding needed.
echo '== Step 2: Two namespaces on a bridge'
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
# claim: br0's ports are veth1 and veth3
ip -j -d link show master br0 || true
check 0 'ns1 reaches ns2 through br0' -- ip netns exec ns1 ping -c 1 -w 3 192.168.10.11

# --- Step 3: FORWARD DROP, the switch at 0 ---
# Set bridge-nf-call-iptables to 0 and the FORWARD policy to DROP, then zero
# the chain's counters. The ping still gets through, and the counters show
# why: the frames never visited the chain.
echo '== Step 3: FORWARD DROP, the switch at 0'
old_0=$(cat /proc/sys/net/bridge/bridge-nf-call-iptables 2>/dev/null)
echo 0 > /proc/sys/net/bridge/bridge-nf-call-iptables
old_1=$(iptables -S FORWARD 2>/dev/null)
iptables -P FORWARD DROP
iptables -Z FORWARD
# claim: bridge-nf-call-iptables is 0
cat /proc/sys/net/bridge/bridge-nf-call-iptables || true
# claim: ns1 still reaches ns2; the FORWARD policy counter stays flat
iptables -L FORWARD -v -n -x || true
check 0 'ns1 reaches ns2' -- ip netns exec ns1 ping -c 1 -w 3 192.168.10.11
iptables -L FORWARD -v -n -x || true

# --- Step 4: The switch at 1 ---
# Now the bridge passes its IPv4 frames to iptables. They are still bridged,
# not routed, yet the FORWARD chain sees them and its DROP policy applies.
echo '== Step 4: The switch at 1'
old_2=$(cat /proc/sys/net/bridge/bridge-nf-call-iptables 2>/dev/null)
echo 1 > /proc/sys/net/bridge/bridge-nf-call-iptables
iptables -Z FORWARD
# claim: with the switch at 1, ns1 cannot reach ns2; the FORWARD policy counter rises
iptables -L FORWARD -v -n -x || true
check 1 'ns1 cannot reach ns2' -- ip netns exec ns1 ping -c 1 -w 1 192.168.10.11
iptables -L FORWARD -v -n -x || true

# --- Step 5: One bridge's own switch ---
# The global switch applies to every bridge. A bridge also has its own option,
# nf_call_iptables: with the global switch back at 0, turning it on for br0
# alone sends br0's frames through iptables again: Linux looks at the global
# switch or the bridge's own, and either one on is enough. The last claim
# checks that on this kernel.
echo '== Step 5: One bridge'"'"'s own switch'
old_3=$(cat /proc/sys/net/bridge/bridge-nf-call-iptables 2>/dev/null)
echo 0 > /proc/sys/net/bridge/bridge-nf-call-iptables
ip link set br0 type bridge nf_call_iptables 1
iptables -Z FORWARD
# claim: bridge-nf-call-iptables is 0
cat /proc/sys/net/bridge/bridge-nf-call-iptables || true
# claim: br0 has nf_call_iptables 1
ip -j -d link show dev br0 || true
# claim: with only br0's own switch on, ns1 cannot reach ns2; the FORWARD policy counter rises
iptables -L FORWARD -v -n -x || true
check 1 'ns1 cannot reach ns2' -- ip netns exec ns1 ping -c 1 -w 1 192.168.10.11
iptables -L FORWARD -v -n -x || true

cleanup() {
  trap - EXIT INT TERM
  ip link set br0 type bridge nf_call_iptables 0 2>/dev/null || true
  [ -n "${old_3:-}" ] && echo "${old_3}" > /proc/sys/net/bridge/bridge-nf-call-iptables
  [ -n "${old_2:-}" ] && echo "${old_2}" > /proc/sys/net/bridge/bridge-nf-call-iptables
  [ -n "${old_1:-}" ] && iptables -P FORWARD "$(awk '$1=="-P" {print $3}' <<<"${old_1}")"
  [ -n "${old_0:-}" ] && echo "${old_0}" > /proc/sys/net/bridge/bridge-nf-call-iptables
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
