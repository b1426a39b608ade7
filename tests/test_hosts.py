"""Placing a claim on hosts (netsh.hosts) keeps everything else the claim says."""

from __future__ import annotations

from netsh.claims import CounterRises, Reaches, SnmpCounter
from netsh.claims.br_netfilter import BrNetfilterLoaded
from netsh.hosts import Placed, across, on
from netsh.runner import claim_groups


def test_a_placed_claim_that_stops_the_run_still_stops_it():
    (placed,) = on("host1", [BrNetfilterLoaded(text="br_netfilter here")])
    assert isinstance(placed, Placed) and placed.stops_run is True
    (plain,) = on("host1", [Reaches(text="a ping", target="10.0.0.2")])
    assert plain.stops_run is False


def test_placed_pings_still_run_side_by_side():
    pings = [*on("host1", [Reaches(text="1 → 2", src="ns1", target="10.0.0.2")]),
             *on("host2", [Reaches(text="2 → 1", src="ns2", target="10.0.0.1")])]
    assert all(p.independent for p in pings)
    assert [len(g) for g in claim_groups(pings)] == [2]


def test_parts_are_the_wrapped_claim_s_placed_on_its_hosts():
    counter = CounterRises(text="forwarded", counter=SnmpCounter(),
                           traffic=Reaches(src="ns1", target="10.0.0.2"))
    parts = across(counter, "host1", "host2").parts()
    assert [type(p).__name__ for p in parts] == ["Command", "Placed", "Command"]
    before, ping, after = parts
    assert (before.host, after.host) == ("host1", "host2")
    assert isinstance(ping.claim, Reaches) and [p.host for p in ping.probes()] == ["host2"]
    assert ping.script_expects_success is True
