"""vxlan-two-hosts: placement of commands and claims, and a real run on two local sandboxes."""

from __future__ import annotations

import json

from conftest import needs_root, run_netsh
from netsh.claims.vxlan import LearnedVtep
from netsh.command import Result
from netsh.hosts import Placed
from netsh.scenario import find
from netsh.state.vxlan import vteps

FDB = json.dumps([
    {"mac": "92:3b:4d:f3:92:40", "master": "br0", "state": ""},
    {"mac": "92:3b:4d:f3:92:40", "dst": "198.51.100.2", "flags": ["self"], "state": ""},
    {"mac": "00:00:00:00:00:00", "dst": "198.51.100.2", "via": "eth0", "flags": ["self"], "state": "permanent"},
])


def scenario():
    return find("vxlan-two-hosts")()


def test_every_command_and_probe_is_placed_on_a_host():
    sc = scenario()
    assert sc.hosts == ("host1", "host2")
    for s in sc.steps():
        assert all(c.host in sc.hosts for c in s.commands)
        for claim in s.claims:
            assert isinstance(claim, Placed) and all(p.host in sc.hosts for p in claim.probes())
        for c in s.commands:  # the undo goes where the change went
            if c.undo is not None and c.undo.command is not None:
                assert c.undo.command.host == c.host


def test_each_host_locks_the_namespaces_made_on_it():
    from netsh.executors.multihost import namespaces_by_host

    sc = scenario()
    assert namespaces_by_host(sc) == {"host1": [sc.p.ns1], "host2": [sc.p.ns2]}


def test_a_cross_host_claim_reads_the_mac_on_one_host_and_the_table_on_the_other():
    learned = [c for s in scenario().steps() for c in s.claims if isinstance(c.claim, LearnedVtep)]
    assert [tuple(p.host for p in c.probes()) for c in learned] == [("host2", "host1"), ("host1", "host2")]


def test_vteps_parse_the_tunnel_fdb():
    assert vteps(FDB) == {"92:3b:4d:f3:92:40": "198.51.100.2", "00:00:00:00:00:00": "198.51.100.2"}
    claim = LearnedVtep(text="t", dev="veth2", vxlan="vxlan0", vtep="198.51.100.2")
    link = json.dumps([{"ifname": "veth2", "address": "92:3B:4D:F3:92:40", "flags": ["UP"]}])
    verdict = claim.judge((Result(claim.probes()[0], 0, link), Result(claim.probes()[1], 0, FDB)))
    assert verdict.held and "behind VTEP 198.51.100.2" in verdict.observed


def test_export_refuses_and_show_prints_host_prompts():
    r = run_netsh("export", "vxlan-two-hosts")
    assert r.returncode == 2 and "2 hosts" in r.stderr
    r = run_netsh("show", "vxlan-two-hosts")
    assert r.returncode == 0 and "host2$ ip link set vxlan0 master br0" in r.stdout


@needs_root
def test_two_local_sandboxes_joined_by_vxlan(tmp_path):
    report = tmp_path / "r.json"
    r = run_netsh("run", "vxlan-two-hosts", "--report", str(report), env={"COLUMNS": "200", "PATH": "/usr/sbin:/usr/bin:/sbin:/bin"})
    assert r.returncode == 0, r.stdout + r.stderr
    assert "All 14 claims held" in r.stdout
    assert "host1$ ip link add eth0 type veth peer name eth0 netns" in r.stdout  # the stand-in wire, shown
    rep = json.loads(report.read_text())
    assert rep["held"] and set(rep["facts"]["hosts"]) == {"host1", "host2"}
    arp = [c for c in rep["claims"] if "ARP in ns1" in c["claim"]][0]
    assert arp["held"] and [p["host"] for p in arp["probes"]] == ["host1", "host2"]
    r = run_netsh("run", "vxlan-two-hosts", "--target", "ssh://a", "--on-host")
    assert r.returncode == 2 and "one --target per host" in r.stderr
