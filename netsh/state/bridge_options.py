"""A bridge's own options (`ip -j -d link show dev BR`: linkinfo.info_data)."""

from __future__ import annotations

from netsh.state import load


def parse_bridge_options(text: str) -> dict[str, object]:
    """Option name -> value, e.g. {"nf_call_iptables": 1, "stp_state": 0, ...}; {} if not a bridge."""
    links = load(text, "ip")
    if not links:
        return {}
    info = links[0].get("linkinfo", {})
    return dict(info.get("info_data", {})) if info.get("info_kind") == "bridge" else {}
