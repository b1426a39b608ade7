"""Sandbox snapshots: parsing captured `ip -j -batch` / `bridge -j` / sysctl output,
the per-step diff, and one real run with --diff, --keep and `netsh state`."""

import dataclasses
import json
import re
from pathlib import Path

import pytest

from conftest import ROOT, run_netsh
from netsh.errors import BadToolOutput
from netsh.state.diff import diff
from netsh.state.routes import Route
from netsh.state.snapshot import Snapshot, parse_forward_policy, parse_namespace, peer_of, split_json_stream

DATA = Path(__file__).parent / "data"


def captured() -> Snapshot:
    return Snapshot.from_json(json.loads((DATA / "snapshot_bridge_two_ns.json").read_text()))


def test_parse_the_hosts_batch_sysctls_and_fdb():
    ns = parse_namespace("host", (DATA / "ip_batch_host.json").read_text(),
                         (DATA / "sysctl_grep_host.txt").read_text(), (DATA / "bridge_fdb_host.json").read_text())
    names = {i.name: i for i in ns.ifaces}
    assert set(names) == {"lo", "eth0", "br0", "veth1", "veth3"}
    assert names["br0"].kind == "bridge" and names["br0"].up
    assert names["veth1"].master == "br0" and names["veth1"].kind == "veth"
    assert names["eth0"].addrs == ("203.0.113.2/24",)
    assert names["lo"].kind == "loopback"
    assert [r.describe() for r in ns.routes if r.dev == "br0"] == ["192.168.10.0/24 dev br0 scope link"]
    # Only learned fdb entries: the ports' own and multicast addresses are permanent.
    assert ns.fdb and all(f.master == "br0" for f in ns.fdb)
    assert {f.dev for f in ns.fdb} == {"veth1", "veth3"}
    assert dict(ns.sysctls)["br0/proxy_arp"] == "1" and dict(ns.sysctls)["ip_forward"] == "0"
    assert not any(k.startswith(("all/", "default/")) for k, _ in ns.sysctls)


def test_json_stream_and_its_errors():
    assert split_json_stream('[{"a":1}]\n[]\n[2]\n') == [[{"a": 1}], [], [2]]
    assert split_json_stream("") == []
    with pytest.raises(BadToolOutput):
        split_json_stream("[] Object \"x\" is unknown")


def test_forward_policy():
    assert parse_forward_policy("-P FORWARD DROP\n-A FORWARD -j ACCEPT\n") == "DROP"
    assert parse_forward_policy("") == ""


def test_snapshot_json_round_trip_and_veth_peers():
    snap = captured()
    assert Snapshot.from_json(snap.to_json()) == snap
    host = snap.ns("host")
    ns, end = peer_of(snap, host, host.iface("veth1"))
    assert (ns.name, end.name) == ("ns1", "veth0")
    ns, end = peer_of(snap, snap.ns("ns2"), snap.ns("ns2").iface("veth2"))
    assert (ns.name, end.name) == ("host", "veth3")
    assert peer_of(snap, host, host.iface("br0")) is None


def test_diff_reports_routes_sysctls_links_and_policy():
    after = captured()
    before = dataclasses.replace(after, forward_policy="ACCEPT", namespaces=tuple(
        dataclasses.replace(n, routes=tuple(r for r in n.routes if r.dev != "br0"),
                            sysctls=tuple((k, "1" if k == "ip_forward" else v) for k, v in n.sysctls),
                            ifaces=tuple(dataclasses.replace(i, up=False) if i.name == "veth3" else i
                                         for i in n.ifaces))
        if n.name == "host" else n for n in after.namespaces))
    lines = diff(before, after)
    assert "+ route 192.168.10.0/24 dev br0" in lines
    assert "ip_forward 1 → 0" in lines
    assert "iptables FORWARD policy ACCEPT → DROP" in lines
    assert "link veth3 down → up" in lines
    assert diff(after, before)[-1] == "- route 192.168.10.0/24 dev br0"
    assert diff(after, after) == []


def test_diff_of_a_new_namespace_skips_its_default_sysctls():
    after = captured()
    before = dataclasses.replace(after, namespaces=tuple(n for n in after.namespaces if n.name != "ns2"))
    lines = diff(before, after)
    assert "+ netns ns2" in lines and "+ ns2: addr 192.168.10.11/24 dev veth2" in lines
    assert not [ln for ln in lines if "ns2: ip_forward" in ln or "ns2: bridge-nf" in ln]
    assert any(ln.startswith("link veth3") for ln in lines)  # its peer is now known


def test_route_describe_is_what_the_tree_shows():
    route = Route("default", "eth0", "203.0.113.1", "global")
    assert route.describe() == "default via 203.0.113.1 dev eth0 scope global"


@pytest.mark.skipif(not ROOT, reason="needs root (creates a sandbox)")
def test_diff_keep_and_state_on_a_real_sandbox(tag_env):
    from netsh.executors.sandbox import kept, remove

    tag, env = tag_env
    r = run_netsh("run", "bridge-two-ns", "--diff", "--keep", env={**env, "COLUMNS": "120"})
    pid = int(re.search(r"holder pid (\d+)", r.stdout).group(1))
    try:
        assert r.returncode == 0, r.stdout + r.stderr
        out = r.stdout
        assert "+ route 192.168.10.0/24 dev br0" in out
        assert "ip_forward 1 → 0" in out
        assert "br0/proxy_arp 0 → 1" in out
        assert "iptables FORWARD policy ACCEPT → DROP" in out
        assert "+ ns1: addr 192.168.10.10/24 dev veth0" in out
        # The end of a --keep run shows the state tree.
        assert "sandbox (holder pid" in out and "ports: veth1, veth3" in out

        tree = run_netsh("state", "--pid", str(pid), env={**env, "COLUMNS": "120"})
        assert tree.returncode == 0, tree.stderr
        assert "veth1 veth up port of br0 ⇄ veth0 in ns1" in tree.stdout
        assert "iptables FORWARD policy DROP" in tree.stdout
        data = json.loads(run_netsh("state", "--json", "--pid", str(pid), env=env).stdout)
        names = [n["name"] for n in data["namespaces"]]
        assert names[0] == "host" and {"ns1", "ns2", "netsh-wan"} <= set(names)
        host = Snapshot.from_json(data).ns("host")
        assert {i.name for i in host.ifaces if i.master == "br0"} == {"veth1", "veth3"}
        assert any(n.dst == "192.168.10.10" for n in host.neighbours)
    finally:
        for rec in kept():
            if rec["pid"] == pid:
                remove(rec)
    missing = run_netsh("state", "--pid", str(pid), env=env)
    assert missing.returncode == 2 and "no kept sandbox" in missing.stderr
