"""kill -9 at random moments of an `--on-host` run, inside steps as well as between
them (a ping in flight, a change half made), then `netsh cleanup` at once: the
namespace is exactly as before immediately after cleanup returns (no settling
retries), and no process the run started is left.

Reproducible: the moments are fractions of a whole run's time drawn from
NETSH_KILL_SEED (printed on failure); a whole run is timed first, here.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import faultkit as fk
from conftest import NETSH, needs_root
from netsh.tools.ping import FAIL_DEADLINE

SEED = int(os.environ.get("NETSH_KILL_SEED", "20261127"))
KILLS = 52
LANES = 4  # trials at once, each in its own server-like namespace with its own state dir
SCENARIO = "bridge-two-ns"


def _start(inside, prefix: str, env: dict) -> subprocess.Popen:
    return subprocess.Popen([*inside, *NETSH, "run", SCENARIO, "--on-host", "--quiet", "--prefix", prefix],
                            env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)


def _whole_run(tmp_path) -> float:
    """Seconds a whole on-host run takes here, from start to exit."""
    prefix = f"t{uuid.uuid4().hex[:6]}-"
    with fk.server(prefix, tmp_path / "timing") as (inside, env):
        start = time.monotonic()
        assert _start(inside, prefix, env).wait(timeout=120) == 0
        return time.monotonic() - start


def _trial(inside, prefix: str, env: dict, moment: float) -> list[str]:
    """One run killed `moment` seconds after its start, then cleaned up; what differs after."""
    host = f"{prefix}host"
    before = fk.full_snapshot(host, prefix)
    run = _start(inside, prefix, env)
    time.sleep(moment)
    started = fk.descendants(run.pid)
    run.kill()
    run.wait()
    cleanup = subprocess.run([*inside, *NETSH, "cleanup"], env=env, capture_output=True, text=True, timeout=120)
    changed = fk.diff(before, fk.full_snapshot(host, prefix))  # at once: cleanup waited for the kernel
    left = [f"{key}: {lines}" for key, lines in changed.items()]
    left += [f"process {pid} ({fk.comm(pid)}) outlived netsh" for pid, _ in fk.wait_gone(started, timeout=1)]
    if cleanup.returncode != 0:
        left.append(f"cleanup exit {cleanup.returncode}: {cleanup.stdout[-800:]} {cleanup.stderr[-800:]}")
    return left


def _lane(index: int, moments: list[float], tmp_path) -> list[tuple[float, list[str]]]:
    prefix = f"t{uuid.uuid4().hex[:6]}-"
    out = []
    with fk.server(prefix, tmp_path / f"lane{index}") as (inside, env):
        for moment in moments:
            left = _trial(inside, prefix, env, moment)
            fk.tally(random_kill_points=1, random_leftovers=len(left))
            out.append((moment, left))
    return out


@needs_root
def test_kill_9_at_random_moments_then_cleanup_restores_at_once(tmp_path):
    span = _whole_run(tmp_path)
    rng = random.Random(SEED)
    fractions = sorted(rng.random() for _ in range(KILLS))
    moments = [f * span for f in fractions]
    with ThreadPoolExecutor(LANES) as pool:
        lanes = pool.map(_lane, range(LANES), [moments[i::LANES] for i in range(LANES)], [tmp_path] * LANES)
        trials = [t for lane in lanes for t in lane]
    assert len(trials) == KILLS
    failures = [(round(m, 3), left) for m, left in trials if left]
    assert not failures, f"seed {SEED}, whole run {span:.2f} s: left behind, by kill moment (s): {failures}"


def _ping_in_a_namespace_of_the_run(run: subprocess.Popen, timeout: float = 60) -> tuple[int, str]:
    """Wait for a ping netsh runs inside a namespace it made (not the one netsh runs in)
    that waits out its deadline: one that expects no reply (tools/ping.py)."""
    home = os.readlink(f"/proc/{run.pid}/ns/net")
    waits = f"-w\0{FAIL_DEADLINE}\0".encode()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and run.poll() is None:
        for pid, start in fk.descendants(run.pid):
            try:
                if fk.comm(pid) == "ping" and os.readlink(f"/proc/{pid}/ns/net") != home \
                        and waits in Path(f"/proc/{pid}/cmdline").read_bytes():
                    return pid, start
            except OSError:
                continue
        time.sleep(0.002)
    raise AssertionError("no ping ever ran inside one of the run's namespaces")


@needs_root
def test_kill_9_while_a_ping_runs_inside_a_namespace_cleanup_is_done_when_it_returns(tmp_path):
    """The issue's case, made certain: the ping in flight is stopped (SIGSTOP) before netsh
    is killed, so only netsh's parent-death signal can end it (SIGKILL ends a stopped
    process); it must not hold its namespace, and the bridge port whose peer lived there
    must be gone when `netsh cleanup` returns."""
    prefix = f"t{uuid.uuid4().hex[:6]}-"
    with fk.server(prefix, tmp_path / "state") as (inside, env):
        before = fk.full_snapshot(f"{prefix}host", prefix)
        run = _start(inside, prefix, env)
        ping = _ping_in_a_namespace_of_the_run(run)
        try:
            os.kill(ping[0], signal.SIGSTOP)
            run.kill()
            run.wait()
            outlived = fk.wait_gone([ping], timeout=10)
            cleanup = subprocess.run([*inside, *NETSH, "cleanup"], env=env, capture_output=True, text=True,
                                     timeout=120)
            changed = fk.diff(before, fk.full_snapshot(f"{prefix}host", prefix))
        finally:
            if fk.alive(ping):
                os.kill(ping[0], signal.SIGKILL)
        fk.tally(kill_points=1, leftovers=len(changed) + len(outlived))
        assert not outlived, "the ping outlived netsh"
        assert cleanup.returncode == 0, cleanup.stdout + cleanup.stderr
        assert not changed, changed


def test_a_command_whose_netsh_died_before_its_signal_was_armed_does_not_run(tmp_path):
    """The one moment a parent-death signal cannot cover: netsh killed after its fork, before
    setpriv arms the signal. The tether's shell then finds another parent and runs nothing
    (an `nft monitor` started at that moment outlived netsh in a fresh container)."""
    from netsh.executors.base import Executor

    tether = Executor.tether
    assert tether[-1] == str(os.getpid())
    made = tmp_path / "ran"
    armed = subprocess.run([*tether, "touch", str(made)], capture_output=True, text=True)
    assert armed.returncode == 0 and made.exists(), armed.stderr  # netsh (here: pytest) is the parent
    made.unlink()
    orphan = subprocess.run([*tether[:-1], "1", "touch", str(made)], capture_output=True, text=True)
    assert orphan.returncode == 125 and not made.exists()  # its recorded parent is not its parent
