"""Bridge port VLAN membership from `bridge -j vlan show [dev DEV]`.

iproute2 (4.15 on) prints a list of ports, each with its VLANs and their flags:
[{"ifname": "veth1", "vlans": [{"vlan": 10, "flags": ["PVID", "Egress Untagged"]}]}];
a range of VLANs carries "vlanEnd".
"""

from __future__ import annotations

from dataclasses import dataclass

from netsh.state import load


@dataclass(frozen=True)
class Vlan:
    vid: int
    pvid: bool      # untagged frames arriving on the port join this VLAN
    untagged: bool  # frames of this VLAN leave the port without a tag


def parse_vlans(text: str) -> dict[str, tuple[Vlan, ...]]:
    """Port name -> its VLANs (ranges spelled out)."""
    out: dict[str, tuple[Vlan, ...]] = {}
    for port in load(text, "bridge") or []:
        vlans = []
        for v in port.get("vlans", []):
            flags = v.get("flags", [])
            vlans += [Vlan(vid, "PVID" in flags, "Egress Untagged" in flags)
                      for vid in range(v["vlan"], v.get("vlanEnd", v["vlan"]) + 1)]
        out[port["ifname"]] = tuple(vlans)
    return out


def describe(vlans: tuple[Vlan, ...]) -> str:
    """`10 (pvid, untagged), 20` as a person reads a port's VLANs."""
    def one(v: Vlan) -> str:
        flags = [f for f, on in (("pvid", v.pvid), ("untagged", v.untagged)) if on]
        return f"{v.vid} ({', '.join(flags)})" if flags else str(v.vid)
    return ", ".join(map(one, vlans)) or "no VLAN"
