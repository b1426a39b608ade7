"""A bridge's own options (`ip -j -d link show dev BR`: linkinfo.info_data)."""

from __future__ import annotations

from netsh.state import load


def parse_bridge_options(text: str) -> dict[str, object]:
    """Option name -> value, e.g. {"nf_call_iptables": 1, "stp_state": 0, ...}; {} if not a bridge."""
    links = load(text, "ip")
    return bridge_options(links[0]) if links else {}


def bridge_options(link: dict) -> dict[str, object]:
    """The same, from one link of `ip -j -d` output."""
    info = link.get("linkinfo", {})
    return dict(info.get("info_data", {})) if info.get("info_kind") == "bridge" else {}
