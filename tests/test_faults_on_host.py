"""kill -9 at every step boundary of every built-in scenario with --on-host,
inside a namespace made to look like the tutorial's server; `netsh cleanup`
must then restore that namespace exactly (full snapshots compared)."""

import contextlib
import os
import signal
import subprocess
import uuid

import pytest

import faultkit as fk
from conftest import NETSH, needs_root
from hostlike import hostlike

pytestmark = needs_root


def _tag() -> str:
    return f"f{uuid.uuid4().hex[:6]}"


@pytest.mark.parametrize("name", fk.scenario_names())
def test_kill_9_at_every_step_boundary_then_cleanup_restores_exactly(name, tmp_path):
    env = {**os.environ, "NETSH_STATE_DIR": str(tmp_path / "state")}
    failures = {}
    with contextlib.ExitStack() as stack:
        runs = []
        for k in fk.boundaries(name, sandbox=False):
            prefix = f"{_tag()}-"
            inside = stack.enter_context(hostlike(prefix))
            # Like a real server, the namespace has a filter table already: setting a
            # policy creates an empty one, which the undo (ACCEPT again) keeps.
            subprocess.run([*inside, "iptables", "-P", "FORWARD", "ACCEPT"], check=True)
            before = fk.full_snapshot(f"{prefix}host", prefix)
            run = fk.start(["run", name, "--on-host", "--quiet", "--prefix", prefix], k, tmp_path / name,
                           env=env, inside=inside)
            # If the test stops early, put the namespace back before it is removed:
            # netsh's own namespaces live in /run/netns, outside it.
            stack.callback(subprocess.run, [*inside, *NETSH, "cleanup"], capture_output=True, env=env)
            stack.callback(run.kill)
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
