"""Kernel features as requirements: probed where the commands run, before step 1;
missing is exit 3 "this kernel lacks X" (netsh/features.py)."""

from __future__ import annotations

import pytest

import faultkit as fk
from conftest import ROOT, kernel_lacks, needs_root, run_netsh
from netsh import features as F
from netsh.errors import EnvironmentProblem, UsageError
from netsh.command import Result
from netsh.executors.base import Executor
from netsh.scenario import available, find
from netsh.session import require_features


class Kernel(Executor):
    """A fake place to run: every probe answers as a kernel lacking `missing` would."""

    target = "fake"

    def __init__(self, missing=()):
        self.missing_probes = {F.REGISTRY[name].probe().args for name in missing}
        self.ran = []

    def run(self, command):
        self.ran.append(command)
        return Result(command, 1 if command.args in self.missing_probes else 0)


def test_every_built_in_declares_known_features():
    for name, cls in available().items():
        assert F.known(cls.features), name


def test_an_unknown_feature_is_the_authors_mistake():
    with pytest.raises(UsageError, match="no_such_thing"):
        F.known(("vxlan", "no_such_thing"))


@pytest.mark.parametrize("name,feature,hint", [
    ("bridge-firewall", "br_netfilter", "modprobe br_netfilter"),
    ("netns-local", "vxlan", "modprobe vxlan"),
    ("bridge-vlan", "bridge_vlan_filtering", "CONFIG_BRIDGE_VLAN_FILTERING"),
])
def test_a_missing_feature_stops_before_anything_runs_with_its_hint(name, feature, hint):
    kernel = Kernel(missing=(feature,))
    with pytest.raises(EnvironmentProblem) as err:
        require_features(kernel, find(name)())
    assert err.value.exit_code == 3 and f"this kernel lacks {F.REGISTRY[feature].title}" in err.value.message
    assert hint in err.value.hint
    assert all(c.args[0] in ("unshare", "test", "nft") for c in kernel.ran)  # only probes ran


def test_features_present_pass_and_a_multi_host_scenario_probes_every_host():
    kernel = Kernel()
    sc = find("vxlan-two-hosts")()
    require_features(kernel, sc)
    assert {c.host for c in kernel.ran} == set(sc.hosts)
    assert len(kernel.ran) == len(sc.hosts) * len(sc.features)


def test_scratch_probes_run_in_a_throwaway_namespace():
    probe = F.REGISTRY["bridge_vlan_filtering"].probe()
    assert probe.args[:3] == ("unshare", "--net", "--") and "vlan_filtering" in probe.args
    assert F.REGISTRY["bridge"].probe(userns=True).args[:5] == ("unshare", "--user", "--map-root-user", "--net", "--")
    assert F.REGISTRY["vxlan"].probe().args == ("test", "-d", "/sys/module/vxlan")


@needs_root
def test_doctor_lists_every_feature_with_yes_or_no():
    r = run_netsh("doctor")
    for name in F.REGISTRY:
        line = next(ln for ln in r.stdout.splitlines() if f"feature {name}" in ln)
        assert ("yes:" in line) != ("no:" in line), line


@needs_root
def test_probes_leave_the_place_they_ran_unchanged(prefix):
    """Run every probe in a host-like namespace and compare its state before and after."""
    from conftest import snapshot
    from hostlike import hostlike
    from netsh.executors.host import HostExecutor

    with hostlike(prefix) as inside:
        class Inside(HostExecutor):
            prefix = inside

        before = snapshot(inside)
        found = {f.name: F.present(Inside(), f) for f in F.REGISTRY.values()}
        assert snapshot(inside) == before
    fk.tally(features_probed=len(found))
    assert found["bridge"] and found["veth"]


@pytest.mark.skipif(not ROOT or not kernel_lacks("bridge_vlan_filtering"),
                    reason="this kernel has bridge VLAN filtering: the full lesson runs in its own test")
def test_the_vlan_lesson_exits_3_here_naming_the_feature():
    r = run_netsh("run", "bridge-vlan", timeout=60)
    assert r.returncode == 3, r.stdout + r.stderr
    assert "this kernel lacks bridge VLAN filtering" in r.stderr and "Step 1" not in r.stdout
