"""`ip` commands (iproute2) as values, each changing one paired with its undo."""

from __future__ import annotations

from netsh.command import HOST, Command, Creates, Expect, Undo, cmd

# A link or route that is already gone (deleted with its namespace or its
# device) needs no undo; these are iproute2's words for that.
GONE = ("Cannot find device", "No such process", "No such file or directory",
        "Cannot open network namespace")


def links(*names: str) -> tuple[Creates, ...]:
    return tuple(Creates("link", name) for name in names)


def netns_add(name: str) -> Command:
    return cmd("ip", "netns", "add", name, undo=Undo(cmd("ip", "netns", "del", name)),
               creates=(Creates("netns", name),))


def bridge_add(name: str, netns: str | None = HOST, address: str | None = None,
               vlan_filtering: bool = False) -> Command:
    """`address` fixes the bridge's MAC (otherwise it follows its ports' lowest);
    `vlan_filtering` makes it VLAN-aware (802.1Q), every port starting in VLAN 1."""
    mac = ("address", address) if address else ()
    vlans = ("vlan_filtering", "1") if vlan_filtering else ()
    return cmd("ip", "link", "add", name, *mac, "type", "bridge", *vlans, netns=netns,
               undo=Undo(cmd("ip", "link", "del", name, netns=netns)), creates=links(name))


def veth_add(name: str, peer: str, netns: str | None = HOST) -> Command:
    # Deleting either end deletes the pair; if `name` has moved to a namespace
    # that is deleted first, the pair is already gone (see GONE).
    return cmd("ip", "link", "add", name, "type", "veth", "peer", "name", peer,
               netns=netns, undo=Undo(cmd("ip", "link", "del", name, netns=netns)), creates=links(name, peer))


def veth_into(name: str, peer: str, target: str, peer_mac: str) -> Command:
    """A veth pair whose `peer` end is born inside namespace `target`, with a known MAC.

    Creating it in place skips the move into the namespace (an RCU grace period
    each). No undo: the pair goes when `target` is deleted.
    """
    return cmd("ip", "link", "add", name, "type", "veth", "peer", "name", peer,
               "address", peer_mac, "netns", target, creates=links(name, peer))


def vxlan_add(name: str, vni: int, port: int, netns: str | None = HOST) -> Command:
    """A VXLAN device with no underlay or peers: enough to see where it may live."""
    return cmd("ip", "link", "add", name, "type", "vxlan", "id", str(vni), "dstport", str(port),
               netns=netns, undo=Undo(cmd("ip", "link", "del", name, netns=netns)), creates=links(name))


# How `ip link set DEV netns NS` refuses a netns-local device (a bridge, lo), by kernel age.
MOVE_REFUSED = Expect((
    ("older kernels", r"RTNETLINK answers: Invalid argument"),
    ("newer kernels", r"interface netns is immutable"),
))


def link_to_netns(dev: str, target: str, netns: str | None = HOST,
                  fails: Expect | None = None) -> Command:
    # No undo: the device leaves with its namespace or its pair.
    return cmd("ip", "link", "set", dev, "netns", target, netns=netns, fails=fails)


def link_up(dev: str, netns: str | None = HOST) -> Command:
    return cmd("ip", "link", "set", dev, "up", netns=netns,
               undo=Undo(cmd("ip", "link", "set", dev, "down", netns=netns)))


def link_down(dev: str, netns: str | None = HOST) -> Command:
    return cmd("ip", "link", "set", dev, "down", netns=netns,
               undo=Undo(cmd("ip", "link", "set", dev, "up", netns=netns)))


def link_master(dev: str, master: str, netns: str | None = HOST) -> Command:
    return cmd("ip", "link", "set", dev, "master", master, netns=netns,
               undo=Undo(cmd("ip", "link", "set", dev, "nomaster", netns=netns)))


def neigh_add(addr: str, mac: str, dev: str, netns: str | None = HOST, nud: str | None = None) -> Command:
    """A neighbour entry written by hand: `addr` is at `mac`, no ARP asked.

    `nud` spells the state out (`permanent` is what `ip neigh add` writes anyway).
    """
    entry = neigh_entry(addr, mac, dev, netns, nud)
    return Command(entry.args, netns=netns, undo=Undo(cmd("ip", "neigh", "del", addr, "dev", dev, netns=netns)))


def neigh_entry(addr: str, mac: str, dev: str, netns: str | None = HOST, nud: str | None = None) -> Command:
    """`neigh_add` with no undo, for a namespace or device deleted anyway (the entry
    goes with it). Scale scenarios write n² of these: no undo to build and drop."""
    state = ("nud", nud) if nud else ()
    return cmd("ip", "neigh", "add", addr, "lladdr", mac, "dev", dev, *state, netns=netns)


def addr_add(cidr: str, dev: str, netns: str | None = HOST) -> Command:
    return cmd("ip", "addr", "add", cidr, "dev", dev, netns=netns,
               undo=Undo(cmd("ip", "addr", "del", cidr, "dev", dev, netns=netns)))


def route_add(*spec: str, netns: str | None = HOST) -> Command:
    """`ip route add SPEC...`; the undo deletes the same spec."""
    return cmd("ip", "route", "add", *spec, netns=netns,
               undo=Undo(cmd("ip", "route", "del", *spec, netns=netns)))


def show(*what: str, netns: str | None = HOST) -> Command:
    """A display command, shown with its output (`ip route`, `ip addr`)."""
    return cmd("ip", *what, netns=netns)


def stats(*what: str, netns: str | None = HOST) -> Command:
    """A counter read: `ip -s -j ...` parsed by netsh.state.stats."""
    return cmd("ip", "-s", "-j", *what, netns=netns)


def json(*what: str, netns: str | None = HOST) -> Command:
    """A read for a claim: `ip -j -d ...` parsed by netsh.state."""
    return cmd("ip", "-j", "-d", *what, netns=netns)


def link_json(dev: str, netns: str | None = HOST) -> Command:
    """One device's details, for a claim: `ip -j -d link show dev DEV`."""
    return json("link", "show", "dev", dev, netns=netns)


def bridge_set(name: str, option: str, value: str, default: str, netns: str | None = HOST) -> Command:
    """`ip link set NAME type bridge OPTION VALUE`; the undo puts back `default`, a new bridge's value."""
    return cmd("ip", "link", "set", name, "type", "bridge", option, value, netns=netns,
               undo=Undo(cmd("ip", "link", "set", name, "type", "bridge", option, default, netns=netns)))
