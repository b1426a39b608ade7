"""ping with deadlines suited to what the claim expects.

An expected success returns at the first reply (`-c 1`), waiting up to
REACH_DEADLINE seconds: proxy ARP answers broadcasts after a random delay of up
to ~0.8 s. An expected failure waits only FAIL_DEADLINE seconds: long enough for
a reply on a local segment, short enough not to stall the lesson.
"""

from __future__ import annotations

from netsh.command import HOST, Command, cmd

REACH_DEADLINE = 3
FAIL_DEADLINE = 1


def ping(target: str, netns: str | None = HOST, expect: bool = True) -> Command:
    deadline = REACH_DEADLINE if expect else FAIL_DEADLINE
    return cmd("ping", "-c", "1", "-w", str(deadline), target, netns=netns)
