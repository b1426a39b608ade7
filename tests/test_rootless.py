"""The rootless path: netsh as an unprivileged uid, in a user-namespace sandbox."""

import json
import shutil
import tempfile
from pathlib import Path


from conftest import NETSH, as_nobody, wait_until_gone

def test_rootless_sandbox_run_holds_every_claim(nobody_can_run_netsh, tag_env):
    tag, env = tag_env
    shared = Path(tempfile.mkdtemp(prefix="netsh-rootless-"))  # pytest's tmp is root-only
    shared.chmod(0o777)
    report = shared / "r.json"
    r = as_nobody(*NETSH, "run", "bridge-two-ns", "--report", str(report), timeout=120, env=env)
    assert r.returncode == 0, r.stdout + r.stderr
    data = json.loads(report.read_text())
    assert data["held"] is True
    assert not wait_until_gone(tag)
    shutil.rmtree(shared)


def test_rootless_on_host_is_refused_before_anything_runs(nobody_can_run_netsh):
    r = as_nobody(*NETSH, "run", "bridge-two-ns", "--on-host", timeout=60)
    assert r.returncode == 3, r.stdout + r.stderr
    assert r.stderr.startswith("netsh: --on-host changes this machine's network and needs root\n")
    assert "drop --on-host to use a sandbox" in r.stderr
    assert "Step 1" not in r.stdout and "ip link add" not in r.stdout


def test_rootless_feature_probes_run_in_the_user_namespace_sandbox(nobody_can_run_netsh, tag_env):
    """bridge-vlan's probes run inside the rootless sandbox: exit 3 where the kernel lacks the
    feature, the whole lesson where it has it."""
    from conftest import kernel_lacks

    tag, env = tag_env
    r = as_nobody(*NETSH, "run", "bridge-vlan", "--quiet", timeout=120, env=env)
    if kernel_lacks("bridge_vlan_filtering"):
        assert r.returncode == 3 and "this kernel lacks bridge VLAN filtering" in r.stderr, r.stdout + r.stderr
    else:
        assert r.returncode == 0, r.stdout + r.stderr
    assert not wait_until_gone(tag)
