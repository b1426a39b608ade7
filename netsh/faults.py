"""A test hook for fault injection: stop a run at a chosen step boundary.

With NETSH_PAUSE_BEFORE_STEP=N in the environment, the runner stops before
step N (0 is the sandbox's setup step; one past the last step is the moment
before the final undo), prints MARKER with the step and its PID on stderr, and
waits. A test then inspects the half-done run, kills it (kill -9, SIGINT,
SIGTERM) or lets it go on with SIGUSR1. Without the variable this does nothing.

NETSH_PAUSE_AT=trace does the same inside a claim check, at the moment netsh's
trace table exists and its monitors listen (netsh/why/trace.py), printing
AT_MARKER: a kill -9 there must leave nothing `netsh cleanup` cannot take back.
"""

from __future__ import annotations

import os
import signal
import sys
import time

VARIABLE = "NETSH_PAUSE_BEFORE_STEP"
MARKER = "netsh-paused-before-step"
AT_VARIABLE = "NETSH_PAUSE_AT"
AT_MARKER = "netsh-paused-at"


def boundary(index: int) -> None:
    """Pause here if the environment asks for a pause before step `index`."""
    if os.environ.get(VARIABLE) == str(index):
        _pause(f"{MARKER} {index}")


def at(point: str) -> None:
    """Pause here if the environment asks for a pause at this named point ("trace")."""
    if os.environ.get(AT_VARIABLE) == point:
        _pause(f"{AT_MARKER} {point}")


def _pause(marker: str) -> None:
    resumed: list[int] = []
    previous = signal.signal(signal.SIGUSR1, lambda *_: resumed.append(1))
    try:
        print(f"{marker} pid={os.getpid()}", file=sys.stderr, flush=True)
        # Sleeping in short slices rather than pause(): a SIGUSR1 landing just
        # before the wait cannot be lost, and SIGINT/SIGTERM still interrupt.
        while not resumed:
            time.sleep(0.02)
    finally:
        signal.signal(signal.SIGUSR1, previous)
