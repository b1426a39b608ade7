"""The seed's bridge, host route and proxy ARP, with N namespaces instead of two.

Built for scale: each veth pair is born with its namespace end already inside
the namespace (no moves), the commands run batched (one `ip -batch` per place),
and every namespace is checked against every other without dynamic ARP: the
kernel's IPv4 neighbour table is shared by the whole machine and its hard limit
(gc_thresh3, 1024 by default) would overflow above about 30 namespaces.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from netsh.claims import BridgePorts, HasRoute, LinkIs
from netsh.claims.neighbours import NeighbourIs
from netsh.claims.sweep import ReachesRange
from netsh.command import Command
from netsh.errors import UsageError
from netsh.params import Address, Count, IfName, Network, NsName
from netsh.scenario import Scenario
from netsh.step import step
from netsh.tools import ip, sysctl

# All-pairs means n² hand-written neighbour entries (kernel memory, ~0.4 kB
# each); past this the scenario stops being a lesson and becomes a load test.
MAX_N = 512
BRIDGE_MAC = "02:4e:42:00:00:01"  # fixed, so namespaces can be told it in advance


def ns_mac(i: int) -> str:
    """The MAC of namespace i's interface: locally administered, unique per i."""
    return f"02:4e:53:{i >> 16 & 255:02x}:{i >> 8 & 255:02x}:{i & 255:02x}"


def smallest_prefix(n: int) -> int:
    """The longest prefix length whose subnet holds n host addresses."""
    prefix = 30
    while (1 << (32 - prefix)) - 2 < n:
        prefix -= 1
    return prefix


