"""A chain's packet counters from `iptables -L CHAIN -v -n -x`.

iptables has no JSON output, so this reads its fixed listing:

    Chain FORWARD (policy DROP 1 packets, 84 bytes)
        pkts      bytes target     prot opt in     out     source    destination
           0        0 ACCEPT     0    --  *      *       10.9.9.9  0.0.0.0/0
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from netsh.errors import BadToolOutput

HEADER = re.compile(r"^Chain (\S+) \((?:policy (\S+) (\d+) packets, (\d+) bytes|\d+ references)\)")


@dataclass(frozen=True)
class Rule:
    packets: int
    bytes: int
    text: str  # the rest of the line: target prot opt in out source destination ...


@dataclass(frozen=True)
class Chain:
    name: str
    policy: str | None  # None for a user-defined chain
    packets: int        # packets that met the policy (0 for a user-defined chain)
    bytes: int
    rules: tuple[Rule, ...]


def parse_chain(text: str) -> Chain:
    lines = [line for line in text.splitlines() if line.strip()]
    m = HEADER.match(lines[0]) if lines else None
    if m is None:
        raise BadToolOutput(f"`iptables -L -v -n -x` printed an unexpected listing: {text[:120]!r}",
                            "netsh reads the listing of iptables 1.8 (legacy or nft); "
                            "run `netsh doctor` to see the version found.")
    rules = []
    for line in lines[2:]:  # after the header and the column titles
        parts = line.split(None, 2)
        if len(parts) < 3 or not (parts[0].isdigit() and parts[1].isdigit()):
            raise BadToolOutput(f"unexpected rule line in `iptables -L -v -n -x`: {line!r}",
                                "The listing must be taken with -x (exact numbers).")
        rules.append(Rule(int(parts[0]), int(parts[1]), parts[2].strip()))
    name, policy, packets, nbytes = m.groups()
    return Chain(name, policy, int(packets or 0), int(nbytes or 0), tuple(rules))
