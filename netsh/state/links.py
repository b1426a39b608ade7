"""Links from `ip -j -d link show`."""

from __future__ import annotations

from dataclasses import dataclass

from netsh.state import load


@dataclass(frozen=True)
class Link:
    name: str
    kind: str          # "bridge", "veth", "loopback", "" for plain devices
    up: bool           # administratively up (the UP flag)
    master: str | None
    mac: str
    netns_immutable: bool | None  # None where iproute2 does not report it (< 6.15)

    @classmethod
    def from_json(cls, d: dict) -> Link:
        info = d.get("linkinfo", {})
        kind = info.get("info_kind") or ("loopback" if d.get("link_type") == "loopback" else "")
        return cls(name=d["ifname"], kind=kind, up="UP" in d.get("flags", ()),
                   master=d.get("master"), mac=d.get("address", ""),
                   netns_immutable=d.get("netns-immutable"))


def parse_links(text: str) -> list[Link]:
    return [Link.from_json(d) for d in load(text, "ip")]


def link_mac(text: str) -> str:
    """The MAC of the one link `ip -j link show dev DEV` printed, in lower case."""
    return parse_links(text)[0].mac.lower()
