"""The way a packet takes through a snapshot's topology: bridged or routed.

Follows the source namespace's routes, veth pairs and bridge ports until a
device holding the target address is reached. Where a bridge switches the
packet (port to port, or up to the bridge's own IP stack), it is *bridged*
(layer 2: no IP forwarding, the seed's point about ip_forward); where it
enters a namespace's IP stack and leaves by another device, it is *routed*
there. This reads the topology, not
the firewall: a FORWARD DROP policy does not change the drawn path.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from netsh.state.snapshot import HOST_NAME, Iface, Namespace, Snapshot, peer_of

MAX_HOPS = 32  # a routing loop in the snapshot must not hang the drawing


@dataclass(frozen=True)
class PacketPath:
    claim: str
    hops: tuple[tuple[str, str], ...]   # (namespace, device), in order
    bridged_by: tuple[str, ...]         # "br0" (or "ns1/br0" outside the host)
    routed_by: tuple[str, ...]          # namespaces that forwarded it at layer 3
    reached: bool

    @property
    def kind(self) -> str:
        if not self.reached:
            return "no path"
        return " and ".join(k for k, v in (("bridged", self.bridged_by), ("routed", self.routed_by)) if v) \
            or "direct"

    @property
    def verdict(self) -> str:
        if not self.reached:
            return "no path in this topology"
        parts = [f"bridged by {', '.join(self.bridged_by)}"] if self.bridged_by else []
        parts += [f"routed by {', '.join(self.routed_by)}"] if self.routed_by else []
        return "; ".join(parts) or "direct"


def _has(iface: Iface, target: str) -> bool:
    return any(a.split("/")[0] == target for a in iface.addrs)


def _holder(ns: Namespace, target: str) -> Iface | None:
    return next((i for i in ns.ifaces if _has(i, target)), None)


def _route(ns: Namespace, target: str):
    ip = ipaddress.ip_address(target)
    best, best_len = None, -1
    for r in ns.routes:
        net = ipaddress.ip_network("0.0.0.0/0" if r.dst == "default" else r.dst, strict=False)
        if net.version == ip.version and ip in net and net.prefixlen > best_len and r.dev:
            best, best_len = r, net.prefixlen
    return best


def _port_towards(snap: Snapshot, ns: Namespace, bridge: Iface, target: str,
                  came_in: Iface | None) -> Iface | None:
    """The bridge port behind which the target address lives (as the fdb would learn it)."""
    for port in ns.ifaces:
        if port.master != bridge.name or port is came_in:
            continue
        peer = peer_of(snap, ns, port)
        if peer is not None and _holder(peer[0], target) is not None:
            return port
    return None


def _bridge_name(ns: Namespace, bridge: Iface) -> str:
    return bridge.name if ns.name == HOST_NAME else f"{ns.name}/{bridge.name}"


def packet_path(snap: Snapshot, src: str | None, target: str, claim: str = "") -> PacketPath:
    """The path from namespace `src` (None: the host) to `target`."""
    ns = snap.ns(src or HOST_NAME)
    hops: list[tuple[str, str]] = []
    bridged, routed = [], []

    def hop(n: Namespace, i: Iface) -> None:
        hops.append((n.name, i.name))

    def done(reached: bool) -> PacketPath:
        return PacketPath(claim or f"{src or HOST_NAME} → {target}", tuple(hops), tuple(bridged), tuple(routed),
                          reached)

    arrived_by: Iface | None = None
    while ns is not None and len(hops) < MAX_HOPS:
        holder = _holder(ns, target)
        if holder is not None:
            if arrived_by is None or holder is not arrived_by:
                hop(ns, holder)
            return done(True)
        route = _route(ns, target)
        out = ns.iface(route.dev) if route else None
        if out is None:
            return done(False)
        if arrived_by is not None:
            routed.append(ns.name)
        hop(ns, out)
        # Leaving through a bridge device: the bridge picks the port.
        if out.kind == "bridge":
            port = _port_towards(snap, ns, out, target, None)
            if port is None:
                return done(False)
            bridged.append(_bridge_name(ns, out))
            hop(ns, port)
            out = port
        peer = peer_of(snap, ns, out)
        if peer is None:
            return done(False)
        ns, end = peer
        hop(ns, end)
        # Arriving on a bridge port: bridged across to another port, or up into the bridge's own stack.
        while end.master is not None:
            bridge = ns.iface(end.master)
            hop(ns, bridge)
            port = _port_towards(snap, ns, bridge, target, end)
            bridged.append(_bridge_name(ns, bridge))
            if port is None:  # switched up to the bridge's own IP stack
                end = bridge
                break
            hop(ns, port)
            peer = peer_of(snap, ns, port)
            if peer is None:
                return done(False)
            ns, end = peer
            hop(ns, end)
        arrived_by = end
    return done(False)
