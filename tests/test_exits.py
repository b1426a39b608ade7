"""Outcomes -> exit codes (a public contract: README "Exit codes", `netsh check --target`)."""

from netsh.checks import HostResult, ScenarioResult
from netsh.claims import Verdict
from netsh.cli.exits import for_hosts, for_outcome, for_results
from netsh.errors import CommandFailed, PreconditionFailed
from netsh.events import ClaimChecked, Outcome


def claimed(held) -> ClaimChecked:
    return ClaimChecked(1, "a claim", Verdict(held, "seen"))


def test_a_run_exits_0_1_or_the_code_of_what_stopped_it():
    assert for_outcome(Outcome([claimed(True), claimed(None)])) == 0
    assert for_outcome(Outcome([claimed(True), claimed(False)])) == 1
    assert for_outcome(Outcome([claimed(True)], error=PreconditionFailed("no br_netfilter"))) == 3
    assert for_outcome(Outcome([], error=CommandFailed.__new__(CommandFailed))) == 1
    assert for_outcome(Outcome([], error=RuntimeError("not netsh's"))) == 1


def test_check_here_exits_1_when_a_claim_failed_or_a_scenario_stopped():
    assert for_results([ScenarioResult("a", [claimed(True)]), ScenarioResult("b", [claimed(None)])]) == 0
    assert for_results([ScenarioResult("a", [claimed(False)])]) == 1
    assert for_results([ScenarioResult("a", [claimed(True)], error="stopped")]) == 1


def test_check_on_hosts_not_held_beats_unreachable():
    good = HostResult("ssh://a", results=[ScenarioResult("s", [claimed(True)])])
    bad = HostResult("ssh://b", results=[ScenarioResult("s", [claimed(False)])])
    gone = HostResult("ssh://c", error="unreachable")
    assert for_hosts([good]) == 0
    assert for_hosts([good, gone]) == 3
    assert for_hosts([good, bad, gone]) == 1
