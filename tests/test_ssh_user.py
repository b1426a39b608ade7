"""A remote login that is not root: `--target ssh://USER@host`, where the remote
sandbox uses user namespaces, against the real sshd lab (tests/sshlab.py).

The account exists only inside the lab sshd's own mount namespace (bind-mounted
copies of passwd, group and shadow), never on this machine."""

from __future__ import annotations

import json
import os
import pwd
import uuid
from pathlib import Path

import pytest

from conftest import ROOT
from sshlab import ADDRS, SSHD, USER_UID, Lab, host_state, netsh, run_until_step, sessions, wait_dead

pytestmark = pytest.mark.skipif(not ROOT or not os.path.exists(SSHD),
                                reason="needs root and openssh-server (./scripts/test installs it)")

USER = "netshlab"
PORT = 2200  # beside host b's root sshd on 22 (2222 stays unreachable for test_ssh)
KEY = f"b-{USER}"


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    for taken in (lambda: pwd.getpwnam(USER), lambda: pwd.getpwuid(USER_UID)):
        with pytest.raises(KeyError):  # neither the name nor the uid may exist on this machine
            taken()
    lab = Lab(f"u{uuid.uuid4().hex[:5]}-", tmp_path_factory.mktemp("sshlab-user"))
    try:
        lab.up()
        lab.start_sshd("b", user=USER, port=PORT)
        yield lab
    finally:
        lab.down()
    assert USER not in Path("/etc/passwd").read_text()  # the machine never knew it


TARGET = f"ssh://{USER}@{ADDRS['b']}:{PORT}"


def _uid_and_userns(pid: int) -> tuple[int, str]:
    uid = next(int(ln.split()[1]) for ln in Path(f"/proc/{pid}/status").read_text().splitlines()
               if ln.startswith("Uid:"))
    return uid, os.readlink(f"/proc/{pid}/ns/user")


def test_a_non_root_login_runs_the_lesson_in_a_user_namespace_sandbox(lab, tmp_path):
    before = host_state(lab, "b")
    report = tmp_path / "r.json"
    proc, _ = run_until_step(lab, 3, "run", "bridge-two-ns", "--target", TARGET, "--report", str(report))
    far = sessions(lab, KEY)
    try:
        seen = {_uid_and_userns(pid) for pid in far if Path(f"/proc/{pid}").exists()}
        out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, out + err
    assert "All 15 claims held" in out
    init_userns = os.readlink("/proc/self/ns/user")
    # The far side ran as the lab account; the holder is root only inside its own user namespace.
    assert {uid for uid, _ in seen} == {USER_UID}, seen
    assert any(userns != init_userns for _, userns in seen), "no remote process in a user namespace"
    assert json.loads(report.read_text())["held"] is True
    assert wait_dead(far) == [], "the remote sandbox outlived the run"
    assert host_state(lab, "b") == before


def test_doctor_over_a_non_root_login_says_user_namespaces_will_do(lab):
    r = netsh(lab, "doctor", "--target", TARGET)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "user namespaces allowed" in r.stdout and "feature bridge" in r.stdout


def test_on_host_over_a_non_root_login_is_refused_before_anything_changes(lab):
    before = host_state(lab, "b")
    r = netsh(lab, "run", "bridge-two-ns", "--target", TARGET, "--on-host", "--quiet")
    assert r.returncode == 3 and "needs root there" in r.stderr, r.stdout + r.stderr
    assert host_state(lab, "b") == before
