"""Device features from `ethtool --json -k DEV`."""

from __future__ import annotations

from netsh.state import load


def parse_features(text: str) -> dict[str, bool]:
    """Feature name -> active. Keys that are not features (ifname) are dropped."""
    data = load(text, "ethtool")
    if not data:
        return {}
    return {k: bool(v.get("active")) for k, v in data[0].items() if isinstance(v, dict)}
