"""The network state of a whole sandbox at one moment: namespaces, links,
bridge ports, addresses, routes, neighbours, fdb entries and the sysctls the
tutorials touch.

Cheap on purpose (it runs after every step with `run --diff`): per namespace
one `ip -batch` (addresses with link details, routes, neighbours) and one
`grep` of the sysctls; `bridge -j fdb` only where a bridge is; `ip netns list`
and `iptables -S FORWARD` once. Collecting (`collect`) is separate from the
pure parsing (`parse_namespace`), which is tested on captured output.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from netsh.command import HOST, Command, cmd
from netsh.errors import BadToolOutput
from netsh.state import load
from netsh.state.bridge_options import bridge_options
from netsh.state.links import Link
from netsh.state.routes import Route, parse_routes
from netsh.tools import sysctl

HOST_NAME = "host"  # how the namespace the commands start in is named in a snapshot
BATCH = "addr show\nroute show\nneigh show\n"
SYSCTL_FILES = (sysctl.IP_FORWARD, sysctl.BRIDGE_NF_CALL_IPTABLES, "/proc/sys/net/ipv4/conf")


@dataclass(frozen=True)
class Iface:
    name: str
    kind: str                 # bridge, veth, loopback, "" for plain devices
    up: bool
    master: str | None
    mac: str
    addrs: tuple[str, ...]    # IPv4 addresses as CIDR
    ifindex: int
    peer: str | None          # a veth's peer's name, when it is in the same namespace
    peer_index: int | None    # otherwise its ifindex (in whatever namespace it is)
    # A bridge's own switch (`ip link set BR type bridge nf_call_iptables 1`): with br_netfilter
    # loaded, it hands this bridge's frames to iptables even where the sysctl is 0.
    nf_call_iptables: bool = False


@dataclass(frozen=True)
class ResolvedNeighbour:
    """A neighbour entry with its MAC, as `netsh state --json` shows it (field names are
    iproute2's); `netsh.state.neighbours.Neighbour` is the full parsed entry."""

    dst: str
    dev: str
    lladdr: str


@dataclass(frozen=True)
class LearnedMac:
    """An fdb entry a bridge learned from traffic, as `netsh state --json` shows it;
    `netsh.state.fdb.FdbEntry` is the full parsed entry."""

    mac: str
    dev: str
    master: str


@dataclass(frozen=True)
class Namespace:
    name: str
    ifaces: tuple[Iface, ...] = ()
    routes: tuple[Route, ...] = ()
    neighbours: tuple[ResolvedNeighbour, ...] = ()
    fdb: tuple[LearnedMac, ...] = ()
    sysctls: tuple[tuple[str, str], ...] = ()  # (short name, value), e.g. ("ip_forward", "1")

    def iface(self, name: str) -> Iface | None:
        return next((i for i in self.ifaces if i.name == name), None)

    @property
    def bridges(self) -> list[Iface]:
        return [i for i in self.ifaces if i.kind == "bridge"]


@dataclass(frozen=True)
class Snapshot:
    namespaces: tuple[Namespace, ...]
    forward_policy: str = ""  # the host's iptables FORWARD policy
    where: str = ""           # what was read: "sandbox (holder pid N)"

    def ns(self, name: str) -> Namespace | None:
        return next((n for n in self.namespaces if n.name == name), None)

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, d: dict) -> Snapshot:
        """The inverse of `to_json` (`netsh state --json` output, test data)."""
        def ns(n: dict) -> Namespace:
            return Namespace(n["name"], tuple(Iface(**{**i, "addrs": tuple(i["addrs"])}) for i in n["ifaces"]),
                             tuple(Route(**r) for r in n["routes"]),
                             tuple(ResolvedNeighbour(**x) for x in n["neighbours"]),
                             tuple(LearnedMac(**f) for f in n["fdb"]),
                             tuple(tuple(kv) for kv in n["sysctls"]))
        return cls(tuple(ns(n) for n in d["namespaces"]), d.get("forward_policy", ""), d.get("where", ""))


def split_json_stream(text: str, tool: str = "ip") -> list[list]:
    """The arrays `ip -j -batch` prints one after the other."""
    decoder, out, pos = json.JSONDecoder(), [], 0
    text = text.strip()
    while pos < len(text):
        try:
            value, end = decoder.raw_decode(text, pos)
        except ValueError as exc:
            raise BadToolOutput(f"{tool} printed something that is not JSON ({exc}): {text[pos:pos + 120]!r}",
                                "Run `netsh doctor` to check iproute2's JSON support.") from None
        out.append(value)
        pos = end
        while pos < len(text) and text[pos].isspace():
            pos += 1
    return out


