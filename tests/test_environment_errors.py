"""A machine that cannot run the scenario: a clear message, exit 3, nothing created."""

import os
import shutil
import sys

from conftest import ROOT, needs_root, run_netsh, wait_until_gone

NEEDED = ["ip", "bridge", "iptables", "ping", "unshare", "nsenter", "setpriv", "findmnt", "sh", "sleep", "test",
          "mount", "mkdir", "cat", "dd", "uname", "grep"]


@needs_root
def test_a_missing_tool_is_exit_3_with_the_package_to_install(tmp_path, tag_env):
    tag, env = tag_env
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in NEEDED:  # everything but ethtool
        if shutil.which(tool):
            os.symlink(shutil.which(tool), bin_dir / tool)
    env["PATH"] = f"{bin_dir}:{os.path.dirname(sys.executable)}"
    r = run_netsh("run", "bridge-two-ns", env=env)
    assert r.returncode == 3, r.stdout + r.stderr
    assert "ethtool" in r.stderr and "apt-get install ethtool" in r.stderr
    assert "Step 1" not in r.stdout
    assert not wait_until_gone(tag)


def test_an_unwritable_report_path_fails_before_the_run():
    r = run_netsh("run", "bridge-two-ns", "--dry-run", "--report", "/nonexistent/dir/r.json")
    assert r.returncode == 2 and "cannot write the report" in r.stderr


def test_doctor_reports_each_check():
    r = run_netsh("doctor")
    assert r.returncode == (3 if "✗" in r.stdout else 0), r.stdout  # exit 3 exactly when a check fails
    if ROOT:
        assert r.returncode == 0, r.stdout  # root here has every tool
    for item in ("privileges", "tool ip", "tool fping", "br_netfilter", "kernel", "ethtool netns-local"):
        assert item in r.stdout