class BridgeNNs(Scenario):
    name = "bridge-n-ns"
    summary = "N namespaces on one bridge, one host route and proxy ARP; every pair checked, batched"
    assumptions = (
        "The host has an uplink with an address and a default route that does not go "
        "through the bridge, and IPv4 forwarding is on (for proxy ARP, as in bridge-two-ns).",
        "fping is installed: one fping per namespace checks all its pairs at once.",
    )
    batched = True

    @dataclass(frozen=True)
    class Params:
        n: Count = 4
        bridge: IfName = "br0"
        ns: NsName = "ns"            # namespaces are ns1 .. nsN
        host_end: IfName = "vh"      # host ends vh1 .. vhN; every namespace end is eth0
        ns_end: IfName = "eth0"
        subnet: Network = "198.18.0.0/22"  # RFC 2544's benchmarking range: never a real network
        gateway: Address = "169.2.2.2"

        def __post_init__(self):
            net = ipaddress.IPv4Network(self.subnet)
            if not 2 <= self.n <= MAX_N:
                raise UsageError(f"n={self.n} is out of range", f"Give n from 2 to {MAX_N}.")
            if self.n > net.num_addresses - 2:
                wider = ipaddress.IPv4Network(f"{net.network_address}/{smallest_prefix(self.n)}", strict=False)
                raise UsageError(f"{self.subnet} has room for {max(0, net.num_addresses - 2)} "
                                 f"namespaces, not {self.n}",
                                 f"Give a wider subnet, e.g. -p subnet={wider}.")
            if ipaddress.IPv4Address(self.gateway) in net:
                raise UsageError(f"the gateway {self.gateway} lies inside {self.subnet}",
                                 "Proxy ARP answers only for an address outside the subnet; "
                                 "keep the default 169.2.2.2 or pick another outside address.")
            if len(self.host_end) + len(str(self.n)) > 15:
                raise UsageError(f"{self.host_end}{self.n} is longer than 15 characters",
                                 "Give a shorter -p host_end=.")
            if len(self.ns) + len(str(self.n)) > 64:
                raise UsageError(f"{self.ns}{self.n} is longer than 64 characters",
                                 "Give a shorter -p ns= or --prefix.")

    def nss(self) -> list[str]:
        return [f"{self.p.ns}{i}" for i in range(1, self.p.n + 1)]

    def addrs(self) -> list[str]:
        """Namespace i's address is addrs()[i]: the subnet's i-th address (index 0 unused)."""
        base = ipaddress.IPv4Network(self.p.subnet).network_address
        return [str(base + i) for i in range(self.p.n + 1)]

    def steps(self):
        p = self.p
        n, names, addr = p.n, self.nss(), self.addrs()
        plen = ipaddress.IPv4Network(p.subnet).prefixlen
        hosts = [f"{p.host_end}{i}" for i in range(1, n + 1)]

        yield step(
            "The bridge",
            f"""One bridge, {p.bridge}, for all {n} namespaces. Its MAC address is set by hand
            because the namespaces will be told it in advance.""",
            [ip.bridge_add(p.bridge, address=BRIDGE_MAC), ip.link_up(p.bridge)],
            [LinkIs(f"{p.bridge} exists, is a bridge and is up", name=p.bridge, kind="bridge")],
        )
        yield step(
            f"{n} namespaces, each wired to the bridge",
            f"""Each veth pair is created with its {p.ns_end} end already inside its namespace
            (`peer name {p.ns_end} netns ...`): moving a device between namespaces waits for
            an RCU grace period, tens of milliseconds each. The host ends become ports of
            {p.bridge}. They need no undo of their own: deleting a namespace deletes its
            pair.""",
            [*map(ip.netns_add, names),
             *(ip.veth_into(h, p.ns_end, ns, ns_mac(i)) for i, (h, ns) in enumerate(zip(hosts, names), 1)),
             *(undone_by_deletion(ip.link_master(h, p.bridge)) for h in hosts),
             *(undone_by_deletion(ip.link_up(h)) for h in hosts)],
            [BridgePorts(f"{p.bridge} has {n} ports, one per namespace", bridge=p.bridge, ports=tuple(hosts))],
        )
        yield step(
            "One route for the whole subnet, and proxy ARP",
            f"""As in the two-namespace lesson, a single route sends {p.subnet} out of
            {p.bridge}, however many namespaces it holds, and proxy ARP lets the bridge answer
            for the gateway {p.gateway}; with proxy_delay 0 it answers at once instead of
            after a random wait of up to 0.8 s. The host is also told each namespace's MAC
            address (a permanent neighbour entry), so reaching {n} namespaces asks no ARP
            question.""",
            [ip.route_add(p.subnet, "dev", p.bridge, "scope", "link"),
             sysctl.write(f"/proc/sys/net/ipv4/conf/{p.bridge}/proxy_arp", "1"),
             sysctl.write(f"/proc/sys/net/ipv4/neigh/{p.bridge}/proxy_delay", "0"),
             *(undone_by_deletion(ip.neigh_add(addr[i], ns_mac(i), p.bridge, nud="permanent"))
               for i in range(1, n + 1))],
            [HasRoute(f"the host routes {p.subnet} to {p.bridge}", dst=p.subnet, dev=p.bridge)],
        )
        for i, ns in enumerate(names, 1):
            yield step(
                f"Inside {ns}",
                "" if i > 1 else f"""Each namespace gets its address, a default route via
                {p.gateway} (onlink), and a permanent neighbour entry for every other
                namespace. Why by hand: the kernel's IPv4 neighbour table is one table for
                the whole machine, capped at gc_thresh3 (1024 entries by default); letting
                {n} namespaces ARP for each other would need {n * (n - 1)} dynamic entries
                and, past about 30 namespaces, starve every other namespace on this machine.
                Permanent entries are not counted against that cap, and netsh never raises
                it. {ns} alone asks for the gateway by ARP, to show proxy ARP at work; the
                others are told the bridge's MAC. The same commands follow for every
                namespace.""",
                self.inside(i, ns, f"{addr[i]}/{plen}", addr),
            )
        yield step(
            "Every pair, and the host",
            f"""First the host pings all {n} namespaces through its one route; their replies
            also teach the bridge which port every MAC address lives behind, so what follows
            is not flooded to every port. Then one fping per namespace pings all {n}
            addresses at once ({n} × {n} pairs, each namespace's own included), the
            namespaces side by side.""",
            [],
            [ReachesRange(f"the host reaches all {n} namespaces through its one route", sources=(None,),
                          first=addr[1], last=addr[n], count=n,
                          why_not="proxy ARP needs forwarding on and the gateway routed out of another "
                                  "interface (the host's default route)"),
             NeighbourIs(f"{names[0]} learned the gateway {p.gateway} by proxy ARP: the bridge's MAC",
                         netns=names[0], address=p.gateway, owner=p.bridge),
             ReachesRange(f"every namespace reaches every other ({n} × {n} pairs)", sources=tuple(names),
                          first=addr[1], last=addr[n], count=n,
                          why_not="check the neighbour entries and that every port of the bridge is up")],
        )

    def inside(self, i: int, ns: str, cidr: str, addr: list[str]) -> list:
        p = self.p
        dev = p.ns_end
        gateway = [] if i == 1 else [ip.neigh_add(p.gateway, BRIDGE_MAC, dev, netns=ns, nud="permanent")]
        commands = [ip.addr_add(cidr, dev, netns=ns), ip.link_up(dev, netns=ns),
                    ip.link_up("lo", netns=ns),
                    ip.route_add("0.0.0.0/0", "via", p.gateway, "dev", dev, "onlink", netns=ns),
                    *gateway,
                    *(ip.neigh_add(addr[j], ns_mac(j), dev, netns=ns, nud="permanent")
                      for j in range(1, p.n + 1) if j != i)]
        return [undone_by_deletion(c) for c in commands]


def undone_by_deletion(command):
    """No undo of its own: it vanishes with the namespace, veth pair or bridge it was
    made in, which is deleted anyway (a run on the host stays quick to undo, and an
    exported script's cleanup does not replay n² deletions)."""
    return Command(**{**vars(command), "undo": None})  # dataclasses.replace is 5× slower; n² calls
