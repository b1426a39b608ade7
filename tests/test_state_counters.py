"""/proc/net/snmp and `iptables -L -v -n -x` parsing, against output captured on this kernel."""

from pathlib import Path

import pytest

from netsh.errors import BadToolOutput
from netsh.state.iptables import parse_chain
from netsh.state.snmp import parse_snmp, snmp_counter

DATA = Path(__file__).parent / "data"


def read(name: str) -> str:
    return (DATA / name).read_text()


def test_snmp_pairs_headers_with_values():
    snmp = parse_snmp(read("proc_net_snmp.txt"))
    assert {"Ip", "Icmp", "Tcp", "Udp"} <= set(snmp)
    assert snmp["Ip"]["Forwarding"] == 1 and snmp["Ip"]["DefaultTTL"] == 64
    assert snmp_counter(read("proc_net_snmp.txt"), "Ip", "ForwDatagrams") == 6
    assert snmp["Tcp"]["MaxConn"] == -1  # signed values parse too


def test_snmp_unknown_counter_says_so():
    with pytest.raises(BadToolOutput, match="no counter Ip Nope"):
        snmp_counter(read("proc_net_snmp.txt"), "Ip", "Nope")


def test_snmp_garbage_is_refused():
    with pytest.raises(BadToolOutput):
        parse_snmp("Ip: Forwarding DefaultTTL\nIcmp: 1 64\n")


def test_chain_policy_counters():
    chain = parse_chain(read("iptables_L_forward_drop.txt"))
    assert (chain.name, chain.policy, chain.packets, chain.bytes, chain.rules) == ("FORWARD", "DROP", 1, 84, ())


def test_chain_with_a_rule():
    chain = parse_chain(read("iptables_L_forward_accept_rule.txt"))
    assert (chain.policy, chain.packets, chain.bytes) == ("ACCEPT", 2, 168)
    (rule,) = chain.rules
    assert (rule.packets, rule.bytes) == (0, 0) and rule.text.startswith("ACCEPT") and "10.9.9.9" in rule.text


def test_user_chain_has_no_policy():
    chain = parse_chain(read("iptables_L_user_chain.txt"))
    assert (chain.name, chain.policy, chain.packets, len(chain.rules)) == ("MYCHAIN", None, 0, 1)


@pytest.mark.parametrize("text", ["", "iptables v1.8.9: no such chain\n",
                                  "Chain FORWARD (policy DROP 1 packets, 84 bytes)\n  pkts bytes\n  1.2K 84 DROP\n"])
def test_unexpected_listing_is_refused(text):
    with pytest.raises(BadToolOutput):
        parse_chain(text)

