"""Deciding an expected failure early (netsh/why/early.py), on made-up counters and traces:
a thrown-away packet settles a ping only when it can be that ping's."""

from netsh.why.early import arrivals, discards, settled
from netsh.why.trace import parse

BEFORE = {"wan": {"IpInAddrErrors": 5, "IcmpInEchos": 0, "IcmpOutEchoReps": 0},
          "ns1": {"IpOutNoRoutes": 0, "IcmpInEchos": 3, "IcmpOutEchoReps": 3}}


def test_discards_count_packets_once_and_only_where_the_traffic_is_ours():
    now = {"wan": {"IpInAddrErrors": 7, "IcmpInEchos": 0, "IcmpOutEchoReps": 0},
           "ns1": {"IpOutNoRoutes": 1, "IcmpInEchos": 4, "IcmpOutEchoReps": 3}}
    # ns1: one echo arrived, its reply had no route: two counters, one packet
    assert discards(BEFORE, now, {"wan", "ns1"}) == {"wan": (2, "IpInAddrErrors"), "ns1": (1, "IpOutNoRoutes")}
    assert discards(BEFORE, now, {"ns1"}) == {"ns1": (1, "IpOutNoRoutes")}
    assert discards(BEFORE, BEFORE, {"wan", "ns1"}) == {}


def test_with_a_trace_the_discards_must_cover_every_ping_that_arrived_there():
    seen = {"host": {11, 22}, "wan": {11, 22}}
    assert settled(11, {"wan": (2, "IpInAddrErrors")}, {}, seen, running=2) == "wan IpInAddrErrors"
    # one packet thrown away, two pings arrived: it may be the other one's
    assert settled(11, {"wan": (1, "IpInAddrErrors")}, {}, seen, running=2) == ""
    # a ping the trace never saw arrive where the packet was thrown away
    assert settled(33, {"wan": (2, "IpInAddrErrors")}, {}, seen, running=3) == ""


def test_without_a_trace_only_a_ping_running_alone_is_settled():
    look = {"wan": (1, "IpInAddrErrors")}
    assert settled(11, look, {}, None, running=2) == ""
    assert settled(11, look, {}, None, running=1) == "wan IpInAddrErrors"


def test_an_unanswered_echo_must_be_seen_twice():
    look = {"ns1": (1, "unanswered echo")}
    assert settled(11, look, {}, {"ns1": {11}}, running=1) == ""
    assert settled(11, look, look, {"ns1": {11}}, running=1) == "ns1 unanswered echo"


def test_arrivals_are_read_from_our_own_tables_packet_lines():
    text = ('trace id aa inet netsh_trace_1_ab pre packet: iif "wan0" ip saddr 203.0.113.2 '
            'ip daddr 192.168.10.10 icmp type echo-request icmp id 11 icmp sequence 1\n'
            'trace id aa inet netsh_trace_1_ab pre policy accept\n'
            'trace id bb inet netsh_trace_1_ab pre packet: iif "wan0" icmp type echo-reply icmp id 22\n')
    assert arrivals([("wan", line) for line in parse(text)]) == {"wan": {11}}
