#!/usr/bin/env python3
"""Print what one sandbox snapshot costs (run --diff takes one per step): ./.venv/bin/python scripts/bench-snapshot.py"""
import time, statistics
from netsh.executors.sandbox import SandboxExecutor
from netsh.scenario import find
from netsh.runner import Runner
from netsh.state.snapshot import collect
sc = find("bridge-two-ns")()
with SandboxExecutor() as ex:
    r = Runner(ex, lambda e: None)
    for st in ex.setup_steps(): r._step(0, st, setup=True)
    for i, st in enumerate(sc.steps(), 1):
        if i > 5: break
        r._step(i, st)
    ts = []
    for _ in range(20):
        t = time.monotonic(); s = collect(ex); ts.append(time.monotonic() - t)
    print(f"snapshot of {len(s.namespaces)} namespaces: median {statistics.median(ts)*1000:.1f} ms, max {max(ts)*1000:.1f} ms")
