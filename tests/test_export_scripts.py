"""Every built-in scenario's exported script passes shellcheck and, run with bash
inside a sandbox netsh prepares like the tutorial's host, checks every claim
netsh checks, with the same verdicts."""

import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, kernel_lacks
from scenario_checks import run_and_report
from netsh import __version__
from netsh.executors.sandbox import SandboxExecutor
from netsh.render.script import export
from netsh.scenario import available

SCENARIOS = sorted(available())


def script_for(name: str, tmp_path):
    path = tmp_path / f"{name}.sh"  # under /tmp: the sandbox shares it, only /run/netns is private
    path.write_text(export(available()[name](), __version__, path.name))
    return path


@pytest.mark.skipif(not shutil.which("shellcheck"), reason="shellcheck is not installed")
@pytest.mark.parametrize("name", SCENARIOS)
def test_export_passes_bash_n_and_shellcheck(name, tmp_path):
    path = str(script_for(name, tmp_path))
    parsed = subprocess.run(["bash", "-n", path], capture_output=True, text=True)
    assert parsed.returncode == 0, parsed.stderr
    r = subprocess.run(["shellcheck", "-s", "bash", path], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout


MARK = {True: "✓", False: "✗", None: "?"}
VERDICT = re.compile(r"^  ([✓✗?]) (.*?) — ", re.M)
COUNTS = re.compile(r"claims held: (\d+), not held: (\d+), cannot tell: (\d+)")


def run_script(path, **env) -> subprocess.CompletedProcess:
    """The script run by bash inside a sandbox netsh prepares like the tutorial's host."""
    with SandboxExecutor() as sandbox:
        for step in sandbox.setup_steps():
            for command in step.commands:
                assert sandbox.run(command).ok, command.display
        return subprocess.run([*sandbox.prefix, "env", *(f"{k}={v}" for k, v in env.items()), "bash", str(path)],
                              capture_output=True, text=True, timeout=300)


def counts(r: subprocess.CompletedProcess) -> tuple[int, int, int]:
    m = COUNTS.search(r.stdout)
    assert m, (r.stdout + r.stderr)[-4000:]
    return tuple(map(int, m.groups()))


@pytest.mark.skipif(not ROOT, reason="needs root: runs netsh and the script in real sandboxes")
@pytest.mark.parametrize("name", SCENARIOS)
def test_export_checks_every_claim_netsh_checks(name, tmp_path):
    """Claim by claim, the script's verdicts are netsh's, in the same order, with the same counts."""
    if available()[name].hosts:
        pytest.skip("multi-host: a bash script runs on one machine, so this scenario cannot be exported")
    if kernel_lacks(*available()[name].features):  # the script's preflight says so, as netsh does
        r = run_script(script_for(name, tmp_path))
        assert r.returncode == 3 and "this kernel lacks" in r.stderr and "== Step 1" not in r.stdout, r.stdout + r.stderr
        return
    _, report, _ = run_and_report(name, tmp_path)
    expected = [(MARK[c["held"]], c["claim"]) for c in report["claims"]]
    r = run_script(script_for(name, tmp_path))
    assert VERDICT.findall(r.stdout) == expected, (r.stdout + r.stderr)[-4000:]
    marks = [m for m, _ in expected]
    assert counts(r) == (marks.count("✓"), marks.count("✗"), marks.count("?"))
    assert r.returncode == (0 if report["held"] else 1), (r.stdout + r.stderr)[-4000:]


@pytest.mark.skipif(not ROOT, reason="needs root: runs the script in a real sandbox")
def test_jq_judges_as_python_does_and_neither_means_cannot_tell(tmp_path):
    path = script_for("bridge-two-ns", tmp_path)
    by_python = run_script(path, NETSH_JSON="python3")
    by_jq = run_script(path, NETSH_JSON="jq")
    assert VERDICT.findall(by_jq.stdout) == VERDICT.findall(by_python.stdout)
    assert counts(by_jq) == counts(by_python) == (15, 0, 1)
    blind = run_script(path, NETSH_JSON="none")
    # links, addresses, ports, route, netns-local: read from JSON; sysctls, pings, the refused move: not
    assert counts(blind) == (10, 0, 6), blind.stdout[-4000:]
    assert "reading JSON needs python3 or jq" in blind.stdout and blind.returncode == 0


def test_captured_values_are_restored_where_they_were_read():
    text = export(available()["bridge-learning"](), __version__)
    assert ('[ -n "${old_1:-}" ] && echo "${old_1}" | ip netns exec ns1 dd '
            'of=/proc/sys/net/ipv6/conf/veth0/disable_ipv6 status=none') in text
    assert '[ -n "${old_0:-}" ] && echo "${old_0}" > /proc/sys/net/ipv6/conf/br0/disable_ipv6' in text
    assert "> of=" not in text
    seed = export(available()["bridge-two-ns"](), __version__)
    assert """iptables -P FORWARD "$(awk '$1=="-P" {print $3}' <<<"${old_3}")\"""" in seed


def test_an_outdated_expected_failure_is_judged_by_the_kernel_release():
    text = export(available()["netns-local"](), __version__)
    assert "kernel_at_least() {" in text
    assert "if out=$(ip link set vx0 netns ns1 2>&1); then" in text
    assert "if [ \"$ok\" != 2 ] && kernel_at_least 3.16; then" in text


@pytest.mark.parametrize("release, modern", [("6.18.44-fc-v769", True), ("3.16.0", True),
                                             ("3.10.0-1160.el7.x86_64", False), ("2.6.32", False)])
def test_kernel_at_least_compares_releases(release, modern, tmp_path):
    from netsh.render.script_runtime import KERNEL_AT_LEAST

    fake = tmp_path / "uname"
    fake.write_text(f"#!/bin/sh\necho {release}\n")
    fake.chmod(0o755)
    r = subprocess.run(["bash", "-c", f"{KERNEL_AT_LEAST}\nkernel_at_least 3.16"],
                       env={"PATH": f"{tmp_path}:/usr/bin:/bin"})
    assert (r.returncode == 0) == modern


def claim_kinds(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from claim_kinds(sub)


def test_every_claim_kind_brings_its_own_script_check():
    from netsh.claims import Claim
    from netsh.hosts import Placed
    from netsh.render.script_claims import script_check

    fallback = script_check.dispatch(Claim)
    for kind in claim_kinds(Claim):
        if kind is Placed or any(sub.__module__.startswith("netsh.") for sub in kind.__subclasses__()):
            continue  # placed on hosts (never exported); a base whose kinds are checked themselves
        by_status = kind.script_expects_success is not Claim.script_expects_success
        assert script_check.dispatch(kind) is not fallback or by_status, kind.__name__


ROWS_CASES = [("ip_link_br0.json", ["ifname", "linkinfo.info_kind", "flags"]),
              ("ip_addr_ns1.json", ["-e", "addr_info", "family", "local", "prefixlen"]),
              ("ip_route_host.json", ["dst", "gateway", "dev"]),
              ("bridge_s_fdb_stats.json", ["mac", "ifname", "state", "flags", "updated"]),
              ("ethtool_k_br0.json", ["netns-local.active", "ifname"]),
              ("ip_s_link_veth4.json", ["stats64.rx.packets"])]


@pytest.mark.skipif(not shutil.which("jq"), reason="jq is not installed")
@pytest.mark.parametrize("data, fields", ROWS_CASES)
def test_rows_reads_json_alike_with_python_and_jq(data, fields):
    from netsh.render.script_runtime import RUNTIME

    text = (Path(__file__).parent / "data" / data).read_text()
    out = {tool: subprocess.run(["bash", "-c", f'{RUNTIME}\nrows "$@"', "rows", *fields], input=text,
                                env={"PATH": "/usr/bin:/bin", "NETSH_JSON": tool},
                                capture_output=True, text=True, check=True).stdout
           for tool in ("python3", "jq")}
    assert out["python3"] == out["jq"] and out["jq"].strip(), out


@pytest.mark.skipif(not ROOT, reason="needs root: builds a vxlan device in a private namespace")
def test_a_vxlan_vtep_claim_is_checked_from_its_fdb():
    """LearnedVtep runs only on two hosts in the built-ins; its script check, on one kernel."""
    from netsh.claims.vxlan import LearnedVtep
    from netsh.render.script_claims import claim_lines
    from netsh.render.script_runtime import KERNEL_AT_LEAST, RUNTIME

    setup = ["ip link add d0 address 02:00:00:00:00:01 type veth peer name d1",  # no dummy driver here
             "ip link add vx0 type vxlan id 42 dstport 4789 local 10.0.0.1",
             "bridge fdb append 02:00:00:00:00:01 dev vx0 dst 10.0.0.2"]
    claims = [LearnedVtep(text="d0 is behind 10.0.0.2", dev="d0", vxlan="vx0", vtep="10.0.0.2"),
              LearnedVtep(text="d0 is behind 10.0.0.3", dev="d0", vxlan="vx0", vtep="10.0.0.3")]
    body = "\n".join([*setup, RUNTIME, KERNEL_AT_LEAST, *(line for c in claims for line in claim_lines(c)), "summary"])
    r = subprocess.run(["unshare", "--net", "bash", "-c", body], capture_output=True, text=True, timeout=30)
    if "Unknown device type" in r.stderr:
        pytest.skip("this kernel has no vxlan driver")
    assert "✓ d0 is behind 10.0.0.2 — d0's MAC 02:00:00:00:00:01 is behind VTEP 10.0.0.2" in r.stdout, r.stdout + r.stderr
    assert "✗ d0 is behind 10.0.0.3" in r.stdout and "claims held: 1, not held: 1" in r.stdout


@pytest.mark.parametrize("listing, held", [
    ('[{"ifname": "veth1", "vlans": [{"vlan": 10, "flags": ["PVID", "Egress Untagged"]}]}]', True),
    ('[{"ifname": "veth1", "vlans": [{"vlan": 1}, {"vlan": 10, "flags": ["PVID", "Egress Untagged"]}]}]', False),
    ('[{"ifname": "veth1", "vlans": [{"vlan": 20, "flags": ["PVID", "Egress Untagged"]}]}]', False),
    ('[{"ifname": "veth1", "vlans": [{"vlan": 10, "flags": ["Egress Untagged"]}]}]', False)])
def test_a_vlan_membership_is_judged_as_netsh_judges_it(listing, held):
    """This kernel has no VLAN-filtering bridge: `bridge` is a stand-in printing a listing."""
    from netsh.claims.vlan import VlanMember
    from netsh.command import Result
    from netsh.render.script_claims import claim_lines
    from netsh.render.script_runtime import KERNEL_AT_LEAST, RUNTIME

    claim = VlanMember(text="veth1 is an access port of VLAN 10", dev="veth1", vid=10)
    assert claim.judge([Result(claim.probes()[0], 0, listing, "", 0.0)]).held is held
    stub = f"bridge() {{ printf '%s\\n' {shlex.quote(listing)}; }}"
    body = "\n".join([stub, RUNTIME, KERNEL_AT_LEAST, *claim_lines(claim)])
    r = subprocess.run(["bash", "-c", body], capture_output=True, text=True)
    assert r.stdout.startswith("  ✓" if held else "  ✗"), r.stdout + r.stderr
