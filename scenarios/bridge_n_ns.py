"""The seed's bridge, host route and proxy ARP, with N namespaces instead of two.

Built for scale: each veth pair is born with its namespace end already inside
the namespace (no moves), the commands run batched (one `ip -batch` per place),
and namespaces are checked against each other without dynamic ARP: the kernel's
IPv4 neighbour table is shared by the whole machine and its hard limit
(gc_thresh3, 1024 by default) would overflow above about 30 namespaces.

Up to `all_pairs` namespaces (128 by default) every pair is checked, with n²
permanent neighbour entries. Above it, n² entries would cost more than the rest
of the build together (262,144 at n=512), so SAMPLE namespaces spread over the
range ping all n, and every namespace is told about those SAMPLE only: every
namespace answers SAMPLE others, so every port of the bridge is crossed both ways,
with about 2 × SAMPLE × n entries and SAMPLE fping processes.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, replace

from netsh.claims import BridgePorts, HasRoute, LinkIs
from netsh.claims.neighbours import NeighbourIs
from netsh.claims.sweep import ReachesRange
from netsh.errors import UsageError
from netsh.i18n import localize, tr
from netsh.param_rules import PROXY_ARP_OUTSIDE, Outside
from netsh.params import Address, Count, IfName, Network, NsName
from netsh.scenario import Scenario
from netsh.step import step
from netsh.tools import ip, sysctl

# A Linux bridge takes at most 1023 ports (port numbers are 10 bits, 0 unused).
MAX_N = 1000
# All pairs means n² hand-written neighbour entries (kernel memory, ~0.4 kB each);
# past this the exact check stops being a lesson and becomes a load test.
ALL_PAIRS_MAX = 512
SAMPLE = 16  # namespaces that ping all the others above `all_pairs`
BRIDGE_MAC = "02:4e:42:00:00:01"  # fixed, so namespaces can be told it in advance
CHUNK = 32  # namespaces per step: configured side by side, a bounded number of commands in memory


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
    summary = tr("N namespaces on one bridge, one host route and proxy ARP; every pair checked "
                 "(a spread sample above 128), batched",
                 zh="一个网桥上挂 N 个命名空间，一条主机路由加代理 ARP；两两互通全部检查（超过 128 个时抽样检查），"
                    "命令批量执行")
    assumptions = (
        tr("The host has an uplink with an address and a default route that does not go "
           "through the bridge, and IPv4 forwarding is on (for proxy ARP, as in bridge-two-ns).",
           zh="主机有一个带地址的上行接口，默认路由不经过网桥，并且打开了 IPv4 转发（代理 ARP "
              "需要这些，和 bridge-two-ns 一样）。"),
        tr("fping is installed: one fping per namespace checks all its pairs at once.",
           zh="装了 fping：每个命名空间用一次 fping 就能一口气检查它的所有配对。"),
    )
    batched = True

    rules = (Outside("gateway", "subnet", why=PROXY_ARP_OUTSIDE),)
    features = ("bridge", "veth")

    @dataclass(frozen=True)
    class Params:
        n: Count = 4
        bridge: IfName = "br0"
        ns: NsName = "ns"            # namespaces are ns1 .. nsN
        host_end: IfName = "vh"      # host ends vh1 .. vhN; every namespace end is eth0
        ns_end: IfName = "eth0"
        subnet: Network = "198.18.0.0/22"  # RFC 2544's benchmarking range: never a real network
        gateway: Address = "169.2.2.2"
        all_pairs: Count = 128  # every pair is checked up to this n; above it, SAMPLE namespaces ping all

        def __post_init__(self):
            net = ipaddress.IPv4Network(self.subnet)
            if not 2 <= self.n <= MAX_N:
                raise UsageError(f"n={self.n} is out of range", f"Give n from 2 to {MAX_N}.")
            if self.all_pairs > ALL_PAIRS_MAX:
                raise UsageError(f"all_pairs={self.all_pairs} is more than {ALL_PAIRS_MAX}",
                                 f"Every pair is checked up to n={ALL_PAIRS_MAX} at most "
                                 f"({ALL_PAIRS_MAX}² neighbour entries); give a smaller -p all_pairs=.")
            if self.n > net.num_addresses - 2:
                wider = ipaddress.IPv4Network(f"{net.network_address}/{smallest_prefix(self.n)}", strict=False)
                raise UsageError(f"{self.subnet} has room for {max(0, net.num_addresses - 2)} "
                                 f"namespaces, not {self.n}",
                                 f"Give a wider subnet, e.g. -p subnet={wider}.")
            if len(self.host_end) + len(str(self.n)) > 15:
                raise UsageError(f"{self.host_end}{self.n} is longer than 15 characters",
                                 "Give a shorter -p host_end=.")
            if len(self.ns) + len(str(self.n)) > 64:
                raise UsageError(f"{self.ns}{self.n} is longer than 64 characters",
                                 "Give a shorter -p ns= or --prefix.")

    def nss(self) -> list[str]:
        return [f"{self.p.ns}{i}" for i in range(1, self.p.n + 1)]

    def sources(self) -> list[int]:
        """The namespaces that ping every address: all of them up to `all_pairs`, else
        SAMPLE spread evenly over the range."""
        n = self.p.n
        if n <= self.p.all_pairs:
            return list(range(1, n + 1))
        return [1 + m * n // SAMPLE for m in range(SAMPLE)]

    def peers(self, i: int) -> list[int]:
        """The namespaces i is told about: every other one if i pings them all, else
        those that ping i (its replies go back to them)."""
        sources = self.sources()
        others = range(1, self.p.n + 1) if i in sources else sources
        return [j for j in others if j != i]

    @property
    def every_pair(self) -> bool:
        return len(self.sources()) == self.p.n

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
            tr("The bridge", zh="网桥"),
            tr(f"""One bridge, {p.bridge}, for all {n} namespaces. Its MAC address is set by hand
            because the namespaces will be told it in advance.""",
               zh=f"""一个网桥 {p.bridge} 服务全部 {n} 个命名空间。它的 MAC 地址是手工指定的，因为要
            事先告诉各个命名空间。"""),
            [ip.bridge_add(p.bridge, address=BRIDGE_MAC), ip.link_up(p.bridge)],
            [LinkIs(text=tr(f"{p.bridge} exists, is a bridge and is up", zh=f"{p.bridge} 存在，类型是网桥，已启用"),
                    name=p.bridge, kind="bridge")],
        )
        yield step(
            tr(f"{n} namespaces, each wired to the bridge", zh=f"{n} 个命名空间，各自接到网桥上"),
            tr(f"""Each veth pair is created with its {p.ns_end} end already inside its namespace
            (`peer name {p.ns_end} netns ...`): moving a device between namespaces waits for
            an RCU grace period, tens of milliseconds each. The host ends become ports of
            {p.bridge}. They need no undo of their own: deleting a namespace deletes its
            pair.""",
               zh=f"""每对 veth 在创建时 {p.ns_end} 那头就已经在命名空间里了（`peer name {p.ns_end}
            netns ...`）：把设备在命名空间之间挪动要等一个 RCU 宽限期，每次几十毫秒。主机这头
            成为 {p.bridge} 的端口。它们不需要单独撤销：删除命名空间就连同这对 veth 一起删了。"""),
            [*map(ip.netns_add, names),
             *(ip.veth_into(h, p.ns_end, ns, ns_mac(i)) for i, (h, ns) in enumerate(zip(hosts, names), 1)),
             *(undone_by_deletion(ip.link_master(h, p.bridge)) for h in hosts),
             *(undone_by_deletion(ip.link_up(h)) for h in hosts)],
            [BridgePorts(text=tr(f"{p.bridge} has {n} ports, one per namespace", zh=f"{p.bridge} 有 {n} 个端口，每个命名空间一个"),
                         bridge=p.bridge, ports=tuple(hosts))],
        )
        yield step(
            tr("One route for the whole subnet, and proxy ARP", zh="整个子网一条路由，外加代理 ARP"),
            tr(f"""As in the two-namespace lesson, a single route sends {p.subnet} out of
            {p.bridge}, however many namespaces it holds, and proxy ARP lets the bridge answer
            for the gateway {p.gateway}; with proxy_delay 0 it answers at once instead of
            after a random wait of up to 0.8 s. The host is also told each namespace's MAC
            address (a permanent neighbour entry), so reaching {n} namespaces asks no ARP
            question.""",
               zh=f"""和两个命名空间那一课一样，不管里面有多少命名空间，一条路由就把 {p.subnet} 指向
            {p.bridge}，代理 ARP 让网桥替网关 {p.gateway} 应答；proxy_delay 设为 0 时它立即应答，
            而不是随机等待最多 0.8 秒。主机还被告知了每个命名空间的 MAC 地址（永久邻居表项），
            所以访问 {n} 个命名空间时不必发出任何 ARP 询问。"""),
            [ip.route_add(p.subnet, "dev", p.bridge, "scope", "link"),
             sysctl.write(sysctl.proxy_arp(p.bridge), "1"),
             sysctl.write(f"/proc/sys/net/ipv4/neigh/{p.bridge}/proxy_delay", "0"),
             *(ip.neigh_entry(addr[i], ns_mac(i), p.bridge, nud="permanent") for i in range(1, n + 1))],
            [HasRoute(text=tr(f"the host routes {p.subnet} to {p.bridge}", zh=f"主机把 {p.subnet} 路由到 {p.bridge}"),
                      dst=p.subnet, dev=p.bridge)],
        )
        for start in range(1, n + 1, CHUNK):
            chunk = range(start, min(start + CHUNK, n + 1))
            first, last, ns = names[chunk[0] - 1], names[chunk[-1] - 1], names[0]
            yield step(
                tr(f"Inside {first} … {last}", zh=f"{first} … {last} 内部"),
                "" if start > 1 else self.inside_narration(),
                [c for i in chunk for c in self.inside(i, names[i - 1], f"{addr[i]}/{plen}", addr)],
                parallel=True,  # no namespace's commands depend on another's
            )
        yield self.check_step(names, addr)

    def inside(self, i: int, ns: str, cidr: str, addr: list[str]) -> list:
        p = self.p
        dev = p.ns_end
        # Neighbour entries (up to n² in all) carry no undo: they go with their namespace.
        gateway = [] if i == 1 else [ip.neigh_entry(p.gateway, BRIDGE_MAC, dev, netns=ns, nud="permanent")]
        setup = [ip.addr_add(cidr, dev, netns=ns), ip.link_up(dev, netns=ns), ip.link_up("lo", netns=ns),
                 ip.route_add("0.0.0.0/0", "via", p.gateway, "dev", dev, "onlink", netns=ns)]
        return [*map(undone_by_deletion, setup), *gateway,
                *(ip.neigh_entry(addr[j], ns_mac(j), dev, netns=ns, nud="permanent") for j in self.peers(i))]

    def inside_narration(self):
        p, n, ns = self.p, self.p.n, f"{self.p.ns}1"
        told, told_zh = ("every other namespace", "其他每个命名空间") if self.every_pair else \
            (f"the {SAMPLE} namespaces that ping all the others in the last step (and, in those "
             f"{SAMPLE}, for every namespace)",
             f"最后一步里 ping 所有其他命名空间的那 {SAMPLE} 个命名空间（这 {SAMPLE} 个里则是每个命名空间）")
        return tr(f"""Each namespace gets its address, a default route via {p.gateway}
            (onlink), and a permanent neighbour entry for {told}. Why by hand: the
            kernel's IPv4 neighbour table is one table for the whole machine, capped at
            gc_thresh3 (1024 entries by default); letting {n} namespaces ARP for each
            other would need {n * (n - 1)} dynamic entries and, past about 30 namespaces,
            starve every other namespace on this machine. Permanent entries are not
            counted against that cap, and netsh never raises it. {ns} alone asks for the
            gateway by ARP, to show proxy ARP at work; the others are told the bridge's
            MAC. The same commands follow for every namespace.""",
                  zh=f"""每个命名空间得到自己的地址、一条经 {p.gateway} 的默认路由（onlink），以及指向
            {told_zh}的永久邻居表项。为什么要手写：内核的 IPv4 邻居表整台机器只有一张，上限是
            gc_thresh3（默认 1024 条）；让 {n} 个命名空间互相 ARP 需要 {n * (n - 1)} 条动态表项，
            超过大约 30 个命名空间就会挤占这台机器上所有其他命名空间。永久表项不计入这个上限，
            netsh 也从不调高它。只有 {ns} 用 ARP 询问网关，好让大家看到代理 ARP 在工作；其余的
            直接被告知网桥的 MAC。之后每个命名空间都执行同样的命令。""")

    def check_step(self, names: list[str], addr: list[str]):
        p, n = self.p, self.p.n
        host = ReachesRange(text=tr(f"the host reaches all {n} namespaces through its one route",
                                    zh=f"主机经它那一条路由能到达全部 {n} 个命名空间"), sources=(None,),
                            first=addr[1], last=addr[n], count=n,
                            why_not="proxy ARP needs forwarding on and the gateway routed out of another "
                                    "interface (the host's default route)")
        gateway = NeighbourIs(text=tr(f"{names[0]} learned the gateway {p.gateway} by proxy ARP: the bridge's MAC",
                                      zh=f"{names[0]} 通过代理 ARP 学到网关 {p.gateway} 的 MAC，就是网桥的 MAC"),
                              netns=names[0], address=p.gateway, owner=p.bridge)
        why_not = "check the neighbour entries and that every port of the bridge is up"
        if self.every_pair:
            title = tr("Every pair, and the host", zh="每一对，还有主机")
            pairs = ReachesRange(text=tr(f"every namespace reaches every other ({n} × {n} pairs)",
                                         zh=f"每个命名空间都能到达其他每一个（{n} × {n} 对）"), sources=tuple(names),
                                 first=addr[1], last=addr[n], count=n, why_not=why_not)
            then = tr(f"""one fping per namespace pings all {n} addresses at once ({n} × {n}
            pairs, each namespace's own included), the namespaces side by side.""",
                      zh=f"""每个命名空间用一次 fping 同时 ping 全部 {n} 个地址（{n} × {n} 对，包括自己），
            各命名空间并排进行。""")
        else:
            title = tr("A sample of the pairs, and the host", zh="抽样检查的配对，还有主机")
            chosen = [names[i - 1] for i in self.sources()]
            pairs = ReachesRange(text=tr(f"{SAMPLE} namespaces spread over the range reach all {n} "
                                         f"({SAMPLE} × {n} pairs)",
                                         zh=f"分布在整个范围里的 {SAMPLE} 个命名空间能到达全部 {n} 个（{SAMPLE} × {n} 对）"),
                                 sources=tuple(chosen), first=addr[1], last=addr[n], count=n, why_not=why_not)
            then = tr(f"""{SAMPLE} namespaces spread over the range ({chosen[0]}, {chosen[1]}, …
            {chosen[-1]}) each ping all {n} addresses, so every namespace answers {SAMPLE}
            others and every port of the bridge carries traffic both ways. All {n} × {n}
            pairs would need {n * n} neighbour entries, more work than the rest of the
            build; up to -p all_pairs={p.all_pairs} every pair is checked.""",
                      zh=f"""分布在整个范围里的 {SAMPLE} 个命名空间（{chosen[0]}、{chosen[1]} … {chosen[-1]}）
            各自 ping 全部 {n} 个地址，于是每个命名空间都要应答 {SAMPLE} 个对端，网桥的每个端口
            两个方向都有流量。检查全部 {n} × {n} 对需要 {n * n} 条邻居表项，比其余的搭建工作还多；
            n 不超过 -p all_pairs={p.all_pairs} 时才检查每一对。""")
        return step(
            title,
            tr(f"""First the host pings all {n} namespaces through its one route; their replies
            also teach the bridge which port every MAC address lives behind, so what follows
            is not flooded to every port. Then {then}""",
               zh=f"""先由主机通过它那一条路由 ping 全部 {n} 个命名空间；它们的应答也让网桥学到每个 MAC
            地址在哪个端口后面，于是后面的流量不会被泛洪到每个端口。接着{localize(then, "zh")}"""),
            [],
            [host, gateway, pairs],
        )


def undone_by_deletion(command):
    """No undo of its own: it vanishes with the namespace, veth pair or bridge it was
    made in, which is deleted anyway (a run on the host stays quick to undo, and an
    exported script's cleanup does not replay such deletions)."""
    return replace(command, undo=None)
