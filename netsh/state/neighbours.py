"""Neighbour (ARP) entries from `ip -j neigh show`."""

from __future__ import annotations

from dataclasses import dataclass

from netsh.state import load


@dataclass(frozen=True)
class Neighbour:
    address: str
    dev: str
    mac: str | None  # None while unresolved (INCOMPLETE, FAILED)
    state: tuple[str, ...]


def parse_neighbours(text: str) -> list[Neighbour]:
    return [Neighbour(d["dst"], d.get("dev", ""), d.get("lladdr"), tuple(d.get("state", ())))
            for d in load(text, "ip")]
