#!/usr/bin/env bash
# veth-two-ns: Two namespaces on veth pairs only; the host routes between them (proxy_arp, ip_forward)
# Exported by netsh 0.1.0. Parameters: ns1=ns1 ns2=ns2 veth0=veth0 veth1=veth1 veth2=veth2 veth3=veth3 addr1=192.168.10.10/24 addr2=192.168.10.11/24 gateway=169.2.2.2
#
# WARNING: like the tutorial, this script changes the machine it runs on
# (namespaces, links, routes, sysctls, the iptables FORWARD policy). Run it as
# root in a VM, or in private network and mount namespaces that vanish with it:
#   unshare --net --mount --propagation private sh -c \
#     'mount -t tmpfs tmpfs /run/netns 2>/dev/null ||
#      { mount -t tmpfs tmpfs /run && mkdir /run/netns; }; exec bash veth-two-ns.export.sh'
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

# --- Step 1: Two namespaces, each on its own cable ---
# Each namespace gets a veth pair of its own: veth0 and veth2 go inside with
# an address, veth1 and veth3 stay on the host. There is no bridge. Both
# addresses sit in one /24, so each namespace believes the other is on its own
# wire; but the two wires end in the host, which so far neither routes between
# them nor answers ARP for them.
echo '== Step 1: Two namespaces, each on its own cable'
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
# claim: veth0 lives in ns1 with 192.168.10.10/24
ip netns exec ns1 ip -j -d addr show dev veth0 || true
# claim: veth2 lives in ns2 with 192.168.10.11/24
ip netns exec ns2 ip -j -d addr show dev veth2 || true
check 1 'ns1 cannot reach ns2 yet' -- ip netns exec ns1 ping -c 1 -w 1 192.168.10.11

# --- Step 2: The host becomes the router ---
# A /32 route for each namespace tells the host which cable leads where. Proxy
# ARP on the host ends makes the host answer ARP questions for addresses it
# routes out of another interface, so ns1's question about 192.168.10.11 gets
# the host's MAC as its answer. With forwarding on, the host passes each
# packet on. The default routes via 169.2.2.2 (`onlink`: reachable on the wire
# although outside the subnet) give the namespaces a way to anything outside
# their /24.
echo '== Step 2: The host becomes the router'
ip route add 192.168.10.10/32 dev veth1 scope link
ip route add 192.168.10.11/32 dev veth3 scope link
old_0=$(cat /proc/sys/net/ipv4/conf/veth1/proxy_arp 2>/dev/null)
echo 1 > /proc/sys/net/ipv4/conf/veth1/proxy_arp
old_1=$(cat /proc/sys/net/ipv4/conf/veth3/proxy_arp 2>/dev/null)
echo 1 > /proc/sys/net/ipv4/conf/veth3/proxy_arp
old_2=$(cat /proc/sys/net/ipv4/ip_forward 2>/dev/null)
echo 1 > /proc/sys/net/ipv4/ip_forward
ip netns exec ns1 ip route add 0.0.0.0/0 via 169.2.2.2 dev veth0 onlink
ip netns exec ns2 ip route add 0.0.0.0/0 via 169.2.2.2 dev veth2 onlink
# claim: the host routes 192.168.10.10/32 to veth1
ip -j -d route show || true
# claim: the host routes 192.168.10.11/32 to veth3
ip -j -d route show || true
check 0 'ns2 reaches ns1' -- ip netns exec ns2 ping -c 1 -w 3 192.168.10.10
# claim: ns1 reaches ns2, and the host's IpForwDatagrams rises by 2 (it routed the request and the reply)
grep '^Ip:' /proc/net/snmp || true
check 0 'ns1 reaches ns2' -- ip netns exec ns1 ping -c 1 -w 3 192.168.10.11
grep '^Ip:' /proc/net/snmp || true

# --- Step 3: Forwarding off ---
# Every packet between the namespaces went through the host's IP forwarding
# code; the counter showed it. Switch forwarding off and that path is gone:
# the host neither forwards nor, for new ARP questions, proxies.
echo '== Step 3: Forwarding off'
old_3=$(cat /proc/sys/net/ipv4/ip_forward 2>/dev/null)
echo 0 > /proc/sys/net/ipv4/ip_forward
# claim: ns1 can no longer reach ns2; IpForwDatagrams stays flat
grep '^Ip:' /proc/net/snmp || true
check 1 'ns1 cannot reach ns2' -- ip netns exec ns1 ping -c 1 -w 1 192.168.10.11
grep '^Ip:' /proc/net/snmp || true

