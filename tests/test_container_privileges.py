"""Root without network privileges, as in a container: systemd-nspawn and Docker
give root neither CAP_NET_ADMIN nor a writable /proc/sys by default.

Reproduced for real: `setpriv` drops capabilities from the bounding set (what
the container runtime does), a read-only bind of /proc/sys lives in a mount
namespace the test makes, and a user namespace whose user.max_user_namespaces
is 0 stands in for a machine that forbids user namespaces. Where it can, netsh
falls back to a user namespace and makes /proc/sys/net writable inside its own
sandbox; where it cannot, it stops before step 1 (exit 3) naming the cause.
"""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from conftest import NETSH, needs_root, wait_until_gone
from netsh.privileges import Privileges, container, missing_caps

pytestmark = needs_root


def drop(*caps: str) -> list[str]:
    """Run without these capabilities, as a container's root is."""
    spec = ",".join(f"-{c}" for c in caps)
    return ["setpriv", f"--inh-caps={spec}", f"--bounding-set={spec}", "--"]


# A private mount namespace whose /proc/sys is a read-only bind mount (the machine's stays writable).
READ_ONLY_PROC_SYS = ["unshare", "--mount", "--propagation", "private", "--", "sh", "-c",
                      'mount --bind /proc/sys /proc/sys && mount -o remount,bind,ro /proc/sys && exec "$@"', "sh"]
# A user namespace (root in it keeps every capability there) that allows no further user namespace.
NO_USER_NAMESPACES = ["unshare", "--user", "--map-root-user", "--mount", "--", "sh", "-c",
                      'echo 0 > /proc/sys/user/max_user_namespaces && exec "$@"', "sh"]


def netsh(inside: list[str], *args: str, env=None) -> subprocess.CompletedProcess:
    env = {**(env or os.environ), "COLUMNS": "250"}  # doctor's table rows on one line each
    return subprocess.run([*inside, *NETSH, *args], capture_output=True, text=True, timeout=300, env=env)


@pytest.fixture
def userns_allowed():
    if subprocess.run([*drop("net_admin"), "unshare", "--user", "--map-root-user", "--net", "true"]).returncode:
        pytest.skip("this kernel does not allow user namespaces, so there is nothing to fall back to")


@pytest.mark.parametrize("inside", [
    pytest.param(drop("net_admin"), id="without CAP_NET_ADMIN"),
    pytest.param(READ_ONLY_PROC_SYS, id="read-only /proc/sys"),
    pytest.param(READ_ONLY_PROC_SYS + drop("net_admin"), id="both, as systemd-nspawn's default"),
])
def test_root_without_network_privileges_still_gets_a_sandbox(inside, userns_allowed, tmp_path, tag_env):
    tag, env = tag_env
    report = tmp_path / "r.json"
    r = netsh(inside, "run", "bridge-two-ns", "--quiet", "--report", str(report), env=env)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr
    assert json.loads(report.read_text())["held"] is True
    assert not wait_until_gone(tag)


def test_doctor_names_the_missing_capability_and_the_read_only_proc_sys(userns_allowed):
    r = netsh(READ_ONLY_PROC_SYS + drop("net_admin"), "doctor")
    text = " ".join(r.stdout.split())
    assert r.returncode == 0, r.stdout + r.stderr
    assert "root without CAP_NET_ADMIN; user namespaces allowed: the sandbox uses one" in text
    assert "lacks CAP_NET_ADMIN" in text
    assert "read-only; netsh makes /proc/sys/net writable inside its sandbox" in text
    assert "container" in text


def test_no_cap_net_admin_and_no_user_namespace_is_exit_3_naming_both(tag_env):
    tag, env = tag_env
    r = netsh(NO_USER_NAMESPACES + drop("net_admin"), "run", "bridge-two-ns", env=env)
    assert r.returncode == 3, r.stdout + r.stderr
    err = " ".join(r.stderr.split())
    assert "root here lacks CAP_NET_ADMIN" in err and "tried a user namespace, which failed" in err
    assert "--capability=CAP_NET_ADMIN" in err  # what to change
    assert "Step 1" not in r.stdout
    assert not wait_until_gone(tag)
    doctor = netsh(NO_USER_NAMESPACES + drop("net_admin"), "doctor")
    assert doctor.returncode == 3 and "user namespaces are blocked" in " ".join(doctor.stdout.split())


def test_a_read_only_proc_sys_netsh_cannot_unlock_is_exit_3_naming_it(userns_allowed, tag_env):
    tag, env = tag_env
    r = netsh(READ_ONLY_PROC_SYS + drop("net_admin", "sys_admin"), "run", "bridge-two-ns", env=env)
    assert r.returncode == 3, r.stdout + r.stderr
    err = " ".join(r.stderr.split())
    assert "cannot write /proc/sys/net/ipv4/ip_forward: read-only file system" in err
    assert "lacks CAP_NET_ADMIN, CAP_SYS_ADMIN and /proc/sys is read-only" in err
    assert "Step 1" not in r.stdout
    assert not wait_until_gone(tag)


def test_two_wired_sandboxes_without_network_privileges_are_refused_before_anything_runs(tag_env):
    # Each would get a user namespace of its own, and neither may move a device into the other.
    tag, env = tag_env
    r = netsh(drop("net_admin"), "run", "vxlan-two-hosts", env=env)
    assert r.returncode == 3, r.stdout + r.stderr
    assert "wired together only as root with CAP_NET_ADMIN and CAP_SYS_ADMIN" in " ".join(r.stderr.split())
    assert not wait_until_gone(tag)


# ---- the pure parts ------------------------------------------------------------

def test_missing_capabilities_are_read_from_cap_eff():
    full = "Name:\tx\nCapEff:\t000001ffffffffff\n"
    assert missing_caps(full) == ()
    assert missing_caps("CapEff:\t000001ffffffefff\n") == ("CAP_NET_ADMIN",)  # bit 12
    assert missing_caps("CapEff:\t0000000000000000\n") == ("CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_SYS_CHROOT",
                                                          "CAP_SYS_ADMIN")


@pytest.mark.parametrize("files, seen", [
    ({"/run/systemd/container": "systemd-nspawn\n"}, "systemd-nspawn (/run/systemd/container)"),
    ({"/.dockerenv": ""}, "docker (/.dockerenv)"),
    ({"/proc/1/environ": "PATH=/bin\0container=lxc\0"}, "lxc (container= in PID 1's environment)"),
    ({"/proc/1/cgroup": "0::/system.slice/docker-0123.scope\n"}, "docker (PID 1's cgroup)"),
    ({"/proc/1/cgroup": "0::/init.scope\n"}, None),
])
def test_containers_are_recognised(files, seen):
    assert container(files.get) == seen


def test_root_without_network_privileges_uses_a_user_namespace():
    assert not Privileges(True, (), False).userns
    assert Privileges(True, ("CAP_NET_ADMIN",), False).userns
    assert Privileges(False, (), False).userns
    assert Privileges(True, ("CAP_NET_ADMIN",), True).can_unlock_sysctls
    assert not Privileges(True, ("CAP_SYS_ADMIN",), True).can_unlock_sysctls
    assert not Privileges(False, (), True).can_unlock_sysctls
