"""Remote hosts over SSH, for real: Debian's sshd in namespaces made here.

netsh runs in a third namespace and reaches the two "hosts" over real SSH
connections. Each test checks the transcript or report and that the hosts are
left exactly as they were; the lab is torn down at the end of the module.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import threading
import time
import uuid

import pytest

import faultkit as fk
from conftest import ROOT, tagged, wait_until_gone
from netsh.executors.ssh import SILENCE, SshTarget, _ready_line, parse_target, ssh_options
from netsh.errors import UsageError
from sshlab import ADDRS, SSHD, Lab, host_state, netsh, run_until_step, sessions, wait_dead

pytestmark = pytest.mark.skipif(not ROOT or not os.path.exists(SSHD),
                                reason="needs root and openssh-server (./scripts/test installs it)")


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    lab = Lab(f"s{uuid.uuid4().hex[:5]}-", tmp_path_factory.mktemp("sshlab"))
    try:
        lab.up()
        yield lab
    finally:
        lab.down()








def sandbox_pids(lab: Lab, name: str) -> list[int]:
    """Processes on a host's side whose network namespace is not its sshd's: the sandbox's."""
    def netns(pid: int) -> str:
        try:
            return os.readlink(f"/proc/{pid}/ns/net")
        except OSError:  # ended meanwhile (a command's session)
            return host

    host = os.readlink(f"/proc/{lab.sshd[name].pid}/ns/net")
    return [p for p in sessions(lab, name) if netns(p) != host]


def sandbox_namespaces(lab: Lab, name: str, pids: list[int]) -> dict[str, int | None]:
    """The namespaces of the remote sandbox among these processes (not its sshd's own), inode -> id."""
    host = {os.readlink(f"/proc/{lab.sshd[name].pid}/ns/{kind}") for kind in ("net", "mnt")}
    return {link: ident for pid in pids if os.readlink(f"/proc/{pid}/ns/net") not in host
            for link, ident in fk.ns_inodes_of(pid).items()}




def test_targets_parse():
    assert parse_target("ssh://root@h:2222") == SshTarget("h", "root", 2222)
    assert str(parse_target("ssh://h")) == "ssh://h"
    assert str(parse_target("ssh://u@[fd00::1]:22")) == "ssh://u@[fd00::1]:22"
    for bad in ("h", "ssh://", "ssh://h:port", "ssh://h/path", "ssh://u:secret@h"):
        with pytest.raises(UsageError):
            parse_target(bad)
    opts = ssh_options("/etc/x", "/tmp/c")
    assert opts[:2] == ["-F", "/etc/x"] and "BatchMode=yes" in opts


def test_the_keepers_ready_line_is_found_after_a_login_banner_and_across_reads():
    r, w = os.pipe()
    with os.fdopen(r, "rb") as stream, os.fdopen(w, "wb", buffering=0) as out:
        out.write(b"Welcome to the lab!\nready 12")
        timer = threading.Timer(0.2, out.write, (b"34\n",))
        timer.start()
        assert _ready_line(stream, time.monotonic() + 5) == "ready 1234\n"
        timer.join()


def test_remote_sandbox_run(lab, tmp_path):
    before = host_state(lab, "a")
    report = tmp_path / "r.json"
    r = netsh(lab, "run", "bridge-two-ns", "--target", lab.target("a"), "--report", str(report))
    assert r.returncode == 0, r.stdout + r.stderr
    assert f"bridge-two-ns · ssh://root@{ADDRS['a']}" in r.stdout
    assert "All 15 claims held" in r.stdout
    rep = json.loads(report.read_text())
    assert rep["target"] == lab.target("a") and rep["held"] is True
    assert rep["facts"]["kernel"] == os.uname().release
    assert wait_dead(sessions(lab, "a")) == [], "the remote sandbox holder outlived the run"
    assert host_state(lab, "a") == before


