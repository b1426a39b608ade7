"""Deciding an expected failure as soon as the evidence shows it, not at the ping's deadline.

A ping that must get no reply waits its whole deadline (FAIL_DEADLINE) for a
reply that cannot come. While it waits, netsh looks: a drop or reject of its
echo request in the trace, or a counter that only moves when a packet is thrown
away (no route out, no route in, not for this host and not forwarded) in a
namespace this run owns, or an echo request that arrived and was not answered
there (IcmpInEchos rose, IcmpOutEchoReps did not: the reply had no route),
seen on two looks in a row. Either settles it: the ping is stopped with SIGINT
(it prints its statistics as usual: 1 sent, 0 received). A ping that gets an
ICMP error already returns at once; a positive claim returns at its first reply.
"""

from __future__ import annotations

import signal
import time

from netsh.executors.base import TIMEOUT, Result

POLL = 0.05         # seconds between looks
FIRST_LOOK = 0.05   # a reply on a local segment comes well within this; nothing is decided before it
# Counters that rise only when an IPv4 packet is thrown away.
DISCARDS = ("IpOutNoRoutes", "IpInNoRoutes", "IpInAddrErrors")


def run_until_decided(executor, command, decided) -> Result:
    """Run `command` (a ping), stopping it once `decided()` returns a reason."""
    start = time.monotonic()
    proc = executor.start(command, stderr=True)
    try:
        while proc.poll() is None and time.monotonic() - start < TIMEOUT:
            time.sleep(POLL)
            if time.monotonic() - start >= FIRST_LOOK and proc.poll() is None and decided():
                proc.send_signal(signal.SIGINT)
                break
        out, err = proc.communicate(timeout=TIMEOUT)
    except BaseException:
        proc.kill()
        proc.wait()
        raise
    return Result(command, proc.returncode, out.decode(errors="replace"), err.decode(errors="replace"),
                  time.monotonic() - start)


def discarded(before: dict, now: dict, trusted: set[str]) -> str:
    """A discard counter that moved, or an echo request left unanswered, in a namespace
    whose traffic is all the run's own ("" if none)."""
    for ns, counters in now.items():
        if ns not in trusted or ns not in before:
            continue
        moved = {name: counters.get(name, 0) - before[ns].get(name, 0) for name in counters}
        for name in DISCARDS:
            if moved.get(name, 0) > 0:
                return f"{ns} {name}"
        if moved.get("IcmpInEchos", 0) > moved.get("IcmpOutEchoReps", 0):
            return f"{ns} unanswered echo"
    return ""