# --- Step 4: Forwarding on, FORWARD policy DROP ---
# Turn forwarding back on and set the iptables FORWARD policy to DROP: routed
# packets meet the FORWARD chain on their way through. The next two steps set
# bridge-nf-call-iptables both ways, so first check that br_netfilter, which
# provides it, is here.
echo '== Step 4: Forwarding on, FORWARD policy DROP'
old_4=$(cat /proc/sys/net/ipv4/ip_forward 2>/dev/null)
echo 1 > /proc/sys/net/ipv4/ip_forward
old_5=$(iptables -S FORWARD 2>/dev/null)
iptables -P FORWARD DROP
# claim: br_netfilter is loaded
cat /proc/sys/net/bridge/bridge-nf-call-iptables || true

# --- Step 5: bridge-nf-call-iptables off ---
# bridge-nf-call-iptables decides whether *bridged* frames visit iptables.
# These packets are routed, not bridged, so with the switch off they meet the
# FORWARD chain all the same. Its counters, zeroed first, show the policy
# dropping the ping.
echo '== Step 5: bridge-nf-call-iptables off'
old_6=$(cat /proc/sys/net/bridge/bridge-nf-call-iptables 2>/dev/null)
echo 0 > /proc/sys/net/bridge/bridge-nf-call-iptables
iptables -Z FORWARD
# claim: with the switch off, ns1 cannot reach ns2; the FORWARD policy counter rises
iptables -L FORWARD -v -n -x || true
check 1 'ns1 cannot reach ns2' -- ip netns exec ns1 ping -c 1 -w 1 192.168.10.11
iptables -L FORWARD -v -n -x || true

# --- Step 6: bridge-nf-call-iptables on ---
# bridge-nf-call-iptables decides whether *bridged* frames visit iptables.
# These packets are routed, not bridged, so with the switch on they meet the
# FORWARD chain all the same. Its counters, zeroed first, show the policy
# dropping the ping.
echo '== Step 6: bridge-nf-call-iptables on'
old_7=$(cat /proc/sys/net/bridge/bridge-nf-call-iptables 2>/dev/null)
echo 1 > /proc/sys/net/bridge/bridge-nf-call-iptables
iptables -Z FORWARD
# claim: with the switch on, ns1 cannot reach ns2; the FORWARD policy counter rises
iptables -L FORWARD -v -n -x || true
check 1 'ns1 cannot reach ns2' -- ip netns exec ns1 ping -c 1 -w 1 192.168.10.11
iptables -L FORWARD -v -n -x || true

cleanup() {
  trap - EXIT INT TERM
  [ -n "${old_7:-}" ] && echo "${old_7}" > /proc/sys/net/bridge/bridge-nf-call-iptables
  [ -n "${old_6:-}" ] && echo "${old_6}" > /proc/sys/net/bridge/bridge-nf-call-iptables
  [ -n "${old_5:-}" ] && iptables -P FORWARD "$(awk '$1=="-P" {print $3}' <<<"${old_5}")"
  [ -n "${old_4:-}" ] && echo "${old_4}" > /proc/sys/net/ipv4/ip_forward
  [ -n "${old_3:-}" ] && echo "${old_3}" > /proc/sys/net/ipv4/ip_forward
  ip netns exec ns2 ip route del 0.0.0.0/0 via 169.2.2.2 dev veth2 onlink 2>/dev/null || true
  ip netns exec ns1 ip route del 0.0.0.0/0 via 169.2.2.2 dev veth0 onlink 2>/dev/null || true
  [ -n "${old_2:-}" ] && echo "${old_2}" > /proc/sys/net/ipv4/ip_forward
  [ -n "${old_1:-}" ] && echo "${old_1}" > /proc/sys/net/ipv4/conf/veth3/proxy_arp
  [ -n "${old_0:-}" ] && echo "${old_0}" > /proc/sys/net/ipv4/conf/veth1/proxy_arp
  ip route del 192.168.10.11/32 dev veth3 scope link 2>/dev/null || true
  ip route del 192.168.10.10/32 dev veth1 scope link 2>/dev/null || true
  ip link set veth3 down 2>/dev/null || true
  ip netns exec ns2 ip link set veth2 down 2>/dev/null || true
  ip link set veth1 down 2>/dev/null || true
  ip netns exec ns1 ip link set veth0 down 2>/dev/null || true
  ip netns exec ns2 ip addr del 192.168.10.11/24 dev veth2 2>/dev/null || true
  ip netns exec ns1 ip addr del 192.168.10.10/24 dev veth0 2>/dev/null || true
  ip link del veth2 2>/dev/null || true
  ip link del veth0 2>/dev/null || true
  ip netns del ns2 2>/dev/null || true
  ip netns del ns1 2>/dev/null || true
}
echo "claims held: $held, not held: $failed"
[ "$failed" = 0 ]
