"""The sandbox proves it is sealed: in a chroot whose /run is the host's, nothing
netsh makes reaches the host's /run/netns or mount table, and a sandbox whose
/run/netns is not its own is refused before anything is created.

The chroot is made as build chroots are, with `mount --rbind / D`, inside a
stand-in host: a private mount namespace of the test's own whose mounts are
shared (as on a systemd machine) and whose /run/netns is a shared tmpfs (as
`ip netns` leaves a real one). The machine's own mounts are never touched.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import pytest

import faultkit as fk
from conftest import NETSH, needs_root
from netsh.errors import EnvironmentProblem
from netsh.executors.base import Executor
from netsh.executors.seal import require_sealed, seal_problem
from netsh.state.mounts import Mount, parse, serving

STAND_IN = ("mkdir -p /run/netns && mount -t tmpfs stand-in-host /run/netns && mount --make-rshared / "
            '&& mount --rbind / "$1" && echo ready && exec sleep infinity')


@pytest.fixture
def chroot_host(tmp_path):
    """(host, chroot): argv prefixes running a command in the stand-in host's view and in its chroot."""
    root = tmp_path / "root"
    root.mkdir()
    proc = subprocess.Popen(["unshare", "--mount", "--propagation", "private", "--", "sh", "-c", STAND_IN,
                             "sh", str(root)], stdout=subprocess.PIPE)
    try:
        assert proc.stdout.readline() == b"ready\n", "cannot set up the stand-in host"
        host = ("nsenter", "-t", str(proc.pid), "--mount", "--")
        yield host, (*host, "chroot", str(root))
    finally:
        proc.kill()
        proc.wait()


def host_view(host: tuple[str, ...]) -> dict:
    """What the stand-in host has: its /run/netns entries and its whole mount table."""
    def out(*argv: str) -> list[str]:
        return subprocess.run([*host, *argv], capture_output=True, text=True, check=True).stdout.splitlines()

    return {"netns": out("ls", "-A", "/run/netns"), "mounts": out("cat", "/proc/self/mountinfo")}


