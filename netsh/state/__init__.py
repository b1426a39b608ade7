"""JSON from iproute2 / ethtool into frozen dataclasses. Pure functions only."""

from __future__ import annotations

import json

from netsh.errors import BadToolOutput


def load(text: str, tool: str) -> list:
    """Parse a tool's JSON, or say plainly that the tool did not give JSON."""
    if not text.strip():
        return []  # iproute2 prints nothing at all for an empty listing
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise BadToolOutput(
            f"{tool} printed something that is not JSON ({exc}): {text[:120]!r}",
            f"netsh needs a {tool} that supports JSON output (iproute2 >= 4.15, "
            "ethtool >= 6.0). Run `netsh doctor` to see the versions found.") from None
    return data if isinstance(data, list) else [data]
