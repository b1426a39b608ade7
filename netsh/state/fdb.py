"""The bridge forwarding database from `bridge -j [-s] fdb show br BRIDGE`, and
the bridge's ageing time from `ip -j -d link show BRIDGE`."""

from __future__ import annotations

from dataclasses import dataclass

from netsh.state import load

# The kernel keeps bridge timers in USER_HZ ticks; iproute2 prints them raw.
TICKS_PER_SECOND = 100


@dataclass(frozen=True)
class FdbEntry:
    mac: str
    port: str                # the port the MAC sits behind (the bridge itself for its own entries)
    state: str               # "" for learned entries, "permanent", "static", ...
    local: bool              # an entry of the port device itself ("self"), not the bridge's table
    updated: int | None      # seconds since traffic last refreshed it (only with -s)
    used: int | None         # seconds since the bridge last forwarded to it (only with -s)

    @property
    def learned(self) -> bool:
        """Learned from traffic, so it ages out; permanent and static entries do not."""
        return not self.local and self.state not in ("permanent", "static")

    @classmethod
    def from_json(cls, d: dict) -> FdbEntry:
        return cls(mac=d["mac"].lower(), port=d.get("ifname", ""), state=d.get("state", ""),
                   local="self" in d.get("flags", ()), updated=d.get("updated"), used=d.get("used"))


def parse_fdb(text: str) -> list[FdbEntry]:
    return [FdbEntry.from_json(d) for d in load(text, "bridge")]


def learned_ports(entries: list[FdbEntry]) -> dict[str, str]:
    """MAC -> port, for the entries the bridge learned from traffic."""
    return {e.mac: e.port for e in entries if e.learned}


def ageing_seconds(link_json: str) -> float | None:
    """The bridge's ageing_time in seconds, or None when `link_json` is not a bridge."""
    for d in load(link_json, "ip"):
        ticks = d.get("linkinfo", {}).get("info_data", {}).get("ageing_time")
        if ticks is not None:
            return ticks / TICKS_PER_SECOND
    return None
