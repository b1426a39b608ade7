"""A bridge's options from `ip -j -d link`, against output captured on this kernel."""

from pathlib import Path

from netsh.state.bridge_options import parse_bridge_options

DATA = Path(__file__).parent / "data"


def test_nf_call_iptables_is_reported():
    opts = parse_bridge_options((DATA / "ip_link_br0_nf_call_iptables.json").read_text())
    assert opts["nf_call_iptables"] == 1 and opts["nf_call_ip6tables"] == 0


def test_not_a_bridge_has_no_options():
    assert parse_bridge_options('[{"ifname": "veth1", "linkinfo": {"info_kind": "veth"}}]') == {}
    assert parse_bridge_options("") == {}
