"""Batched execution (netsh/executors/batch.py): grouping, exact attribution of a
failing line, the runner's journal semantics, and bridge-two-ns batched == unbatched."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pytest

from conftest import needs_root
from netsh.command import Result, cmd
from netsh.errors import CommandFailed
from netsh.events import ClaimChecked, CommandRan
from netsh.executors import batch
from netsh.executors.base import Executor
from netsh.journal import Journal
from netsh.runner import Runner
from netsh.scenario import Scenario, find
from netsh.state.links import parse_links
from netsh.step import step
from netsh.tools import ip, sysctl

LO = "1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n" \
     "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n"


def test_a_run_is_consecutive_ip_commands_of_one_place():
    a, b = ip.bridge_add("b0"), ip.link_up("b0")
    inside = ip.link_up("lo", netns="ns1")
    dd = sysctl.write("/proc/sys/net/ipv4/ip_forward", "1")
    assert batch.leading_run([a, b, inside]) == (a, b)
    assert batch.leading_run([inside, a]) == (inside,)
    assert batch.leading_run([dd, a, b]) == (dd,)
    assert batch.leading_run([a, dd, b]) == (a,)


def test_a_parallel_step_runs_one_lane_per_place_only_if_no_place_comes_back():
    a1, a2 = ip.link_up("eth0", netns="a"), ip.link_up("lo", netns="a")
    b1 = ip.link_up("eth0", netns="b")
    assert batch.by_place([a1, a2, b1]) == [(a1, a2), (b1,)]
    assert batch.by_place([a1, b1, a2]) is None


@pytest.mark.parametrize("command", [
    cmd("ip", "-j", "link", "set", "x", "up"),     # a global option cannot be given per line
    cmd("ip", "netns", "exec", "ns1", "true"),     # forks a program
    cmd("ip", "link", "show", "dev", "lo"),        # a read: its output could look like a marker
    cmd("ip", "link", "set", "a b", "up"),         # the batch tokenizer would split it
    cmd("ip", "link", "set", "x#y", "up"),         # ... or read a comment
    cmd("ping", "-c", "1", "10.0.0.1"),
])
def test_what_cannot_go_in_a_batch(command):
    assert not batch.batchable(command)


def test_the_batch_is_one_ip_process_per_place_with_a_marker_after_each_line():
    run = (ip.link_up("eth0", netns="ns1"), ip.addr_add("10.0.0.1/24", "eth0", netns="ns1"))
    b = batch.batch_command(run)
    assert b.argv() == ("ip", "-n", "ns1", "-batch", "-")
    assert b.stdin == "link set eth0 up\nlink show dev lo\naddr add 10.0.0.1/24 dev eth0\nlink show dev lo\n"
    assert batch.batch_command(run[:1] + (ip.link_up("b0"),)).argv() == ("ip", "-n", "ns1", "-batch", "-")
    assert batch.batch_command((ip.link_up("b0"),)).argv() == ("ip", "-batch", "-")


def test_split_attributes_output_and_the_failure_to_the_exact_line():
    run = tuple(ip.link_up(f"d{i}") for i in range(4))
    out = LO + "hello\n" + LO          # line 1 ok, line 2 ok and printed hello
    failed = Result(batch.batch_command(run), 1, out,
                    "RTNETLINK answers: File exists\nCommand failed -:5\n", 0.004)
    results = batch.split(run, failed)
    assert [r.command for r in results] == list(run[:3])
    assert [r.exit_code for r in results] == [0, 0, 1]
    assert results[1].stdout == "hello\n"
    assert results[2].stderr == "RTNETLINK answers: File exists\n"
    # ip exits at once on a bad argument, without "Command failed": the markers still tell.
    died = Result(batch.batch_command(run), 255, LO, 'Error: argument "x" is wrong\n', 0.002)
    assert [r.exit_code for r in batch.split(run, died)] == [0, 255]
    whole = Result(batch.batch_command(run), 0, LO * 4, "", 0.004)
    assert [r.exit_code for r in batch.split(run, whole)] == [0, 0, 0, 0]


# ---- the runner: journal and undo semantics are those of running one by one ----

@dataclass
class _BatchStopsAtSecond(Executor):
    """A host executor whose `ip -batch` fails on the second line (pure runner logic)."""

    journal_path: object = None
    ran: list = field(default_factory=list)
    target = "host"
    restores = True
    batch = True

    def run(self, command):
        self.ran.append(command)
        if command.args[-2:] == ("-batch", "-"):
            return Result(command, 1, LO, "RTNETLINK answers: File exists\nCommand failed -:3\n")
        return Result(command, 0)


class _Three(Scenario):
    name = "batch-probe"
    summary = "three creations, the second fails"

    def steps(self):
        yield step("three", "", [ip.bridge_add("b1"), ip.bridge_add("b2"), ip.bridge_add("b3")])


def test_a_failing_line_stops_the_run_on_its_command_and_journals_like_one_by_one(tmp_path):
    path = tmp_path / "host-1.journal"
    ex = _BatchStopsAtSecond(journal_path=path)
    events = []
    outcome = Runner(ex, events.append, Journal(path)).run(_Three())
    assert isinstance(outcome.error, CommandFailed)
    assert outcome.error.result.command == ip.bridge_add("b2")
    shown = [(e.result.command.display, e.result.exit_code) for e in events if isinstance(e, CommandRan)]
    assert shown == [("ip link add b1 type bridge", 0), ("ip link add b2 type bridge", 1)]
    # One read of the names in place (netsh/settle.py: absent_before), one batch for the
    # three, then only b1's undo: b2 failed, b3 never ran.
    assert [c.display for c in ex.ran] == ["ip -j link show", "ip -batch -", "ip link del b1"]


def test_journal_records_before_the_batch_and_closes_lines_that_never_ran(tmp_path):
    path = tmp_path / "host-1.journal"
    ex = _BatchStopsAtSecond(journal_path=path)
    journal = Journal(path)
    runner = Runner(ex, lambda e: None, journal)
    runner._run_group((ip.bridge_add("b1"), ip.bridge_add("b2"), ip.bridge_add("b3")))
    records = [json.loads(line) for line in path.read_text().splitlines()]
    assert [r["seq"] for r in records[:3]] == [1, 2, 3] and all("undo" in r for r in records[:3])
    assert records[3:] == [{"seq": 1, "done": True}, {"seq": 2, "failed": True}, {"seq": 3, "failed": True}]
    assert runner.undos == [ip.bridge_add("b1").undo.command]


# ---- for real, in the sandbox ---------------------------------------------------

@needs_root
def test_real_batch_attributes_kernel_errors_and_parse_errors_to_their_line():
    from netsh.executors.sandbox import SandboxExecutor

    with SandboxExecutor() as ex:
        ex.batch = True
        run = (ip.bridge_add("bx"), ip.bridge_add("bx"), ip.bridge_add("by"))
        assert ex.next_group(run) == run
        got = ex.run_many(run)
        assert [(r.command, r.exit_code) for r in got] == [(run[0], 0), (run[1], 1)]
        assert got[1].stderr == "RTNETLINK answers: File exists\n"
        assert not ex.run(ip.json("link", "show", "dev", "by")).ok, "the batch stops at the failure"
        # `master` naming no device makes ip exit at once: no "Command failed" line.
        run = (ip.link_up("bx"), ip.link_master("bx", "nosuch"), ip.bridge_add("bz"))
        got = ex.run_many(run)
        assert [(r.command, r.exit_code) for r in got] == [(run[0], 0), (run[1], 255)]
        assert "Device does not exist" in got[1].stderr
        assert parse_links(ex.run(ip.json("link", "show", "dev", "bx")).stdout)[0].up
        assert not ex.run(ip.json("link", "show", "dev", "bz")).ok


@needs_root
def test_bridge_two_ns_batched_and_unbatched_give_the_same_commands_and_verdicts():
    from concurrent.futures import ThreadPoolExecutor

    from netsh.executors.sandbox import SandboxExecutor

    def run(batched: bool):
        events = []
        with SandboxExecutor() as ex:
            ex.batch = batched
            outcome = Runner(ex, events.append).run(find("bridge-two-ns")())
        commands = [(e.result.command.display, e.result.ok) for e in events if isinstance(e, CommandRan)]
        claims = [(e.text, e.verdict.held) for e in events if isinstance(e, ClaimChecked)]
        return outcome.error, commands, claims

    with ThreadPoolExecutor(2) as pool:  # two sandboxes side by side: half the wall time
        batched, unbatched = pool.map(run, (True, False))
    assert batched[0] is None and unbatched[0] is None
    assert batched[1] == unbatched[1]
    assert batched[2] == unbatched[2]
    assert all(held is not False for _, held in batched[2])


class _ThreePlaces(Scenario):
    name = "parallel-probe"
    summary = "three namespaces configured side by side, one line fails"

    def steps(self):
        yield step("namespaces", "", [ip.netns_add(n) for n in ("a", "b", "c")])
        yield step("inside", "", [ip.link_up("lo", netns="a"),
                                  ip.link_up("lo", netns="b"), ip.addr_add("10.9.0.1/24", "nosuch", netns="b"),
                                  ip.link_up("lo", netns="c")], parallel=True)


@needs_root
def test_a_failing_line_in_a_parallel_step_is_reported_on_its_command():
    from netsh.executors.sandbox import SandboxExecutor

    events = []
    with SandboxExecutor() as ex:
        ex.batch = True
        outcome = Runner(ex, events.append).run(_ThreePlaces())
    assert isinstance(outcome.error, CommandFailed)
    assert outcome.error.result.command == ip.addr_add("10.9.0.1/24", "nosuch", netns="b")
    shown = [(e.result.command.display, e.result.ok) for e in events if isinstance(e, CommandRan) and e.index == 2]
    assert shown == [("ip netns exec a ip link set lo up", True), ("ip netns exec b ip link set lo up", True),
                     ("ip netns exec b ip addr add 10.9.0.1/24 dev nosuch", False)]
