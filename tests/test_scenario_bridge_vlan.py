"""bridge-vlan: 802.1Q access ports on a VLAN-aware bridge. The lesson itself runs
where the kernel has bridge VLAN filtering; elsewhere it stops with exit 3 before
step 1 (tests/test_features.py)."""

from __future__ import annotations

import shutil

import pytest

from conftest import ROOT, kernel_lacks
from netsh.claims.vlan import VlanMember
from netsh.errors import UsageError
from netsh.command import Result
from netsh.scenario import find
from netsh.state.vlans import Vlan, parse_vlans
from scenario_checks import assert_every_claim_held, assert_export_passes_shellcheck, commands_of, run_and_report

# `bridge -j vlan show` as iproute2 (bridge/vlan.c) prints it: ports, VLANs, flags, ranges.
SHOWN = """[{"ifname":"brv","vlans":[{"vlan":1,"flags":["PVID","Egress Untagged"]}]},
{"ifname":"veth1","vlans":[{"vlan":10,"flags":["PVID","Egress Untagged"]}]},
{"ifname":"veth5","vlans":[{"vlan":20},{"vlan":30,"vlanEnd":32,"flags":["Egress Untagged"]}]}]"""


def test_vlan_membership_is_read_from_json():
    ports = parse_vlans(SHOWN)
    assert ports["veth1"] == (Vlan(10, True, True),)
    assert [v.vid for v in ports["veth5"]] == [20, 30, 31, 32] and ports["veth5"][1].untagged


def test_an_access_port_is_in_its_vlan_alone():
    claim = VlanMember(text="veth1 in 10", dev="veth1", vid=10)
    (probe,) = claim.probes()
    assert probe.display == "bridge -j vlan show dev veth1"
    assert claim.judge((Result(probe, 0, SHOWN),)).held is True
    v = VlanMember(text="veth5 in 20", dev="veth5", vid=20).judge((Result(probe, 0, SHOWN),))
    assert v.held is False and "20, 30 (untagged)" in v.observed


def test_the_commands_are_the_lessons():
    shown = commands_of("bridge-vlan")
    assert shown[0] == "ip link add brv type bridge vlan_filtering 1"
    assert shown[-2:] == ["bridge vlan add dev veth5 vid 10 pvid untagged", "bridge vlan del dev veth5 vid 20"]
    assert "bridge vlan del dev veth1 vid 1" in shown


@pytest.mark.parametrize("overrides", [{"vlan_a": "20"}, {"vlan_b": "4095"}, {"vlan_a": "1"},
                                       {"addr3": "192.168.31.12/24"}])
def test_vlan_parameters_are_checked(overrides):
    with pytest.raises(UsageError):
        find("bridge-vlan").with_overrides(overrides)


@pytest.mark.skipif(not shutil.which("shellcheck"), reason="shellcheck is not installed")
def test_export_passes_shellcheck(tmp_path):
    assert "bridge vlan add dev veth1 vid 10 pvid untagged" in assert_export_passes_shellcheck("bridge-vlan", tmp_path)


@pytest.mark.skipif(not ROOT, reason="needs root: runs in a real sandbox")
@pytest.mark.skipif(bool(kernel_lacks("bridge_vlan_filtering")),
                    reason="this kernel lacks bridge VLAN filtering (CONFIG_BRIDGE_VLAN_FILTERING)")
def test_every_claim_holds_where_the_kernel_filters_vlans(tmp_path):
    r, data, claims = run_and_report("bridge-vlan", tmp_path)
    assert_every_claim_held(r, data)
    assert claims["ns1 cannot reach ns3"]["held"] is True and claims["ns3 reaches ns2"]["held"] is True
