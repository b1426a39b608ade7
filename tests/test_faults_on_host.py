"""kill -9 at every step boundary of every built-in scenario with --on-host,
inside a namespace made to look like the tutorial's server; `netsh cleanup`
must then restore that namespace exactly (full snapshots compared)."""

import contextlib
import os
import signal
import subprocess
import uuid
from pathlib import Path

import pytest

import faultkit as fk
from conftest import NETSH, needs_root, runnable_here
from hostlike import hostlike

pytestmark = needs_root


def _tag() -> str:
    return f"f{uuid.uuid4().hex[:6]}"


@pytest.mark.parametrize("name", runnable_here(fk.on_host_names()))
def test_kill_9_at_every_step_boundary_then_cleanup_restores_exactly(name, tmp_path):
    failures = {}
    with contextlib.ExitStack() as stack:
        runs = []
        for k in fk.boundaries(name, sandbox=False):
            prefix = f"{_tag()}-"
            inside, env = stack.enter_context(fk.server(prefix, tmp_path / "state"))
            before = fk.full_snapshot(f"{prefix}host", prefix)
            run = fk.start(["run", name, "--on-host", "--quiet", "--prefix", prefix], k, tmp_path / name,
                           env=env, inside=inside)
            stack.callback(run.kill)  # before the server's own cleanup, if the test stops early
            run.extra.update(prefix=prefix, inside=inside, before=before)
            runs.append(run)
        for run in runs:
            run.wait_paused()
            os.kill(run.pid, signal.SIGKILL)
            run.proc.wait()
            prefix, inside = run.extra["prefix"], run.extra["inside"]
            cleanup = subprocess.run([*inside, *NETSH, "cleanup"], capture_output=True, text=True, env=env)
            changed = fk.settled_diff(run.extra["before"], f"{prefix}host", prefix)
            fk.tally(kill_points=1, leftovers=sum(len(d["gone"]) + len(d["new"]) for d in changed.values()))
            if cleanup.returncode != 0 or changed:
                failures[run.step] = {"cleanup": (cleanup.returncode, cleanup.stdout + cleanup.stderr),
                                      "changed": changed}
    assert not failures, f"{name}: not restored after kill -9 + cleanup, by step boundary: {failures}"


@pytest.fixture
def host(prefix, tmp_path):
    with fk.server(prefix, tmp_path / "state") as (inside, env):
        yield inside, env


def _seed(prefix, *more):
    return ["run", "bridge-two-ns", "--on-host", "--prefix", prefix, *more]


def _restored(prefix, before, env) -> None:
    assert fk.settled_diff(before, f"{prefix}host", prefix) == {}
    assert not list(Path(env["NETSH_STATE_DIR"]).glob("*.journal")), "nothing left to restore"


# ---- Ctrl-C and SIGTERM ------------------------------------------------------

@pytest.mark.parametrize("moment", ["at a step boundary", "during a ping", "twice, the second during the undo"])
@pytest.mark.parametrize("sig", fk.SIGNALS)
def test_a_signal_restores_then_exits_with_its_code(sig, moment, host, prefix, tmp_path):
    inside, env = host
    signum, code, word = fk.SIGNALS[sig]
    before = fk.full_snapshot(f"{prefix}host", prefix)
    step = 9 if moment.startswith("twice") else 6  # 9: after the last step, before the undo
    run = fk.start(_seed(prefix), step, tmp_path, env=env, inside=inside)
    try:
        run.wait_paused()
        if moment == "during a ping":
            run.resume()
            fk.wait_for_child(run.pid, "ping")
        group = signum == signal.SIGINT  # a terminal's Ctrl-C reaches the whole process group
        (os.killpg if group else os.kill)(run.pid, signum)
        if moment.startswith("twice"):
            fk.wait_for_child(run.pid, "ip")  # the undo has begun
            (os.killpg if group else os.kill)(run.pid, signum)
        assert run.proc.wait(timeout=120) == code, run.output()[-2000:]
    finally:
        run.kill()
    assert f"netsh: {word}; what this run changed has been undone." in run.err.read_text()
    _restored(prefix, before, env)
    fk.tally(signal_cases=1)


