"""From observations to one located reason. Pure: tested on made-up observations.

The checks go in the order a packet meets them: a route at the source, a
firewall verdict the trace saw, the device the request actually left by, the
gateway's ARP, a router that does not forward, a route back from the target,
and (without a trace) a FORWARD policy of DROP read from the state."""

from __future__ import annotations

from dataclasses import dataclass, field

from netsh.state.path import _has, _holder, _port_towards, _route, packet_path
from netsh.state.snapshot import HOST_NAME, Namespace, Snapshot, peer_of
from netsh.why.evidence import Evidence, Hop
from netsh.why.trace import TraceLine, packet_of

GOOD_NEIGHBOUR = ("REACHABLE", "STALE", "DELAY", "PROBE", "PERMANENT", "NOARP")


@dataclass(frozen=True)
class Observations:
    src: str                    # namespace name ("host" for the host)
    target: str
    replied: bool
    snapshot: Snapshot | None = None
    route: dict | str = ""      # `ip route get TARGET` at the source (str: ip's error)
    back: dict | str | None = None  # `ip route get SOURCE` where the target lives
    gateway_state: str = ""     # the source's neighbour state for its next hop (gateway or target)
    trace: tuple[tuple[str, TraceLine], ...] | None = None  # (namespace, line); None: no tracing here
    counters: tuple[tuple[str, str, int], ...] = ()
    sources: tuple[str, ...] = field(default=())


def holder_ns(snap: Snapshot, target: str) -> Namespace | None:
    return next((ns for ns in snap.namespaces if _holder(ns, target) is not None), None)


def toward(snap: Snapshot, ns: Namespace, target: str) -> str:
    """The device of `ns` behind which `target` lives at layer 2 ("" if none)."""
    for iface in ns.ifaces:
        if _has(iface, target):
            return iface.name
        if iface.kind == "bridge" and _port_towards(snap, ns, iface, target, None) is not None:
            return iface.name
        peer = peer_of(snap, ns, iface) if iface.master is None else None
        if peer is not None and _holder(peer[0], target) is not None:
            return iface.name
    return ""


def _sysctl(ns: Namespace | None, name: str) -> str:
    return dict(ns.sysctls).get(name, "") if ns else ""


def _moved(obs: Observations, ns: str, counter: str) -> str:
    d = next((d for n, c, d in obs.counters if n == ns and c == counter), 0)
    return f" ({counter} {d:+d})" if d else ""


def firewall(obs: Observations) -> tuple[Hop, str] | None:
    """The first drop the trace saw: where, and the sentence."""
    for ns, line in obs.trace or ():
        if line.verdict.lower() not in ("drop", "reject"):
            continue
        packet = packet_of(obs.trace, ns, line)
        how = f"policy {line.verdict.upper()}" if line.what == "policy" else f"rule `{line.text.split(' (verdict')[0]}`"
        what = "echo reply" if packet and "echo-reply" in packet.text else "echo request"
        reason = f"the {what} was dropped by {line.table} {line.chain} {how} in {ns}"
        if packet is not None and packet.bridged:
            reason += " — a bridged frame handed to iptables by br_netfilter"
        device = packet.device("iif") if packet else ""
        return Hop(ns, device, line.chain.lower(), line.verdict.lower()), reason
    return None


def annotate(hops: tuple[Hop, ...], trace) -> tuple[Hop, ...]:
    """The hops with the verdicts the trace saw on the echo request there (chain, accept or drop)."""
    out = list(hops)
    for ns, line in trace:
        if line.what not in ("policy", "rule") or line.verdict.lower() in ("", "continue"):
            continue
        packet = packet_of(trace, ns, line)
        if packet is None or "echo-request" not in packet.text:
            continue
        dev = packet.device("oif") or packet.device("iif")
        at = next((i for i, h in enumerate(out) if h.netns == ns and h.device == dev and not h.hook), None)
        if at is not None:
            out[at] = Hop(ns, dev, line.chain.lower(), line.verdict.lower())
    return tuple(out)


def cut(hops: tuple[Hop, ...], stopped: Hop | None) -> tuple[Hop, ...]:
    """The hops up to where the packet stopped, that hop carrying the hook and verdict."""
    if stopped is None:
        return hops
    at = [i for i, h in enumerate(hops) if h.netns == stopped.netns
          and (h.device == stopped.device or not stopped.device)]
    if not at:
        return (*hops, stopped)
    i = at[0]  # without a device: where the packet entered that namespace
    return (*hops[:i], Hop(stopped.netns, stopped.device or hops[i].device, stopped.hook, stopped.verdict))


