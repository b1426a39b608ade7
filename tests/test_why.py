"""Every negative reachability claim says where its packets stopped (netsh/why), for real:
in the sandbox, rootless, --on-host (rulesets identical after), without nft (counters
only), and in `netsh graph`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from conftest import NETSH, ROOT, run_netsh, wait_until_gone
from hostlike import hostlike

DATA = Path(__file__).parent / "data"
# The located firewall reasons come from the trace; without nft only test_counters_only_without_nft applies.
needs_nft = pytest.mark.skipif(shutil.which("nft") is None,
                               reason="nftables is not installed (scripts/test installs it)")
WITH_NEGATIVE_PINGS = ("bridge-two-ns", "veth-two-ns", "bridge-l3", "bridge-firewall", "bridge-learning",
                       "bridge-vlan", "veth-vs-bridge")


def evidence_by_id(doc: dict) -> dict[str, dict]:
    return {f'{s["scenario"]}/{c["id"]}': c for s in doc["scenarios"] for c in s["claims"]}


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    """Every claim of the scenarios with a ping that must fail, by "scenario/id"; a scenario this
    kernel cannot run (a missing feature, exit 3 alone) is left out."""
    out = tmp_path_factory.mktemp("why") / "check.json"
    # Every built-in scenario with a ping that must fail (the others have none: a pure check).
    r = run_netsh("check", *WITH_NEGATIVE_PINGS, "--json", str(out), timeout=600)
    doc = json.loads(out.read_text())
    stopped = [s["error"] for s in doc["scenarios"] if s["error"]]
    assert r.returncode == 0 or all("this kernel lacks" in e for e in stopped), r.stdout[-3000:] + r.stderr
    assert doc["counts"]["not_held"] == 0, r.stdout[-3000:]
    return evidence_by_id(doc)


def reason(claims: dict, claim_id: str) -> str:
    ev = claims[claim_id]["evidence"]
    assert ev is not None, claims[claim_id]
    return ev["reason"]


@needs_nft
def test_every_negative_claim_explains_itself(checked):
    from netsh.scenario import builtin, find
    from netsh.why.watch import pings

    ran = {key.split("/")[0] for key in checked}
    negative = [p for name in builtin() if name in ran for st in find(name)().plan for c in st.claims
                for _, p in pings(c) if not p.expect]
    assert {name for name in builtin() if any(not p.expect for st in find(name)().plan for c in st.claims
                                              for _, p in pings(c))} == set(WITH_NEGATIVE_PINGS)
    stopped = []
    for claim_id, c in checked.items():
        ev = c["evidence"]
        for part in (ev["parts"] or [ev]) if ev else ():
            if not part["reason"].startswith("echo reply"):
                assert part["stopped"] is not None and "nothing netsh could read" not in part["reason"], \
                    (claim_id, part)
                stopped.append(part["reason"])
    assert len(stopped) == len(negative), stopped


@needs_nft
def test_bridge_two_ns_reasons(checked):
    step7 = checked["bridge-two-ns/s7.reaches.ns1.192.168.10.11.not"]["evidence"]
    assert step7["reason"] == ("the echo request was dropped by filter FORWARD policy DROP in host — "
                               "a bridged frame handed to iptables by br_netfilter")
    assert step7["stopped"]["netns"] == "host" and step7["stopped"]["hook"] == "forward"
    assert "nft trace" in step7["sources"]
    assert [h["device"] for h in step7["hops"]][:2] == ["veth0", "veth1"]
    step3 = checked["bridge-two-ns/s3.reaches.192.168.10.10.not"]["evidence"]
    assert step3["reason"].startswith("the echo request left host by eth0 (default route), not br0; "
                                      "netsh-wan discarded it (IpInAddrErrors +")
    assert step3["stopped"] == {"netns": "netsh-wan", "device": "wan0", "hook": "input", "verdict": "discarded"}
    assert reason(checked, "bridge-two-ns/s4.reaches.192.168.10.10.not").startswith("ns1 has no route back to ")


@needs_nft
def test_veth_two_ns_forwarding_off_is_the_host_not_forwarding(checked):
    assert reason(checked, "veth-two-ns/s3.counter-flat").startswith("host does not forward: ip_forward=0")
    assert "proxy_arp is 0 on veth1" in reason(checked, "veth-two-ns/s1.reaches.ns1.192.168.10.11.not")
    assert "FORWARD policy DROP in host" in reason(checked, "veth-two-ns/s5.counter-rises.1")
    assert "br_netfilter" not in reason(checked, "veth-two-ns/s5.counter-rises.1")  # routed, not bridged
    routed = checked["veth-vs-bridge/s4.side-by-side"]["evidence"]["parts"]
    assert [p["reason"].split(":")[0] for p in routed if p["stopped"]] == ["host does not forward"] * 2
    assert reason(checked, "bridge-learning/s5.counter-rises.1").startswith("no device netsh can see has ")


def test_a_false_claim_is_explained(tmp_path):
    report = tmp_path / "r.json"
    r = run_netsh("run", str(DATA / "false_claim.py"), "--report", str(report), timeout=120)
    assert r.returncode == 1
    assert "reason:" in r.stdout and "ns1 has no route to 203.0.113.1" in r.stdout
    claim = json.loads(report.read_text())["claims"][0]
    assert claim["id"] == "outside" and claim["state"] == "not_held"
    assert claim["evidence"]["stopped"]["hook"] == "route"


def test_a_drop_that_may_be_another_pings_settles_nothing(tmp_path):
    """Two expected failures side by side: one thrown away in netsh-wan at once, one answered
    late (after proxy ARP's delay). The drop is not the second ping's: it waits for its reply,
    and its false claim does not hold."""
    report = tmp_path / "r.json"
    r = run_netsh("run", str(DATA / "late_reply.md"), "--report", str(report), timeout=120)
    assert r.returncode == 1, r.stdout[-2000:] + r.stderr
    late, dropped = json.loads(report.read_text())["claims"]
    assert late["state"] == "not_held" and late["observed"].startswith("reply in"), late["observed"]
    assert dropped["state"] == "held"


@pytest.fixture
def without_nft(tmp_path) -> dict:
    """An environment whose PATH has every system tool but nft."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for folder in ("/usr/local/sbin", "/usr/sbin", "/sbin"):
        for name in os.listdir(folder) if os.path.isdir(folder) else ():
            if name != "nft" and not (bin_dir / name).exists():
                (bin_dir / name).symlink_to(Path(folder) / name)
    return {**os.environ, "PATH": f"{bin_dir}:/usr/local/bin:/usr/bin:/bin"}


def run_without_nft(env: dict, lesson: str, report: Path) -> dict[str, dict]:
    r = subprocess.run([*NETSH, "run", lesson, "--report", str(report)], capture_output=True,
                       text=True, env=env, timeout=120)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr
    return {c["id"]: c for c in json.loads(report.read_text())["claims"]}


def test_counters_only_without_nft(without_nft, tmp_path):
    """nft hidden from PATH: the firewall drop is still found, from the state, and the source says so."""
    claims = run_without_nft(without_nft, "bridge-two-ns", tmp_path / "r.json")
    ev = claims["s7.reaches.ns1.192.168.10.11.not"]["evidence"]
    assert "FORWARD policy is DROP" in ev["reason"] and "br_netfilter" in ev["reason"]
    assert ev["sources"][0].startswith("counters only")


def test_counters_only_finds_a_bridges_own_switch(without_nft, tmp_path):
    """bridge-firewall's last step: the sysctl at 0, br0's own nf_call_iptables at 1, no nft."""
    claims = run_without_nft(without_nft, "bridge-firewall", tmp_path / "r.json")
    last = [c for c in claims.values() if c["id"].startswith("s5.")][-1]
    assert "br0's own nf_call_iptables=1" in last["evidence"]["reason"], last


@needs_nft
def test_on_host_leaves_the_rulesets_identical(prefix, tmp_path):
    if not ROOT:
        pytest.skip("--on-host needs root")
    with hostlike(prefix) as inside:
        def rules():
            return [subprocess.run([*inside, *argv], capture_output=True, text=True).stdout
                    for argv in (["nft", "list", "ruleset"], ["iptables-save"])]
        # The filter table exists first: restoring a policy cannot remove a table (README, limits).
        subprocess.run([*inside, "iptables", "-P", "FORWARD", "ACCEPT"], check=True)
        before = rules()
        env = {**os.environ, "NETSH_STATE_DIR": str(tmp_path / "state")}
        r = subprocess.run([*inside, *NETSH, "run", "bridge-two-ns", "--on-host", "--prefix", prefix],
                           capture_output=True, text=True, env=env, timeout=180)
        assert r.returncode == 0, r.stdout[-2000:] + r.stderr
        assert "FORWARD policy DROP in host" in r.stdout or "explain" not in r.stdout
        after = rules()
        assert [_no_counters(x) for x in after] == [_no_counters(x) for x in before]
        assert "netsh_trace" not in after[0]


@needs_nft
def test_kill_9_mid_trace_then_cleanup_leaves_nothing(prefix, tmp_path, tag_env):
    if not ROOT:
        pytest.skip("--on-host needs root")
    tag, env = tag_env
    env = {**env, "NETSH_STATE_DIR": str(tmp_path / "state"), "NETSH_PAUSE_AT": "trace"}
    with hostlike(prefix) as inside:
        def rules():
            return [_no_counters(subprocess.run([*inside, *argv], capture_output=True, text=True).stdout)
                    for argv in (["nft", "list", "ruleset"], ["iptables-save"])]
        subprocess.run([*inside, "iptables", "-P", "FORWARD", "ACCEPT"], check=True)
        before = rules()
        proc = subprocess.Popen([*inside, *NETSH, "run", "bridge-two-ns", "--on-host", "--prefix", prefix],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
        try:
            line = ""
            while "netsh-paused-at trace" not in line:
                line = proc.stderr.readline()
                assert line, "netsh ended before it traced"
            assert "netsh_trace_" in rules()[0], "the trace table exists while paused"
            os.kill(int(line.split("pid=")[1]), 9)
            proc.wait(timeout=10)
        finally:
            proc.kill()
        assert not wait_until_gone(tag), "no monitor outlives netsh"
        r = subprocess.run([*inside, *NETSH, "cleanup"], capture_output=True, text=True, env=env, timeout=60)
        assert r.returncode == 0, r.stdout + r.stderr
        assert rules() == before


def _no_counters(text: str) -> str:
    import re
    return "\n".join(re.sub(r"\[\d+:\d+\]", "", line) for line in text.splitlines() if not line.startswith("#"))


@needs_nft
def test_rootless_trace(tmp_path):
    if not ROOT or shutil.which("setpriv") is None:
        pytest.skip("setpriv to uid 65534 needs root")
    nobody = ["setpriv", "--reuid", "65534", "--regid", "65534", "--clear-groups"]
    shared = Path(tempfile.mkdtemp(prefix="netsh-why-"))
    shared.chmod(0o777)
    try:
        report = shared / "r.json"
        r = subprocess.run([*nobody, *NETSH, "run", "bridge-two-ns", "--report", str(report)],
                           capture_output=True, text=True, cwd="/", timeout=120)
        if r.returncode != 0 and not report.exists():
            pytest.skip(f"uid 65534 cannot run netsh here: {r.stderr[-300:]}")
        assert r.returncode == 0, r.stdout[-2000:] + r.stderr
        claims = {c["id"]: c for c in json.loads(report.read_text())["claims"]}
        ev = claims["s7.reaches.ns1.192.168.10.11.not"]["evidence"]
        assert "nft trace" in ev["sources"] and "FORWARD policy DROP" in ev["reason"]
    finally:
        shutil.rmtree(shared)


@needs_nft
def test_graph_marks_the_firewall_drop():
    r = run_netsh("graph", "bridge-two-ns", "--claim", "no longer", timeout=120)
    assert r.returncode == 0, r.stderr
    assert "FORWARD policy DROP in host" in r.stdout  # the caption
    assert "✗ forward drop" in r.stdout and "style host__br0 fill:#fdd" in r.stdout
