"""Addresses from `ip -j addr show`."""

from __future__ import annotations

from dataclasses import dataclass

from netsh.state import load


@dataclass(frozen=True)
class IfAddress:
    """One address of a device (an `addr_info` entry); not to be confused with the
    parameter type `netsh.params.Address`."""

    dev: str
    cidr: str  # "192.168.10.10/24"
    family: str


def parse_addresses(text: str) -> list[IfAddress]:
    return [IfAddress(dev=d["ifname"], cidr=f'{a["local"]}/{a["prefixlen"]}', family=a["family"])
            for d in load(text, "ip") for a in d.get("addr_info", ())]
