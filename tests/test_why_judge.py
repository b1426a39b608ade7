"""Verdict states, claim ids and the judge, on made-up values (pure logic)."""

from netsh.claims import Reaches, Verdict
from netsh.claims.base import State
from netsh.claims.ids import Ids, key
from netsh.state.routes import Route
from netsh.state.snapshot import Iface, Namespace, Snapshot
from netsh.why.judge import Observations, judge
from netsh.why.trace import parse

TRACE = """\
add table inet netsh_trace_1_ab
trace id 705b0b90 inet netsh_trace_1_ab pre packet: iif "br0" ether saddr 7a:fd ip saddr 10.9.0.1 ip daddr 10.9.0.2 icmp type echo-request icmp id 4242 icmp sequence 1
trace id 705b0b90 inet netsh_trace_1_ab pre policy accept
trace id 705b0b90 ip filter FORWARD packet: iif "br0" oif "br0" ether saddr 7a:fd ip saddr 10.9.0.1 icmp type echo-request icmp id 4242 icmp sequence 1
trace id 705b0b90 ip filter FORWARD policy drop
delete table inet netsh_trace_1_ab
"""


def test_states_keep_held_readable():
    assert Verdict(True, "").state is State.held and Verdict(False, "").state is State.not_held
    assert Verdict(None, "").state is State.undecidable
    dry = Verdict.not_run()
    assert dry.held is None and dry.state is State.not_run


def test_ids_do_not_depend_on_the_text():
    a = Reaches(text="ns1 reaches ns2", src="ns1", target="10.0.0.2")
    b = Reaches(text="ns1 到达 ns2", src="ns1", target="10.0.0.2")
    assert key(a) == key(b) == "reaches.ns1.10.0.0.2"
    assert key(Reaches(text="x", target="10.0.0.2", expect=False)) == "reaches.10.0.0.2.not"
    assert key(Reaches(text="x", target="10.0.0.2", id="mine")) == "mine"
    ids = Ids()
    assert [ids(3, "reaches.a"), ids(3, "reaches.a"), ids(4, "mine", explicit=True)] == \
        ["s3.reaches.a", "s3.reaches.a-2", "mine"]


def test_trace_lines_leave_our_table_out_and_find_the_drop():
    lines = parse(TRACE, "netsh_trace_1_ab")
    assert [(line.chain, line.what, line.verdict) for line in lines] == [("FORWARD", "packet", ""),
                                                                       ("FORWARD", "policy", "drop")]
    assert lines[0].icmp_id == 4242 and lines[0].bridged
    ev = judge(Observations("ns1", "10.9.0.2", False, route={"dev": "e1"},
                            trace=tuple(("host", line) for line in lines)))
    assert ev.reason == ("the echo request was dropped by filter FORWARD policy DROP in host — "
                         "a bridged frame handed to iptables by br_netfilter")
    assert (ev.stopped.netns, ev.stopped.hook, ev.stopped.verdict) == ("host", "forward", "drop")


def test_no_route_and_wrong_way():
    assert judge(Observations("ns1", "203.0.113.1", False, route="RTNETLINK answers: Network is unreachable")) \
        .reason.startswith("ns1 has no route to 203.0.113.1")
    host = Namespace("host", (Iface("eth0", "veth", True, None, "", ("203.0.113.2/24",), 2, None, 9),
                              Iface("br0", "bridge", True, None, "", (), 3, None, None),
                              Iface("veth1", "veth", True, "br0", "", (), 4, None, 5)))
    ns1 = Namespace("ns1", (Iface("veth0", "veth", True, None, "", ("192.168.10.10/24",), 5, None, 4),))
    ev = judge(Observations("host", "192.168.10.10", False, Snapshot((host, ns1)),
                            route={"dev": "eth0", "gateway": "203.0.113.1", "prefsrc": "203.0.113.2"},
                            gateway_state="REACHABLE"))
    assert ev.reason == "the echo request left host by eth0 (default route), not br0" or \
        ev.reason == "the echo request left host by eth0 (its route), not br0"


def test_nobody_has_the_target():
    ns1 = Namespace("ns1", (Iface("veth0", "veth", True, None, "", ("192.168.10.10/24",), 5, None, 4),))
    ev = judge(Observations("ns1", "192.168.10.99", False, Snapshot((ns1,)), route={"dev": "veth0"},
                            gateway_state="PERMANENT"))
    assert ev.reason.startswith("no device netsh can see has 192.168.10.99")
    assert ev.stopped.netns == "ns1"


def test_pings_are_found_inside_counters_and_tables():
    from netsh.claims import CounterFlat, SideBySide, SnmpCounter
    from netsh.why.watch import pings

    blocked = Reaches(text="no", src="ns1", target="10.0.0.2", expect=False)
    counter = CounterFlat(text="flat", counter=SnmpCounter("Ip", "ForwDatagrams"), traffic=blocked)
    assert pings(counter) == [(1, blocked)]
    table = SideBySide(text="t", columns=("a", "b"),
                       rows=(("ping", (counter, Reaches(text="yes", src="ns3", target="10.0.0.4"))),))
    assert [i for i, _ in pings(table)] == [1, 3]


def test_a_bridges_own_nf_call_iptables_explains_the_drop_without_a_trace():
    host = Namespace("host", (Iface("br0", "bridge", True, None, "", (), 3, None, None, nf_call_iptables=True),
                              Iface("veth1", "veth", True, "br0", "", (), 4, None, 5),
                              Iface("veth2", "veth", True, "br0", "", (), 6, None, 7)),
                     sysctls=(("bridge-nf-call-iptables", "0"), ("ip_forward", "0")))
    link = (Route("10.9.0.0/24", "veth0", None, "link"),)
    ns1 = Namespace("ns1", (Iface("veth0", "veth", True, None, "", ("10.9.0.1/24",), 5, None, 4),), link)
    ns2 = Namespace("ns2", (Iface("veth0", "veth", True, None, "", ("10.9.0.2/24",), 7, None, 6),), link)
    snap = Snapshot((host, ns1, ns2), forward_policy="DROP")
    ev = judge(Observations("ns1", "10.9.0.2", False, snap, route={"dev": "veth0"}, gateway_state="REACHABLE"))
    assert ev.reason == ("the host's filter FORWARD policy is DROP and br0's own nf_call_iptables=1 hands the "
                         "frames it bridges to it (br_netfilter), though bridge-nf-call-iptables is 0")
    # br_netfilter not loaded (no sysctl): the bridge's switch does nothing, and the judge does not blame it
    unloaded = Snapshot((Namespace("host", host.ifaces), ns1, ns2), forward_policy="DROP")
    assert "nf_call_iptables" not in judge(Observations("ns1", "10.9.0.2", False, unloaded, route={"dev": "veth0"},
                                                        gateway_state="REACHABLE")).reason
