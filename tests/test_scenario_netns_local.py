"""netns-local: each device kind's move tried for real in the sandbox; the
tutorial's vxlan statement judged against this kernel's release."""

import pytest

from conftest import ROOT
from netsh.claims import Verdict
from netsh.kernel import Outdated
from scenario_checks import run_and_report

MOVABLE = Outdated(since="3.16", now="vxlan devices can move")


def test_outdated_statement_on_a_modern_kernel_holds_and_says_so():
    v = MOVABLE.review(Verdict(False, "it succeeded", "refused expected"), "6.18.44-fc")
    assert v.held is True and v.why == ""
    assert v.outdated == "vxlan devices can move since Linux 3.16; this is Linux 6.18.44-fc"
    assert "the tutorial is out of date here" in v.observed


def test_outdated_statement_on_an_old_kernel_is_judged_as_written():
    refused = Verdict(True, "refused")
    assert MOVABLE.review(refused, "3.10.0-1160.el7") == refused
    moved = Verdict(False, "it succeeded", "why")
    assert MOVABLE.review(moved, "3.15.2") == moved


def test_a_modern_kernel_behaving_like_an_old_one_does_not_hold():
    v = MOVABLE.review(Verdict(True, "refused"), "5.10.0")
    assert v.held is False and "Linux >= 3.16" in v.why


def test_unknown_verdicts_and_unreadable_kernels_stay_unknown():
    assert MOVABLE.review(Verdict(None, "dry run"), "6.1").held is None
    assert MOVABLE.review(Verdict(False, "it succeeded"), "").held is None


@pytest.mark.skipif(not ROOT, reason="needs root: moves real devices between namespaces")
def test_runs_in_the_sandbox(tmp_path):
    r, data, claims = run_and_report("netns-local", tmp_path)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr
    assert data["error"] is None and data["held"] is True
    kernel = data["facts"]["kernel"]
    refused = [claims[f"`{c}` fails"] for c in ("ip link set br0 netns ns1",
                                                 "ip netns exec ns2 ip link set lo netns ns1")]
    for c in refused:
        assert c["held"] is True and c["tutorial_outdated"] is None
        # Either wording is accepted; the report says which one this kernel used.
        assert "older kernels" in c["observed"] or "newer kernels" in c["observed"]
    vxlan = claims["`ip link set vx0 netns ns1` fails"]
    assert vxlan["held"] is True and vxlan["probes"][0]["exit_code"] == 0
    assert f"this is Linux {kernel}" in vxlan["tutorial_outdated"]
    assert "the tutorial is out of date here" in vxlan["observed"]
    for text in ("br0 is still on the host", "lo is still in ns2", "veth0 now lives in ns1",
                 "vx0 now lives in ns1"):
        assert claims[text]["held"] is True, claims[text]
    # What the tools say depends on their versions: never contradicting the moves, unknown where silent.
    kinds = claims["each kind stays or moves as this kernel's release documents"]
    assert kinds["held"] is True
    assert kinds["observed"].startswith(f"on Linux {kernel}, netns-local: bridge, loopback; movable: veth, vxlan")
    assert [row[0] for row in kinds["table"][1:]] == ["bridge (br0)", "loopback (lo)", "veth (veth0)", "vxlan (vx0)"]
    tools = {t: c for t, c in claims.items() if t.startswith("the tools report")}
    assert len(tools) == 4
    for c in tools.values():
        assert c["held"] in (True, None)
        if c["held"] is None:
            assert "not reported" in c["observed"]


def kinds_verdict(kernel: str, at_home: dict[str, bool]):
    from netsh.claims.moves import Mover, NetnsLocalKinds
    from netsh.command import Result

    claim = NetnsLocalKinds(text="kinds", movers=(
        Mover("bridge", "br0", None, "ns1", tutorial_local=True),
        Mover("veth", "veth0", None, "ns1", tutorial_local=False),
        Mover("vxlan", "vx0", None, "ns1", tutorial_local=True, outdated=MOVABLE)))
    uname, *links = claim.probes()
    results = (Result(uname, 0, kernel + "\n"),
               *(Result(p, 0 if at_home[p.args[-1]] else 1) for p in links))
    return claim.judge(results)


def test_the_kinds_table_follows_the_kernel_release():
    modern = kinds_verdict("6.18.0", {"br0": True, "veth0": False, "vx0": False})
    assert modern.held is True
    assert modern.observed == ("on Linux 6.18.0, netns-local: bridge; movable: veth, vxlan; "
                               "the tutorial's list is out of date for vxlan")
    assert modern.table[3] == ("vxlan (vx0)", "netns-local",
                               "moved into ns1 (the tutorial is out of date since Linux 3.16)", "✓")
    old = kinds_verdict("3.10.0", {"br0": True, "veth0": False, "vx0": True})
    assert old.held is True and "out of date" not in old.observed
    stale = kinds_verdict("6.18.0", {"br0": True, "veth0": False, "vx0": True})
    assert stale.held is False and stale.table[3][-1] == "✗"
