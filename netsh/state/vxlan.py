"""VXLAN forwarding entries from `bridge -j fdb show dev VXLAN`: which VTEP a MAC sits behind."""

from __future__ import annotations

from netsh.state import load


def vteps(text: str) -> dict[str, str]:
    """MAC -> remote VTEP address, for the entries that name one (`dst`)."""
    return {d["mac"].lower(): d["dst"] for d in load(text, "bridge") if d.get("dst") and d.get("mac")}
