"""JSON parsing against output captured from this kernel (tests/data)."""

from pathlib import Path

import pytest

from netsh.errors import BadToolOutput
from netsh.state import load
from netsh.state.addresses import parse_addresses
from netsh.state.features import parse_features
from netsh.state.links import parse_links
from netsh.state.routes import parse_routes

DATA = Path(__file__).parent / "data"


def read(name: str) -> str:
    return (DATA / name).read_text()


def test_bridge_ports_from_ip_link_master():
    links = parse_links(read("ip_link_master_br0.json"))
    assert sorted(link.name for link in links) == ["veth1", "veth3"]
    assert all(link.master == "br0" and link.kind == "veth" and link.up for link in links)


def test_bridge_link_kind_and_flag():
    (br,) = parse_links(read("ip_link_br0.json"))
    assert (br.name, br.kind, br.up) == ("br0", "bridge", True)
    assert br.netns_immutable is None  # iproute2 6.1 does not show it


def test_addresses_in_a_namespace():
    addrs = parse_addresses(read("ip_addr_ns1.json"))
    assert ("veth0", "192.168.10.10/24", "inet") in [(a.dev, a.cidr, a.family) for a in addrs]


def test_routes_default_and_link_scope():
    routes = {r.dst: r for r in parse_routes(read("ip_route_host.json"))}
    assert routes["default"].gateway == "203.0.113.1"
    assert routes["192.168.10.0/24"].describe() == "192.168.10.0/24 dev br0 scope link"


def test_ethtool_features_have_no_netns_local_on_linux_6_12_and_later():
    feats = parse_features(read("ethtool_k_br0.json"))
    assert "tx-checksumming" in feats and "netns-local" not in feats


def test_empty_listing_is_empty():
    assert parse_links("") == []


def test_not_json_names_the_tool():
    with pytest.raises(BadToolOutput, match="ip printed something that is not JSON"):
        parse_links("1: lo: <LOOPBACK,UP>")
    assert load("[]", "ip") == []