def in_chroot(chroot, *args: str, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([*chroot, *NETSH, *args], capture_output=True, text=True, timeout=300, env=env)


@needs_root
def test_a_run_in_a_chroot_leaves_the_hosts_run_netns_alone(chroot_host, tmp_path):
    host, chroot = chroot_host
    before = host_view(host)
    report = tmp_path / "r.json"
    for _ in range(2):  # a second run would fail with "File exists" after a leak
        r = in_chroot(chroot, "run", "bridge-two-ns", "--quiet", "--report", str(report))
        assert r.returncode == 0, r.stdout[-2000:] + r.stderr
        assert json.loads(report.read_text())["held"] is True
        assert host_view(host) == before


@needs_root
def test_kill_9_mid_run_in_a_chroot_leaves_the_host_alone(chroot_host, tmp_path):
    host, chroot = chroot_host
    before = host_view(host)
    run = fk.start(["run", "bridge-two-ns", "--quiet"], 4, tmp_path, inside=chroot)
    try:
        run.wait_paused()
        procs = fk.descendants(run.pid)
        assert any(fk.comm(p) == "sleep" for p, _ in procs), "no sandbox holder below netsh"
        os.kill(run.pid, signal.SIGKILL)
        run.proc.wait()
    finally:
        run.kill()
    assert not fk.wait_gone(procs)
    assert host_view(host) == before


@needs_root
def test_keep_then_cleanup_in_a_chroot_leaves_the_host_alone(chroot_host):
    host, chroot = chroot_host
    before = host_view(host)
    r = in_chroot(chroot, "run", "bridge-two-ns", "--quiet", "--keep")
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr
    try:
        assert host_view(host) == before  # the kept sandbox's namespaces are its own
    finally:
        cleaned = in_chroot(chroot, "cleanup")
    assert cleaned.returncode == 0 and "Removed the kept sandbox" in cleaned.stdout, cleaned.stdout + cleaned.stderr
    assert host_view(host) == before


# The sandbox as it was before it proved itself sealed: commands entered its
# mount namespace without its root, so in a chroot they saw the host's /run/netns.
UNSEALED = """
import sys
from netsh.errors import EnvironmentProblem
from netsh.executors import sandbox
sandbox.enter_argv = lambda pid, rootless: ("nsenter", "-t", str(pid), "--net", "--mount", "--")
try:
    sandbox.SandboxExecutor()
except EnvironmentProblem as exc:
    print(exc)
    sys.exit(exc.exit_code)
"""


@needs_root
def test_the_seal_check_refuses_commands_that_see_the_hosts_run_netns(chroot_host):
    host, chroot = chroot_host
    before = host_view(host)
    r = subprocess.run([*chroot, sys.executable, "-c", UNSEALED], capture_output=True, text=True, timeout=60)
    assert r.returncode == 3, r.stdout + r.stderr
    assert "the sandbox is not sealed: /run/netns there is stand-in-host (tmpfs)" in r.stdout
    assert host_view(host) == before


class SharedRunNetns(Executor):
    """Runs each command in a fresh mount namespace of its own whose /run/netns is a
    netsh-sandbox tmpfs that is *shared* (a new peer group: made shared inside a
    private namespace, so nothing reaches the machine)."""

    prefix = ("unshare", "--mount", "--propagation", "private", "--", "sh", "-c",
              'mount -t tmpfs netsh-sandbox /run/netns && mount --make-shared /run/netns && exec "$@"', "sh")


@needs_root
def test_the_seal_check_refuses_a_run_netns_that_propagates():
    with pytest.raises(EnvironmentProblem) as caught:
        require_sealed(SharedRunNetns())
    assert caught.value.exit_code == 3
    assert "propagate to other mount namespaces (shared): /run/netns" in caught.value.message


class Unsealed(Executor):
    """This process's own view: the machine's /run/netns."""


def test_the_seal_check_refuses_the_machines_own_run_netns():
    with pytest.raises(EnvironmentProblem, match="not the sandbox's own netsh-sandbox tmpfs"):
        require_sealed(Unsealed())


# ---- the pure parts ------------------------------------------------------------

def mounts(*rows: tuple) -> str:
    """findmnt's JSON for rows of (id, parent, target, source, fstype, propagation)."""
    keys = ("id", "parent", "target", "source", "fstype", "propagation")
    return json.dumps({"filesystems": [dict(zip(keys, row)) for row in rows]})


ROOT = (27, 1, "/", "/dev/vda", "ext4", "private")


def test_the_topmost_of_a_stack_of_mounts_serves_a_path():
    found = parse(mounts(ROOT, (42, 27, "/run/netns", "/dev/vda[/run/netns]", "ext4", "private"),
                         (50, 42, "/run/netns", "host", "tmpfs", "private"),
                         (60, 50, "/run/netns", "netsh-sandbox", "tmpfs", "private")))
    assert serving(found, "/run/netns") == Mount(60, 50, "/run/netns", "netsh-sandbox", "tmpfs", "private")
    assert serving(found, "/run/netns/ns1").source == "netsh-sandbox"
    assert serving(found, "/run/netnsx").target == "/"


def test_a_mount_hidden_under_a_mount_on_its_parent_folder_serves_nothing():
    # The SSH lab's sshd binds a folder over /run: the machine's /run/netns mount is still
    # listed, but /run/netns now lies on the bind (and on the holder's tmpfs over it).
    found = parse(mounts(ROOT, (42, 27, "/run/netns", "team-netns", "tmpfs", "private"),
                         (70, 27, "/run", "/dev/vda[/tmp/run-b]", "ext4", "private"),
                         (80, 70, "/run", "netsh-sandbox", "tmpfs", "private")))
    assert serving(found, "/run/netns").id == 80


def test_numbers_printed_as_strings_by_older_findmnt_are_read():
    assert parse(mounts(("27", "1", "/", "/dev/vda", "ext4", "shared")))[0].id == 27


SANDBOX = (60, 27, "/run/netns", "netsh-sandbox", "tmpfs", "private")


@pytest.mark.parametrize("rows, problem", [
    ([ROOT, SANDBOX], None),
    ([ROOT, (60, 27, "/run", "netsh-sandbox", "tmpfs", "private")], None),  # the holder's fallback: a tmpfs on /run
    ([ROOT], "/run/netns there is /dev/vda (ext4) on /, not the sandbox's own"),
    ([ROOT, (60, 27, "/run/netns", "netsh-sandbox", "tmpfs", "shared")], "(shared): /run/netns"),
    ([ROOT, SANDBOX, (22, 27, "/proc", "proc", "proc", "shared,slave")], "(shared): /proc"),
    ([ROOT, (60, 27, "/run/netns", "netsh-sandbox", "tmpfs", "private,slave")], None),  # receives, never sends
])
def test_seal_problem(rows, problem):
    found = seal_problem(parse(mounts(*rows)))
    assert (found is None) if problem is None else (problem in found)


def test_findmnt_output_that_is_not_json_is_named():
    with pytest.raises(EnvironmentProblem, match="findmnt printed something"):
        parse("findmnt: unknown option")
