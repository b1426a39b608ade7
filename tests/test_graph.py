"""Topology pictures: packet paths and Mermaid/DOT from a captured snapshot, and
one real `netsh graph` run whose DOT Graphviz must accept."""

import dataclasses
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, run_netsh
from netsh.render.graph import to_dot, to_mermaid, topology
from netsh.state.path import packet_path
from netsh.state.routes import Route
from netsh.state.snapshot import Snapshot

DATA = Path(__file__).parent / "data"


def captured() -> Snapshot:
    return Snapshot.from_json(json.loads((DATA / "snapshot_bridge_two_ns.json").read_text()))


def outside() -> set[str]:
    """What the sandbox's own setup makes: the stand-in outside network."""
    from netsh.executors.sandbox import host_like_steps

    return {name for s in host_like_steps() for c in s.commands for name in c.created("netns")}


def routed_variant(snap: Snapshot) -> Snapshot:
    """The previous chapter's topology from the same devices: no bridge ports, /32 host routes."""
    def host(n):
        ifaces = tuple(dataclasses.replace(i, master=None) for i in n.ifaces if i.name != "br0")
        routes = tuple(r for r in n.routes if r.dev != "br0") + (
            Route("192.168.10.10", "veth1", None, "link"), Route("192.168.10.11", "veth3", None, "link"))
        return dataclasses.replace(n, ifaces=ifaces, routes=routes)
    return dataclasses.replace(snap, namespaces=tuple(host(n) if n.name == "host" else n for n in snap.namespaces))


def test_namespace_to_namespace_is_bridged():
    path = packet_path(captured(), "ns1", "192.168.10.11", "ns1 reaches ns2")
    assert path.hops == (("ns1", "veth0"), ("host", "veth1"), ("host", "br0"), ("host", "veth3"), ("ns2", "veth2"))
    assert path.reached and path.kind == "bridged" and path.verdict == "bridged by br0"


def test_host_to_namespace_goes_out_through_the_bridge():
    path = packet_path(captured(), None, "192.168.10.10")
    assert path.hops == (("host", "br0"), ("host", "veth1"), ("ns1", "veth0"))
    assert path.bridged_by == ("br0",) and not path.routed_by


def test_without_the_bridge_the_host_routes():
    path = packet_path(routed_variant(captured()), "ns1", "192.168.10.11")
    assert path.hops == (("ns1", "veth0"), ("host", "veth1"), ("host", "veth3"), ("ns2", "veth2"))
    assert path.kind == "routed" and path.verdict == "routed by host"


def test_up_through_the_bridge_into_the_host():
    path = packet_path(captured(), "ns1", "203.0.113.2")
    assert path.hops == (("ns1", "veth0"), ("host", "veth1"), ("host", "br0"), ("host", "eth0"))
    assert path.verdict == "bridged by br0"


def test_an_address_nobody_has_has_no_path():
    path = packet_path(captured(), "ns1", "10.99.0.1")
    assert not path.reached and path.kind == "no path"


def test_mermaid_shows_namespaces_devices_pairs_ports_and_the_path():
    snap = captured()
    text = to_mermaid(topology(snap, packet_path(snap, "ns1", "192.168.10.11", "ns1 reaches ns2"), outside()))
    assert text.startswith("flowchart LR\n")
    for line in ('subgraph ns__host["host"]', 'subgraph ns__ns1["ns1"]', 'subgraph ns__ns2["ns2"]',
                 'host__br0["br0 · bridge"]', 'ns1__veth0["veth0<br/>192.168.10.10/24"]',
                 "ns1__veth0 ===|veth| host__veth1", "ns2__veth2 ===|veth| host__veth3",
                 "host__veth1 ---|port| host__br0", "host__veth3 ---|port| host__br0",
                 "host__eth0 ===|veth| netsh_wan__wan0", 'subgraph ns__netsh_wan["netsh-wan (stand-in outside network)"]',
                 "%% packet path: ns1 reaches ns2: bridged by br0"):
        assert line in text, line
    assert "lo" not in [n.name for n in topology(snap).nodes]
    edges = [ln.strip() for ln in text.splitlines() if "|veth|" in ln or "|port|" in ln]
    marked = text.split("linkStyle ")[1].split()[0].split(",")
    on_path = {edges[int(k)] for k in marked}
    assert on_path == {"ns1__veth0 ===|veth| host__veth1", "host__veth1 ---|port| host__br0",
                       "host__veth3 ---|port| host__br0", "ns2__veth2 ===|veth| host__veth3"}


def test_dot_marks_the_path_and_parses():
    snap = captured()
    text = to_dot(topology(snap, packet_path(snap, None, "192.168.10.10", "the host reaches ns1"), outside()))
    assert "subgraph cluster_ns__ns1" in text
    assert 'label="packet path: the host reaches ns1: bridged by br0"' in text
    red = [ln for ln in text.splitlines() if "#d62728" in ln]
    assert len(red) == 2 and any("ns1__veth0 -- host__veth1" in ln for ln in red)
    if shutil.which("dot"):
        svg = subprocess.run(["dot", "-Tsvg"], input=text, capture_output=True, text=True, check=True).stdout
        assert "<svg" in svg and "192.168.10.10/24" in svg


@pytest.mark.skipif(not ROOT, reason="needs root (creates a sandbox)")
def test_graph_of_a_real_run(tmp_path):
    out = tmp_path / "g.dot"
    r = run_netsh("graph", "bridge-two-ns", "--format", "dot", "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert "ns1 reaches 192.168.10.11 through the bridge”: bridged by br0" in r.stderr
    text = out.read_text()
    for piece in ("subgraph cluster_ns__ns1", "subgraph cluster_ns__ns2", 'host__br0 [label="br0 · bridge"]',
                  "ns1__veth0 -- host__veth1", "host__veth1 -- host__br0", "ns2__veth2 -- host__veth3",
                  '192.168.10.11/24"', "host__eth0 -- netsh_wan__wan0", "netsh-wan (stand-in outside network)"):
        assert piece in text, piece
    if shutil.which("dot"):
        assert subprocess.run(["dot", "-Tsvg"], input=text, capture_output=True, text=True).returncode == 0


def test_graph_claim_must_exist():
    r = run_netsh("graph", "bridge-two-ns", "--claim", "no such claim")
    assert r.returncode == 2 and "no reachability claim matches" in r.stderr


def test_svg_without_graphviz_says_what_to_install():
    import os

    r = run_netsh("graph", "bridge-two-ns", "--format", "svg", env={**os.environ, "PATH": "/nonexistent"})
    assert r.returncode == 3 and "apt-get install graphviz" in r.stderr