# ---- a command that fails on something netsh did not make ----------------------

TAKEN = {
    "a link named veth2": (["ip", "link", "add", "veth2", "type", "veth", "peer", "name", "keep2"],
                           "ip link add veth2 type veth peer name veth3"),
    "a namespace named ns2": (None, "ip netns add {prefix}ns2"),
}


@pytest.mark.parametrize("what", TAKEN)
def test_a_name_taken_by_someone_else_stops_the_run_and_is_left_alone(what, host, prefix):
    inside, env = host
    make, failing = TAKEN[what]
    failing = failing.format(prefix=prefix)
    if make:
        subprocess.run([*inside, *make], check=True)
    else:
        subprocess.run(["ip", "netns", "add", f"{prefix}ns2"], check=True)
    try:
        before = fk.full_snapshot(f"{prefix}host", prefix)
        r = subprocess.run([*inside, *NETSH, *_seed(prefix)], capture_output=True, text=True, env=env, timeout=120)
        out = r.stdout + r.stderr
        assert r.returncode == 1, out[-3000:]
        assert f"`{failing}` failed" in " ".join(out.split()), out[-3000:]
        assert "remove it or pick other names" in " ".join(out.split())
        _restored(prefix, before, env)  # ours undone, theirs (in `before`) untouched
    finally:
        if not make:
            subprocess.run(["ip", "netns", "del", f"{prefix}ns2"], check=True)
    fk.tally(injected_failures=1)


# ---- two runs with the same names ----------------------------------------------

@pytest.mark.parametrize("where", ["the same namespace", "another namespace"])
def test_a_second_run_with_the_same_names_is_refused_and_the_first_goes_on(where, host, prefix, tmp_path):
    inside, env = host
    before = fk.full_snapshot(f"{prefix}host", prefix)
    first = fk.start(_seed(prefix, "--quiet"), 3, tmp_path, env=env, inside=inside)
    with contextlib.ExitStack() as stack:
        stack.callback(first.kill)
        first.wait_paused()
        other = inside if where == "the same namespace" else stack.enter_context(hostlike(f"{prefix}o-"))
        second = subprocess.run([*other, *NETSH, *_seed(prefix)], capture_output=True, text=True,
                                env=env, timeout=60)
        assert second.returncode == 3, second.stdout + second.stderr
        assert "another netsh run is using" in second.stderr and "--prefix" in second.stderr
        first.resume()
        assert first.proc.wait(timeout=120) == 0, first.output()[-3000:]
    _restored(prefix, before, env)
    fk.tally(lock_cases=1)


def test_eight_on_host_runs_at_once_with_different_prefixes_all_hold(tmp_path):
    """Each in its own server namespace (link names are not prefixed, so one network
    namespace takes one run at a time); their namespaces share /run/netns and the locks."""
    with contextlib.ExitStack() as stack:
        runs = []
        for n in range(8):
            prefix = f"{_tag()}-"
            inside, env = stack.enter_context(fk.server(prefix, tmp_path / "state"))
            before = fk.full_snapshot(f"{prefix}host", prefix)
            proc = subprocess.Popen([*inside, *NETSH, *_seed(prefix, "--quiet")], stdout=subprocess.PIPE,
                                    stderr=subprocess.STDOUT, text=True, env=env)
            stack.callback(proc.kill)
            runs.append((prefix, before, env, proc))
        for _, _, _, proc in runs:
            out = proc.communicate(timeout=300)[0]
            assert proc.returncode == 0, out[-3000:]
        for prefix, before, env, _ in runs:  # once all are done: their journals share a folder
            _restored(prefix, before, env)
    fk.tally(parallel_runs=8)