def judge(obs: Observations) -> Evidence:
    snap = obs.snapshot
    path = packet_path(snap, None if obs.src == HOST_NAME else obs.src, obs.target) if snap else None
    hops = annotate(tuple(Hop(n, d) for n, d in path.hops) if path else (), obs.trace or ())

    def done(reason: str, stopped: Hop | None = None) -> Evidence:
        return Evidence(cut(hops, stopped), stopped, reason, obs.sources, obs.counters)

    if obs.replied:
        how = f" ({path.verdict})" if path and path.reached else ""
        return done(f"echo reply from {obs.target}{how}")
    if isinstance(obs.route, str) and obs.route:
        stop = Hop(obs.src, "", "route", "no route")
        return Evidence((stop,), stop, f"{obs.src} has no route to {obs.target} ({obs.route})",
                        obs.sources, obs.counters)
    dropped = firewall(obs)
    if dropped is not None:
        return done(dropped[1], dropped[0])
    if snap is None:
        return done("no reply; nothing netsh could read explains it")
    return _from_state(obs, snap, path, done)


def _from_state(obs: Observations, snap: Snapshot, path, done) -> Evidence:
    src = snap.ns(obs.src)
    route = obs.route if isinstance(obs.route, dict) else {}
    dev = route.get("dev", "")
    if holder_ns(snap, obs.target) is None:
        how = f" (its frames for it go to the MAC of {obs.src}'s neighbour entry)" \
            if obs.gateway_state == "PERMANENT" and not route.get("gateway") else ""
        return done(f"no device netsh can see has {obs.target}{how}", Hop(obs.src, dev, "route", "nobody there"))
    good = toward(snap, src, obs.target) if src else ""
    if good and dev and dev != good:
        chosen = _route(src, obs.target)
        which = "default route" if chosen is not None and chosen.dst == "default" else "its route"
        said = f"the echo request left {obs.src} by {dev} ({which}), not {good}"
        end = path.hops[-1] if path and path.hops else None
        thrown = _moved(obs, end[0], "IpInAddrErrors") if end and end[0] != obs.src else ""
        if thrown:  # where it ended up, the packet was not for that namespace, which does not forward it
            return done(f"{said}; {end[0]} discarded it{thrown}", Hop(end[0], end[1], "input", "discarded"))
        return done(said, Hop(obs.src, dev, "route", "wrong way"))
    hop = route.get("gateway", "") or obs.target  # whose MAC the source needed
    if dev and obs.gateway_state not in GOOD_NEIGHBOUR and _holder(src, obs.target) is None:
        return done(_no_arp(snap, src, dev, hop), Hop(obs.src, dev, "arp", obs.gateway_state.lower() or "no entry"))
    for ns_name in path.routed_by if path else ():
        ns = snap.ns(ns_name)
        if _sysctl(ns, "ip_forward") == "0":
            return done(f"{ns_name} does not forward: ip_forward=0{_moved(obs, ns_name, 'IpInAddrErrors')}",
                        Hop(ns_name, "", "forward", "not forwarding"))
    if isinstance(obs.back, str) and obs.back:
        there = holder_ns(snap, obs.target)
        name = there.name if there else obs.target
        return done(f"{name} has no route back to {route.get('prefsrc', 'the source')}",
                    Hop(name, "", "route", "no route back"))
    blocked = _forward_policy(snap, path)
    if blocked:
        return done(blocked, Hop(HOST_NAME, "", "forward", "drop"))
    return done("no reply; nothing netsh could read explains it")


def _no_arp(snap: Snapshot, src: Namespace, dev: str, gw: str) -> str:
    """Why the gateway's ARP went unanswered, read from the device at the other end."""
    out = src.iface(dev)
    peer = peer_of(snap, src, out) if out else None
    if peer is None:
        return f"no ARP reply for {gw}"
    ns, end = peer
    answering = ns.iface(end.master) if end.master else end
    proxy = _sysctl(ns, f"{answering.name}/proxy_arp")
    if _sysctl(ns, "ip_forward") == "0":
        return (f"no ARP reply for {gw}: {ns.name} does not forward (ip_forward=0), and proxy ARP "
                "answers only where it does")
    if proxy == "0" and _holder(ns, gw) is None:
        return f"no ARP reply for {gw}: proxy_arp is 0 on {answering.name}"
    return f"no ARP reply for {gw} from {ns.name}"


def _forward_policy(snap: Snapshot, path) -> str:
    """Without a trace: the host's FORWARD policy of DROP on a path it forwards or bridges into iptables."""
    host = snap.ns(HOST_NAME)
    if path is None or snap.forward_policy != "DROP":
        return ""
    if HOST_NAME in path.routed_by:
        return "the host's filter FORWARD policy is DROP and the host routes this packet"
    # The sysctl exists only while br_netfilter is loaded; without it neither switch does anything.
    switch = _sysctl(host, "bridge-nf-call-iptables")
    for name in (b for b in path.bridged_by if "/" not in b):
        bridge = host.iface(name) if host else None
        if switch == "1":
            return ("the host's filter FORWARD policy is DROP and bridge-nf-call-iptables=1 hands "
                    f"frames bridged by {name} to it (br_netfilter)")
        if switch and bridge is not None and bridge.nf_call_iptables:
            return (f"the host's filter FORWARD policy is DROP and {name}'s own nf_call_iptables=1 hands "
                    "the frames it bridges to it (br_netfilter), though bridge-nf-call-iptables is 0")
    return ""
