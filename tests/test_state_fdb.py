"""Forwarding-database parsing against `bridge -j [-s] fdb` output captured in
the bridge-learning scenario (tests/data): before any traffic, after one ping,
and with per-entry ages."""

from pathlib import Path

from netsh.state.fdb import FdbEntry, ageing_seconds, learned_ports, parse_fdb
from netsh.state.stats import rx_packets

DATA = Path(__file__).parent / "data"
NS1, NS2, NS3 = "8a:75:54:d9:68:13", "da:21:76:ec:d9:6e", "9e:7c:41:f6:90:ec"


def read(name: str) -> str:
    return (DATA / name).read_text()


def test_before_traffic_only_permanent_and_self_entries():
    entries = parse_fdb(read("bridge_fdb_before.json"))
    assert entries and learned_ports(entries) == {}
    ports_own = [e for e in entries if e.state == "permanent" and not e.local]
    assert sorted(e.port for e in ports_own) == ["veth1", "veth3", "veth5"]


def test_after_one_ping_each_mac_sits_behind_its_port():
    assert learned_ports(parse_fdb(read("bridge_fdb_after.json"))) == {NS1: "veth1", NS2: "veth3"}


def test_the_bystander_that_sent_nothing_is_not_learned():
    assert NS3 not in learned_ports(parse_fdb(read("bridge_fdb_after.json")))


def test_stats_give_each_learned_entry_its_age():
    entries = parse_fdb(read("bridge_s_fdb_stats.json"))
    learned = [e for e in entries if e.learned]
    assert learned and all(e.updated is not None and e.used is not None for e in learned)
    assert all(e.updated is None for e in entries if e.local)


def test_entries_without_stats_have_no_age():
    assert all(e.updated is None for e in parse_fdb(read("bridge_fdb_after.json")))


def test_entry_kinds():
    def entry(**kw):
        return FdbEntry.from_json({"mac": "AA:BB:CC:DD:EE:FF", "ifname": "p", **kw})
    assert entry(flags=[], state="").learned
    assert entry(flags=[], state="").mac == "aa:bb:cc:dd:ee:ff"
    assert not entry(flags=[], state="permanent").learned
    assert not entry(flags=[], state="static").learned
    assert not entry(flags=["self"], state="").learned


def test_ageing_time_is_in_hundredths_of_a_second():
    assert ageing_seconds(read("ip_link_br0.json")) == 300.0
    assert ageing_seconds('[{"ifname": "veth0", "linkinfo": {"info_kind": "veth"}}]') is None


def test_empty_table():
    assert parse_fdb("") == []


def test_rx_packets_counter():
    assert rx_packets(read("ip_s_link_veth4.json")) == 1


def test_rx_packets_without_stats_says_so():
    import pytest

    from netsh.errors import BadToolOutput
    with pytest.raises(BadToolOutput):
        rx_packets('[{"ifname": "veth4"}]')