def test_a_root_login_without_cap_net_admin_gets_a_user_namespace_sandbox(lab):
    """As in a container: root over there lacks CAP_NET_ADMIN (its sshd runs without it)."""
    no_net_admin = ("setpriv", "--inh-caps=-net_admin", "--bounding-set=-net_admin", "--")
    if subprocess.run([*no_net_admin, "unshare", "--user", "--map-root-user", "--net", "true"]).returncode:
        pytest.skip("this kernel does not allow user namespaces, so there is nothing to fall back to")
    before = host_state(lab, "b")
    lab.drop("b")
    lab.start_sshd("b", wrap=no_net_admin)
    try:
        r = netsh(lab, "run", "bridge-two-ns", "--target", lab.target("b"))
        doctor = netsh(lab, "doctor", "--target", lab.target("b"))
    finally:
        lab.drop("b")
        lab.start_sshd("b")
    assert r.returncode == 0 and "All 15 claims held" in r.stdout, r.stdout + r.stderr
    assert "root without CAP_NET_ADMIN; user namespaces allowed: the sandbox uses one" in doctor.stdout
    assert "lacks CAP_NET_ADMIN" in doctor.stdout
    assert host_state(lab, "b") == before


def test_remote_on_host_run_is_journaled_and_locked_there_and_undone(lab, tmp_path):
    before = host_state(lab, "a")
    report = tmp_path / "r.json"
    first, seen = run_until_step(lab, 2, "run", "bridge-two-ns", "--target", lab.target("a"), "--on-host",
                                 "--prefix", lab.prefix, "--report", str(report))
    second = netsh(lab, "run", "bridge-two-ns", "--target", lab.target("a"), "--on-host", "--prefix", lab.prefix)
    out, err = first.communicate(timeout=120)
    assert second.returncode == 3 and f"another netsh run on {lab.target('a')}" in second.stderr
    assert first.returncode == 0, out + err
    said = "".join(seen)  # what will change, and how to restore it, before changing anything
    assert f"changes the real network stack on {lab.target('a')}" in said
    assert f"netsh cleanup --target {lab.target('a')}" in said
    rep = json.loads(report.read_text())
    assert rep["steps"][0]["commands"][0]["argv"][0] == "ip"  # no sandbox prefix: the host itself
    assert len(rep["undo"]) > 10 and all(u["exit_code"] == 0 for u in rep["undo"])
    assert host_state(lab, "a") == before
    inode = os.stat(f"/run/netns/{lab.ns('a')}").st_ino
    kept = sorted(f.name for f in (lab.run_dir("a") / "netsh").iterdir())  # that host's /run/netsh
    assert kept == [f"net-{inode}.lock", f"netns-{lab.prefix}ns1.lock", f"netns-{lab.prefix}ns2.lock"]
    assert not list((lab.run_dir("a") / "netns").glob(f"{lab.prefix}*"))


def test_unreachable_host_is_a_clear_environment_error(lab):
    r = netsh(lab, "run", "bridge-two-ns", "--target", f"ssh://root@{ADDRS['b']}:2222")
    assert r.returncode == 3, r.stdout + r.stderr
    assert f"cannot reach ssh://root@{ADDRS['b']}:2222 over SSH" in r.stderr
    assert "Connection refused" in r.stderr




def test_dropped_connection_ends_the_remote_sandbox(lab, tmp_path):
    before = host_state(lab, "b")
    report = tmp_path / "r.json"
    proc, _ = run_until_step(lab, 5, "run", "bridge-two-ns", "--target", lab.target("b"), "--report", str(report))
    holder = sessions(lab, "b")
    sandbox = sandbox_namespaces(lab, "b", holder)
    assert holder and sandbox, "no remote sandbox holder found"
    try:
        lab.drop("b", sshd_only=True)  # the server dies; the holder is left to the connection
        out, err = proc.communicate(timeout=60)
    finally:
        lab.start_sshd("b")
    assert proc.returncode == 3, out + err
    assert f"lost the SSH connection to ssh://root@{ADDRS['b']}" in out
    rep = json.loads(report.read_text())
    assert "lost the SSH connection" in rep["error"] and rep["held"] is False
    assert wait_dead(holder) == [], "the remote sandbox survived its SSH connection"
    assert fk.ns_still_referenced(sandbox) == {}, "the remote sandbox's namespaces survived its SSH connection"
    assert host_state(lab, "b") == before


