"""SideBySide: each cell judged with its own probes' results, laid out as a table."""

from netsh.claims import Reaches, SideBySide, SysctlIs
from netsh.command import Result


def table_claim():
    return SideBySide(text="compare", columns=("left", "right"), rows=(
        ("ping", (Reaches(text="a", src="ns1", target="10.0.0.2"),
                  Reaches(text="b", src="ns3", target="10.0.0.2", expect=False))),
        ("forwarding", (SysctlIs(text="c", path="/proc/sys/net/ipv4/ip_forward", value="1"),
                        SysctlIs(text="d", path="/proc/sys/net/ipv4/ip_forward", value="1")))))


def answer(claim, outputs):
    return tuple(Result(p, code, out) for p, (code, out) in zip(claim.probes(), outputs))


def test_every_cell_gets_its_own_results():
    claim = table_claim()
    assert len(claim.probes()) == 4
    v = claim.judge(answer(claim, [(0, "time=1.0 ms"), (1, "1 packets transmitted, 0 received"),
                                   (0, "1\n"), (0, "1\n")]))
    assert v.held is True
    assert v.table == (("", "left", "right"),
                       ("ping", "✓ reply in 1.0 ms", "✓ no reply (1 sent, 0 received)"),
                       ("forwarding", "✓ /proc/sys/net/ipv4/ip_forward = 1", "✓ /proc/sys/net/ipv4/ip_forward = 1"))


def test_one_failing_cell_fails_the_table_and_names_its_column():
    claim = table_claim()
    v = claim.judge(answer(claim, [(0, "time=1.0 ms"), (0, "time=1.0 ms"), (0, "1\n"), (0, "0\n")]))
    assert v.held is False
    assert v.table[1][2].startswith("✗") and v.table[2][2].startswith("✗")
    assert "right: reply in 1.0 ms" in v.observed
