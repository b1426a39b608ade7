"""What changed between two snapshots, as lines a reader can follow:
"+ route 192.168.10.0/24 dev br0", "ip_forward 1 → 0", "ns1: + addr 192.168.10.10/24 dev veth0".

A snapshot is flattened into facts (key -> value); the diff of two fact maps
is the report. Pure functions.
"""

from __future__ import annotations

from netsh.state.snapshot import HOST_NAME, Namespace, Snapshot, peer_of


def _route(r) -> str:
    via = f" via {r.gateway}" if r.gateway else ""
    dev = f" dev {r.dev}" if r.dev else ""
    return f"{r.dst}{via}{dev}"


def _link(snapshot: Snapshot, ns: Namespace, i) -> str:
    words = [i.kind or "device", "up" if i.up else "down"]
    if i.master:
        words.append(f"port of {i.master}")
    peer = peer_of(snapshot, ns, i)
    if peer is not None:
        other, end = peer
        words.append(f"peer {end.name}" + ("" if other is ns else f" in {other.name}"))
    return ", ".join(words)


def facts(snapshot: Snapshot) -> dict[str, str]:
    """Every fact of a snapshot: "ns1: link veth0" -> "veth, up, peer veth1 in host"."""
    out: dict[str, str] = {}
    for ns in snapshot.namespaces:
        at = "" if ns.name == HOST_NAME else f"{ns.name}: "
        if ns.name != HOST_NAME:
            out[f"netns {ns.name}"] = ""
        for i in ns.ifaces:
            if i.kind == "loopback":
                continue
            out[f"{at}link {i.name}"] = _link(snapshot, ns, i)
            for cidr in i.addrs:
                out[f"{at}addr {cidr} dev {i.name}"] = ""
        for r in ns.routes:
            out[f"{at}route {_route(r)}"] = ""
        for n in ns.neighbours:
            out[f"{at}neigh {n.dst} dev {n.dev}"] = n.lladdr
        for f in ns.fdb:
            out[f"{at}fdb {f.mac} dev {f.dev} master {f.master}"] = ""
        for name, value in ns.sysctls:
            out[f"{at}{name}"] = value
    if snapshot.forward_policy:
        out["iptables FORWARD policy"] = snapshot.forward_policy
    return out


def _sysctl_owner(key: str) -> str | None:
    """For a sysctl fact, the fact that must have existed for its change to be news."""
    at, _, rest = key.rpartition(": ")
    prefix = f"{at}: " if at else ""
    name = rest.split()[0]
    if name.endswith("/proxy_arp"):
        return f"{prefix}link {name.split('/')[0]}"
    if name in ("ip_forward", "bridge-nf-call-iptables"):
        return f"netns {at}" if at else ""
    return None


def _changed(key: str, old: str, new: str) -> str:
    """"link veth1 down → up, port of br0": only the parts of the value that changed."""
    before, after = old.split(", "), new.split(", ")
    gone = [p for p in before if p not in after]
    came = [p for p in after if p not in before]
    return f"{key} {', '.join(gone) or '—'} → {', '.join(came) or '—'}"


def diff(before: Snapshot, after: Snapshot) -> list[str]:
    """Changes from `before` to `after`, added and changed facts first, removals last.

    The sysctls of a device or namespace that appeared or went away are no news: only
    the change of an existing one is shown.
    """
    old, new = facts(before), facts(after)
    added, changed, removed = [], [], []
    for key, value in new.items():
        owner = _sysctl_owner(key)
        if key not in old:
            if owner is None or owner == "" or owner in old:
                added.append(f"+ {key}" + (f" ({value})" if value else ""))
        elif old[key] != value:
            changed.append(_changed(key, old[key], value))
    removed = [f"- {key}" for key in old if key not in new and _sysctl_owner(key) is None]
    return added + changed + removed