def test_a_silently_cut_connection_ends_the_remote_sandbox(lab, tmp_path):
    """A network partition: no FIN, no RST, sshd alive. sshd would notice only
    after hours (TCP keepalive); netsh's heartbeats stop reaching the holder,
    which ends after SILENCE seconds, taking the sandbox with it."""
    before = host_state(lab, "b")
    proc, _ = run_until_step(lab, 5, "run", "bridge-two-ns", "--target", lab.target("b"))
    in_sandbox = sandbox_pids(lab, "b")
    sandbox = sandbox_namespaces(lab, "b", in_sandbox)
    assert in_sandbox and sandbox, "no remote sandbox holder found"
    cut = [("-s", ADDRS["b"], "INPUT"), ("-d", ADDRS["b"], "OUTPUT")]
    try:
        for match, addr, chain in cut:  # in the client's namespace: every packet to or from b vanishes
            lab.in_client("iptables", "-I", chain, match, addr, "-j", "DROP", check=True)
        out, err = proc.communicate(timeout=120)  # the client's ssh gives up (ServerAlive)
        assert proc.returncode == 3, out + err
        assert f"lost the SSH connection to ssh://root@{ADDRS['b']}" in out
        assert wait_dead(in_sandbox, seconds=SILENCE + 30) == [], "the remote sandbox outlived the cut"
        assert fk.ns_still_referenced(sandbox) == {}, "the remote sandbox's namespaces outlived the cut"
    finally:
        for match, addr, chain in cut:
            lab.in_client("iptables", "-D", chain, match, addr, "-j", "DROP")
        lab.drop("b")  # its sshd still holds the cut sessions: start afresh
        lab.start_sshd("b")
    assert host_state(lab, "b") == before


def test_kill_9_of_netsh_ends_the_remote_sandbox_and_its_ssh_clients(lab, tag_env, tmp_path):
    tag, env = tag_env
    before = host_state(lab, "a")
    # TMPDIR: the killed run cannot remove its (empty) ssh control folder; keep it in tmp_path.
    proc, _ = run_until_step(lab, 3, "run", "bridge-two-ns", "--target", lab.target("a"),
                             env={**env, "TMPDIR": str(tmp_path)})
    holder = sessions(lab, "a")
    assert holder and tagged(tag)
    proc.kill()  # netsh itself (nsenter execs it), with no chance to clean up
    proc.communicate(timeout=30)
    assert wait_dead(holder) == [], "the remote sandbox outlived netsh"
    assert wait_until_gone(tag) == set(), "ssh clients outlived netsh"
    assert host_state(lab, "a") == before


def test_ctrl_c_during_a_remote_on_host_run_undoes_it_there(lab):
    before = host_state(lab, "b")
    proc, _ = run_until_step(lab, 4, "run", "bridge-two-ns", "--target", lab.target("b"), "--on-host",
                             "--prefix", lab.prefix)
    proc.send_signal(signal.SIGINT)  # the ssh processes are in sessions of their own: the undo still reaches b
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, out + err
    assert host_state(lab, "b") == before