def _iface(d: dict) -> Iface:
    link = Link.from_json(d)
    addrs = tuple(f'{a["local"]}/{a["prefixlen"]}' for a in d.get("addr_info", ()) if a.get("family") == "inet")
    return Iface(name=link.name, kind=link.kind, up=link.up, master=link.master, mac=link.mac, addrs=addrs,
                 ifindex=d.get("ifindex", 0), peer=d.get("link"), peer_index=d.get("link_index"),
                 nf_call_iptables=bool(bridge_options(d).get("nf_call_iptables")))


def _sysctls(text: str) -> tuple[tuple[str, str], ...]:
    """`grep -r -H ""` output: /proc/sys/net/ipv4/conf/br0/proxy_arp:1 -> ("br0/proxy_arp", "1")."""
    out = []
    for line in text.splitlines():
        path, _, value = line.partition(":")
        short = path.removeprefix("/proc/sys/net/").removeprefix("ipv4/").removeprefix("bridge/")
        short = short.removeprefix("conf/")
        if short.startswith(("all/", "default/")):
            continue
        out.append((short, value.strip()))
    return tuple(sorted(out))


def parse_namespace(name: str, batch: str, sysctls: str = "", fdb: str = "") -> Namespace:
    """One namespace from its `ip -j -d -batch` output (addr, route, neigh), sysctl grep and fdb."""
    parts = split_json_stream(batch) + [[], [], []]
    addrs, routes, neigh = parts[:3]
    ifaces = tuple(_iface(d) for d in addrs)
    neighbours = tuple(ResolvedNeighbour(n["dst"], n.get("dev", ""), n["lladdr"]) for n in neigh if n.get("lladdr"))
    # Only what the bridge learned: permanent entries are the ports' own and multicast addresses.
    learned = tuple(LearnedMac(f["mac"], f["ifname"], f["master"]) for f in load(fdb, "bridge")
                    if f.get("master") and f.get("state") != "permanent")
    return Namespace(name, ifaces, tuple(parse_routes(json.dumps(routes))), neighbours, learned, _sysctls(sysctls))


def parse_forward_policy(text: str) -> str:
    for line in text.splitlines():
        words = line.split()
        if words[:2] == ["-P", "FORWARD"] and len(words) > 2:
            return words[2]
    return ""


def _batch(ns: str | None) -> Command:
    where = ("-n", ns) if ns else ()
    return cmd("ip", *where, "-j", "-d", "-batch", "-", stdin=BATCH)


def _sysctl_read(ns: str | None) -> Command:
    return cmd("grep", "-r", "-s", "-H", "", *SYSCTL_FILES, "--include=proxy_arp", "--include=ip_forward",
               "--include=bridge-nf-call-iptables", netns=ns)


def _fdb(ns: str | None) -> Command:
    where = ("-n", ns) if ns else ()
    return cmd("bridge", *where, "-j", "fdb", "show")


def collect(executor, where: str = "") -> Snapshot:
    """Read the state through `executor` (whose commands start in the host namespace)."""
    from concurrent.futures import ThreadPoolExecutor

    listed = executor.run(cmd("ip", "-j", "netns", "list"))
    names = [HOST] + sorted(d["name"] for d in load(listed.stdout, "ip")) if listed.ok else [HOST]
    with ThreadPoolExecutor(max_workers=8) as pool:  # the reads are independent; a step waits for all
        batches = list(pool.map(lambda ns: executor.run(_batch(ns)).stdout, names))
        sysctls = list(pool.map(lambda ns: executor.run(_sysctl_read(ns)).stdout, names))
        policy = pool.submit(executor.run, cmd("iptables", "-S", "FORWARD"))
        has_bridge = ['"info_kind":"bridge"' in b for b in batches]
        fdbs = list(pool.map(lambda i: executor.run(_fdb(names[i])).stdout if has_bridge[i] else "",
                             range(len(names))))
        forward = parse_forward_policy(policy.result().stdout)
    namespaces = tuple(parse_namespace(n or HOST_NAME, b, s, f)
                       for n, b, s, f in zip(names, batches, sysctls, fdbs))
    return Snapshot(namespaces, forward, where)


def peer_of(snapshot: Snapshot, ns: Namespace, iface: Iface) -> tuple[Namespace, Iface] | None:
    """The other end of a veth: by name in the same namespace; elsewhere, the veth
    whose ifindex and peer ifindex mirror this one's (ifindexes are per namespace)."""
    if iface.kind != "veth":
        return None
    if iface.peer is not None:
        here = ns.iface(iface.peer)
        return (ns, here) if here else None
    for other in snapshot.namespaces:
        for cand in other.ifaces:
            if cand.kind == "veth" and cand.ifindex == iface.peer_index and cand.peer_index == iface.ifindex \
                    and cand is not iface:
                return other, cand
    return None
