"""Counter claims judged on captured outputs: before, traffic, after."""

from pathlib import Path

from netsh.claims import CounterFlat, CounterRises, PolicyCounter, Reaches, SnmpCounter
from netsh.command import Result

DATA = Path(__file__).parent / "data"
SNMP = (DATA / "proc_net_snmp.txt").read_text()  # IpForwDatagrams 6
REPLY = "64 bytes from 192.168.10.11: icmp_seq=1 ttl=63 time=0.026 ms\n1 packets transmitted, 1 received"
SILENCE = "1 packets transmitted, 0 received, 100% packet loss"


def results(claim, before: str, ping: tuple[int, str], after: str, read_code: int = 0):
    read, send, _ = claim.probes()
    return (Result(read, read_code, before, "" if read_code == 0 else "cat: denied"),
            Result(send, ping[0], ping[1]), Result(read, 0, after))


def bump(text: str, by: int) -> str:
    names, values = [line.split() for line in text.splitlines()[:2]]
    i = names.index("ForwDatagrams")
    values[i] = str(int(values[i]) + by)
    return "\n".join([" ".join(names), " ".join(values), *text.splitlines()[2:]])


def rises(at_least=2, expect=True):
    return CounterRises(text="routed", counter=SnmpCounter(), at_least=at_least,
                        traffic=Reaches(text="ping", src="ns1", target="192.168.10.11", expect=expect))


def test_probes_read_ping_read():
    claim = rises()
    assert [p.display for p in claim.probes()] == [
        "grep '^Ip:' /proc/net/snmp", "ip netns exec ns1 ping -c 1 -w 3 192.168.10.11", "grep '^Ip:' /proc/net/snmp"]


def test_rise_by_enough_holds_and_shows_the_numbers():
    v = rises().judge(results(rises(), SNMP, (0, REPLY), bump(SNMP, 2)))
    assert v.held is True and v.observed == "reply in 0.026 ms; IpForwDatagrams 6 → 8 (+2)"


def test_rise_too_small_does_not_hold():
    assert rises().judge(results(rises(), SNMP, (0, REPLY), bump(SNMP, 1))).held is False


def test_traffic_that_did_not_behave_fails_the_claim_even_if_the_counter_rose():
    v = rises().judge(results(rises(), SNMP, (1, SILENCE), bump(SNMP, 2)))
    assert v.held is False and "no reply" in v.observed


def test_flat_holds_only_without_movement():
    claim = CounterFlat(text="bridged", traffic=Reaches(text="ping", src="ns3", target="192.168.10.11", expect=False))
    assert claim.judge(results(claim, SNMP, (1, SILENCE), SNMP)).held is True
    assert claim.judge(results(claim, SNMP, (1, SILENCE), bump(SNMP, 1))).held is False


def test_an_unreadable_counter_says_so():
    v = rises().judge(results(rises(), SNMP, (0, REPLY), SNMP, read_code=1))
    assert v.held is False and "cannot read IpForwDatagrams: cat: denied" in v.observed


def test_policy_counter_reads_the_chain_listing():
    counter = PolicyCounter("FORWARD")
    assert counter.read().display == "iptables -L FORWARD -v -n -x"
    assert counter.value((DATA / "iptables_L_forward_drop.txt").read_text()) == 1
    claim = CounterRises(text="dropped", counter=counter,
                         traffic=Reaches(text="ping", src="ns1", target="192.168.10.11", expect=False))
    garbage = claim.judge(results(claim, "nonsense", (1, SILENCE), "nonsense"))
    assert garbage.held is False and "unexpected listing" in garbage.observed
