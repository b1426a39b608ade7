"""fping: one process pings a whole address range, all probes in flight at once.

At scale this replaces one `ping` process per pair. `-u` lists the addresses
that did not answer (exit 1 if any did not); `-i 0` sends back to back; each
target waits up to REACH_DEADLINE seconds, as a single expected-success ping.
"""

from __future__ import annotations

from collections.abc import Sequence

from netsh.command import HOST, Command, cmd
from netsh.tools.ping import REACH_DEADLINE

OPTIONS = ("-q", "-u", "-r", "0", "-i", "0", "-t", str(REACH_DEADLINE * 1000))


def sweep(first: str, last: str, netns: str | None = HOST) -> Command:
    return cmd("fping", *OPTIONS, "-g", first, last, netns=netns)


def targets(addresses: Sequence[str], netns: str | None = HOST) -> Command:
    """The same probe for a list of addresses (those that did not answer a sweep)."""
    return cmd("fping", *OPTIONS, *addresses, netns=netns)
