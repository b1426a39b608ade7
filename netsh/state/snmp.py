"""Protocol counters from /proc/net/snmp (what `nstat` and `netstat -s` read).

The file comes in line pairs per protocol: a header (`Ip: Forwarding
DefaultTTL ... ForwDatagrams ...`) and the values (`Ip: 1 64 ... 4 ...`).
"""

from __future__ import annotations

from netsh.errors import BadToolOutput


def parse_snmp(text: str) -> dict[str, dict[str, int]]:
    """{"Ip": {"ForwDatagrams": 4, ...}, "Icmp": {...}, ...}"""
    out: dict[str, dict[str, int]] = {}
    lines = [line.split() for line in text.splitlines() if line.strip()]
    for names, values in zip(lines[::2], lines[1::2]):
        if names[0] != values[0] or len(names) != len(values) or not names[0].endswith(":"):
            raise BadToolOutput(f"/proc/net/snmp has an unexpected layout near {' '.join(names[:3])!r}",
                                "netsh expects header/value line pairs as Linux writes them.")
        try:
            out[names[0][:-1]] = dict(zip(names[1:], map(int, values[1:])))
        except ValueError:
            raise BadToolOutput(f"/proc/net/snmp: non-numeric value in {' '.join(values[:4])!r}",
                                "netsh expects header/value line pairs as Linux writes them.") from None
    return out


def snmp_counter(text: str, group: str, name: str) -> int:
    """One counter, e.g. snmp_counter(text, "Ip", "ForwDatagrams")."""
    try:
        return parse_snmp(text)[group][name]
    except KeyError:
        raise BadToolOutput(f"/proc/net/snmp has no counter {group} {name}",
                            "This kernel names its counters differently; see /proc/net/snmp.") from None
