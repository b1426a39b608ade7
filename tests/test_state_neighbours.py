"""`ip -j neigh` parsing, against output captured on this kernel."""

from pathlib import Path

from netsh.state.neighbours import parse_neighbours

DATA = Path(__file__).parent / "data"


def test_neighbour_entry():
    (n,) = parse_neighbours((DATA / "ip_neigh_ns1.json").read_text())
    assert (n.address, n.dev, n.mac, n.state) == ("192.168.10.11", "veth0", "5e:c6:55:3f:f4:55", ("DELAY",))


def test_no_entry():
    assert parse_neighbours("[]") == []
