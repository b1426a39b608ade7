"""Claims judged on output captured from this kernel (tests/data), no root needed:
routes with a gateway, who answered ARP, an fdb entry's age, and a range sweep.

The learning captures: br0 with ports veth1 (ns1's veth0 behind it) and veth3
(ns2's veth2), one ping from ns1 to ns2 (192.168.10.11), then the reads below."""

from __future__ import annotations

from pathlib import Path

from netsh.claims import HasRoute
from netsh.claims.learning import Ageing, Learned
from netsh.claims.neighbours import NeighbourIs
from netsh.claims.sweep import ReachesRange
from netsh.command import Result

DATA = Path(__file__).parent / "data"
NS1_MAC, NS2_MAC = "f6:4c:da:b0:3e:36", "72:89:ed:cf:1c:7e"  # ns1's veth0, ns2's veth2


def judged(claim, *outputs: str | tuple[int, str, str]):
    """The claim's verdict on its probes' outputs: a file name in tests/data (exit 0),
    or (exit code, stdout, stderr)."""
    results = []
    for probe, out in zip(claim.probes(), outputs, strict=True):
        code, stdout, stderr = out if isinstance(out, tuple) else (0, (DATA / out).read_text(), "")
        results.append(Result(probe, code, stdout, stderr))
    return claim.judge(tuple(results))


def test_a_route_through_a_gateway_holds_only_with_that_gateway():
    route = dict(text="default route", dst="default", dev="eth0")
    v = judged(HasRoute(**route, via="203.0.113.1"), "ip_route_host.json")
    assert v.held is True and v.observed == "default via 203.0.113.1 dev eth0 scope global"
    v = judged(HasRoute(**route, via="203.0.113.9", why_not="wrong gateway"), "ip_route_host.json")
    assert v.held is False and v.why == "wrong gateway"
    assert "192.168.10.0/24 dev br0 scope link" in v.observed, "without a match, every route is shown"
    assert judged(HasRoute(**route), "ip_route_host.json").held is True, "no via: any gateway will do"
    assert judged(HasRoute(text="t", dst="default", dev="br0"), "ip_route_host.json").held is False


def test_arp_resolved_to_the_owner_of_the_address():
    claim = NeighbourIs(text="ns1 has ns2's MAC", netns="ns1", address="192.168.10.11",
                        owner="veth2", owner_netns="ns2")
    v = judged(claim, "ip_neigh_ns1_reachable.json", "ip_link_ns2_veth2.json")
    assert v.held is True
    assert v.observed == f"192.168.10.11 is at {NS2_MAC}; veth2 in ns2 is {NS2_MAC}"


def test_arp_resolved_to_someone_else_or_not_at_all():
    claim = NeighbourIs(text="ns1 has its own MAC for ns2", netns="ns1", address="192.168.10.11",
                        owner="veth0", owner_netns="ns1")
    v = judged(claim, "ip_neigh_ns1_reachable.json", "ip_link_ns1_veth0.json")
    assert v.held is False and v.observed.endswith(f"veth0 in ns1 is {NS1_MAC}")
    v = judged(claim, (0, "[]", ""), "ip_link_ns1_veth0.json")
    assert v.held is False and v.observed == "no resolved entry for 192.168.10.11"
    v = judged(claim, (0, "[]", ""), (1, "", 'Device "veth0" does not exist.'))
    assert v.held is False and v.observed == 'Device "veth0" does not exist.'


def test_learned_entries_sit_behind_their_ports():
    ns1 = dict(bridge="br0", dev="veth0", netns="ns1")
    v = judged(Learned(text="ns1 on veth1", port="veth1", **ns1), "ip_link_ns1_veth0.json",
               "bridge_s_fdb_learning.json")
    assert v.held is True and v.observed == f"veth0's MAC {NS1_MAC} learned on veth1"
    assert judged(Learned(text="ns1 on veth3", port="veth3", **ns1), "ip_link_ns1_veth0.json",
                  "bridge_s_fdb_learning.json").held is False
    v = judged(Learned(text="not yet", port="veth1", expect=False, **ns1), "ip_link_ns1_veth0.json",
               "bridge_fdb_before.json")
    assert v.held is True and "is not among br0's learned entries" in v.observed


def test_an_entry_refreshed_within_the_ageing_time_is_fresh():
    claim = Ageing(text="ns2's entry is fresh", bridge="br0", dev="veth2", netns="ns2")
    v = judged(claim, "ip_link_br0_learning.json", "ip_link_ns2_veth2.json", "bridge_s_fdb_learning.json")
    assert v.held is True
    assert v.observed == (f"{NS2_MAC} on veth3: refreshed 0 s ago, last used 0 s ago; "
                          "br0 forgets it 300 s after the last refresh")


def test_an_entry_that_is_not_there_has_no_age():
    claim = Ageing(text="ns2's entry is fresh", bridge="br0", dev="veth2", netns="ns2")
    v = judged(claim, "ip_link_br0_learning.json", "ip_link_ns2_veth2.json", "bridge_fdb_before.json")
    assert v.held is False and v.observed == f"no learned entry with its age for {NS2_MAC} in br0"
    v = judged(claim, "ip_link_ns2_veth2.json", "ip_link_ns2_veth2.json", "bridge_s_fdb_learning.json")
    assert v.held is False, "a device that is not a bridge has no ageing time"


def sweep(*sources):
    return ReachesRange(text="every pair", sources=sources, first="192.168.10.11", last="192.168.10.13",
                        count=3)


def test_a_range_holds_when_every_source_heard_every_address():
    assert judged(sweep(None, "ns1"), (0, "", ""), (0, "", "")).observed == \
        "all 6 pairs replied (2 sources × 3 addresses)"


def test_a_range_names_the_silent_pairs_and_a_sweep_that_could_not_run():
    silent = (1, (DATA / "fping_some_silent.txt").read_text(), "")  # .12 and .13 do not exist
    v = judged(sweep(None, "ns1"), (0, "", ""), silent)
    assert v.held is False
    # no second round in these results: the verdict says nothing of retries
    assert v.observed == "2 of 6 pairs got no reply: ns1 → 192.168.10.12, ns1 → 192.168.10.13"
    v = judged(sweep("ns1"), (2, "", "fping: can't create socket"))
    assert v.held is False and v.observed == "fping could not run: ns1: fping: can't create socket"