def test_dropped_on_host_run_is_restored_by_cleanup(lab):
    before = host_state(lab, "b")
    proc, _ = run_until_step(lab, 5, "run", "bridge-two-ns", "--target", lab.target("b"), "--on-host",
                             "--prefix", lab.prefix)
    try:
        lab.drop("b")
        out, err = proc.communicate(timeout=60)
    finally:
        lab.start_sshd("b")
    assert proc.returncode == 3, out + err
    assert f"netsh cleanup --target ssh://root@{ADDRS['b']}" in out
    assert host_state(lab, "b") != before  # the undo could not reach it
    again = netsh(lab, "run", "bridge-two-ns", "--target", lab.target("b"), "--on-host", "--prefix", lab.prefix)
    assert again.returncode == 3 and "was interrupted" in again.stderr
    r = netsh(lab, "cleanup", "--target", lab.target("b"))
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Restoring what an interrupted on-host run changed" in r.stdout
    assert host_state(lab, "b") == before
    assert not list((lab.run_dir("b") / "netns").glob(f"{lab.prefix}*")), "namespace names left on b"
    r = netsh(lab, "cleanup", "--target", lab.target("b"))
    assert r.returncode == 0 and "No interrupted on-host run" in r.stdout


def test_doctor_checks_the_far_side(lab):
    r = netsh(lab, "doctor", "--target", lab.target("a"))
    assert r.returncode == 0, r.stdout + r.stderr
    kernel = subprocess.run(["uname", "-r"], capture_output=True, text=True).stdout.strip()
    assert kernel in r.stdout and "root" in r.stdout
    r = netsh(lab, "doctor", "--target", f"ssh://root@{ADDRS['b']}:2222")
    assert r.returncode == 3 and "cannot reach" in r.stderr


def test_check_fans_out_and_reports_an_unreachable_host(lab, tmp_path):
    before = {n: host_state(lab, n) for n in "ab"}
    hosts = tmp_path / "classroom"
    hosts.write_text(f"# one student VM a line\n{lab.target('b')}\n\n")
    dead = f"ssh://root@{ADDRS['b']}:2222"
    out = tmp_path / "check.json"
    r = netsh(lab, "check", "bridge-two-ns", "--target", lab.target("a"), "--targets", str(hosts),
              "--target", dead, "--json", str(out))
    assert r.returncode == 3, r.stdout + r.stderr  # every claim held where the host was reachable
    assert "Claims by host" in r.stdout and "2 of 3 hosts held every claim; 1 could not be reached" in r.stdout
    doc = json.loads(out.read_text())
    by = {h["target"]: h for h in doc["hosts"]}
    assert list(by) == [lab.target("a"), dead, lab.target("b")]  # --target first, then --targets
    for t in (lab.target("a"), lab.target("b")):
        assert by[t]["reachable"] and by[t]["held"] and by[t]["counts"]["held"] == 15
    assert not by[dead]["reachable"] and "Connection refused" in by[dead]["error"]
    assert {n: host_state(lab, n) for n in "ab"} == before


def test_vxlan_between_two_remote_hosts(lab, tmp_path):
    before = {n: host_state(lab, n) for n in "ab"}
    report = tmp_path / "r.json"
    r = netsh(lab, "run", "vxlan-two-hosts", "--on-host", "--prefix", lab.prefix,
              "--target", lab.target("a"), "--target", lab.target("b"), "--report", str(report))
    assert r.returncode == 0, r.stdout + r.stderr
    assert "All 14 claims held" in r.stdout
    rep = json.loads(report.read_text())
    learned, = [c for c in rep["claims"] if c["claim"].startswith("host2↔host1: host1's vxlan0 learned")]
    assert learned["held"] and "behind VTEP 198.51.100.2" in learned["observed"]
    assert "host1$ ip link add vxlan0 type vxlan id 42 dev eth0 local 198.51.100.1 remote 198.51.100.2" \
        in r.stdout
    assert {n: host_state(lab, n) for n in "ab"} == before
    assert not [f for n in "ab" for f in (lab.run_dir(n) / "netns").glob(f"{lab.prefix}*")]
    r = netsh(lab, "run", "vxlan-two-hosts", "--target", lab.target("a"), "--target", lab.target("b"))
    assert r.returncode == 2 and "--on-host" in r.stderr
