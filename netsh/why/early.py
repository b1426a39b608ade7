"""Deciding an expected failure as soon as the evidence shows it, not at the ping's deadline.

A ping that must get no reply waits its whole deadline (FAIL_DEADLINE) for a
reply that cannot come. While it waits, netsh looks: a drop or reject of its
echo request in the trace settles it. So does a counter that only moves when a
packet is thrown away (no route out, no route in, not for this host and not
forwarded), or an echo request that arrived and was not answered (IcmpInEchos
rose, IcmpOutEchoReps did not: the reply had no route; seen on two looks in a
row), in a namespace whose traffic is all the run's own, provided that the
thrown-away packet can only be this ping's: where the trace saw this ping's
echo request arrive and as many packets were thrown away as traced pings
arrived there; without a trace, only when no other probe of the group is still
running. The ping is then stopped with SIGINT (it prints its statistics as
usual: 1 sent, 0 received). A ping that gets an ICMP error already returns at
once; a positive claim returns at its first reply.
"""

from __future__ import annotations

import signal
import time

from netsh.executors.base import TIMEOUT, Result

POLL = 0.05         # seconds between looks
FIRST_LOOK = 0.05   # a reply on a local segment comes well within this; nothing is decided before it
# Counters that rise only when an IPv4 packet is thrown away.
DISCARDS = ("IpOutNoRoutes", "IpInNoRoutes", "IpInAddrErrors")
UNANSWERED = "unanswered echo"
LOOK = 0.05         # seconds a counter read stays fresh for every waiting ping


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


def discards(before: dict, now: dict, trusted: set[str]) -> dict[str, tuple[int, str]]:
    """Per namespace whose traffic is all the run's own: at least how many IPv4 packets were
    thrown away there since `before`, and the counter that says so."""
    out = {}
    for ns, counters in now.items():
        if ns not in trusted or ns not in before:
            continue
        moved = {name: counters.get(name, 0) - before[ns].get(name, 0) for name in counters}
        unanswered = moved.get("IcmpInEchos", 0) - moved.get("IcmpOutEchoReps", 0)
        # One packet may move two counters (an echo that arrived, whose reply had no route):
        # the largest count is a safe one; on a tie a discard counter, which needs no second look.
        n, why = max([(moved.get(name, 0), name) for name in DISCARDS] + [(unanswered, UNANSWERED)],
                     key=lambda counted: (counted[0], counted[1] != UNANSWERED))
        if n > 0:
            out[ns] = (n, why)
    return out


def arrivals(lines) -> dict[str, set[int]]:
    """The ICMP ids of the echo requests the trace saw, per namespace."""
    out: dict[str, set[int]] = {}
    for ns, line in lines:
        if line.what == "packet" and "echo-request" in line.text and line.icmp_id is not None:
            out.setdefault(ns, set()).add(line.icmp_id)
    return out


def settled(icmp: int, look: dict, previous: dict, seen: dict[str, set[int]] | None, running: int) -> str:
    """Why ping `icmp` can get no reply any more, from two successive looks at the discards
    (`look`, `previous`), the trace's arrivals (`seen`; None without a trace) and how many
    probes of the group still run ("" while a reply may still come)."""
    for ns, (n, why) in look.items():
        if why == UNANSWERED and previous.get(ns) != (n, why):
            continue  # a reply may be on its way between two counters: seen twice, unchanged
        if seen is None:
            mine = running == 1
        else:
            mine = icmp in seen.get(ns, ()) and n >= len(seen[ns])
        if mine:
            return f"{ns} {why}"
    return ""
