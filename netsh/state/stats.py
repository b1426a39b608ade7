"""Link counters from `ip -s -j link show dev DEV`."""

from __future__ import annotations

from netsh.errors import BadToolOutput
from netsh.state import load


def rx_packets(text: str) -> int:
    """Packets the device has received (stats64.rx.packets)."""
    links = load(text, "ip")
    try:
        return int(links[0]["stats64"]["rx"]["packets"])
    except (IndexError, KeyError, TypeError, ValueError):
        raise BadToolOutput(f"no rx packet counter in `ip -s -j link` output: {text[:120]!r}",
                            "netsh needs iproute2 >= 4.15 for `ip -s -j link`; run `netsh doctor`.") from None
