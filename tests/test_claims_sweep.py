"""ReachesRange: silent pairs are probed again, only those and a bounded number of
times, before the claim is judged; a pair that stays silent still fails."""

from __future__ import annotations

from netsh.claims.sweep import RECHECKS, ReachesRange
from netsh.command import Result
from netsh.events import ClaimChecked
from netsh.executors.base import Executor
from netsh.runner import Runner
from netsh.scenario import Scenario
from netsh.step import step

CLAIM = ReachesRange(text="every namespace reaches every other", sources=("a", "b"),
                     first="10.0.0.1", last="10.0.0.3", count=3)


def fping(result_of_targets):
    """A fake fping: `result_of_targets(netns, targets)` -> the addresses that stay silent."""
    def run(command):
        args = command.args
        wanted = [f"10.0.0.{i}" for i in (1, 2, 3)] if "-g" in args else list(args[9:])
        lost = result_of_targets(command.netns, wanted)
        silent = [a for a in wanted if a in lost]
        return Result(command, 1 if silent else 0, "\n".join(silent) + ("\n" if silent else ""), "")
    return run


class FakeFping(Executor):
    def __init__(self, silent):
        self.silent, self.ran = silent, []

    def run(self, command):
        self.ran.append(command)
        return fping(self.silent)(command)


class OneClaim(Scenario):
    name = "one-claim"

    def steps(self):
        yield step("sweep", "", [], [CLAIM])


def check(silent):
    events = []
    ex = FakeFping(silent)
    Runner(ex, events.append).run(OneClaim())
    [checked] = [e for e in events if isinstance(e, ClaimChecked)]
    # Only the sweep's own probes: a failed claim also gets a second, watched look (netsh/why).
    return checked, [c for c in ex.ran if c.args[0] == "fping"]


def test_a_lost_reply_is_probed_again_alone_and_the_claim_holds():
    lost = {("b", "10.0.0.3")}

    def once(ns, wanted):  # lost the first time only
        hit = {a for a in wanted if (ns, a) in lost}
        lost.difference_update((ns, a) for a in hit)
        return hit

    checked, ran = check(once)
    assert checked.verdict.held
    assert "1 needed a retry" in checked.verdict.observed
    assert checked.verdict.table[1] == ("6", "5", "1", "0")
    again = ran[2:]
    assert [(c.netns, c.args[-1]) for c in again] == [("b", "10.0.0.3")], "only the silent pair, only its source"


def test_a_pair_silent_every_time_fails_after_a_bounded_number_of_rechecks():
    checked, ran = check(lambda ns, wanted: {"10.0.0.2"} if ns == "a" else set())
    assert checked.verdict.held is False
    assert checked.verdict.observed.startswith("1 of 6 pairs got no reply: a → 10.0.0.2")
    assert len(ran) == 2 + RECHECKS
    assert checked.verdict.table[1] == ("6", "5", "1", "1")


def test_nothing_is_probed_again_when_every_pair_replied():
    checked, ran = check(lambda ns, wanted: set())
    assert checked.verdict.held and "retry" not in checked.verdict.observed and not checked.verdict.table
    assert len(ran) == 2


def test_the_pair_netsh_why_looks_at_is_one_still_silent_after_the_rechecks():
    lost_once = {("a", "10.0.0.1")}

    def silent(ns, wanted):
        hit = {a for a in wanted if (ns, a) in lost_once}
        lost_once.difference_update((ns, a) for a in hit)
        return hit | ({"10.0.0.3"} & set(wanted) if ns == "b" else set())

    checked, _ = check(silent)
    assert checked.verdict.held is False
    sampled = CLAIM.sample(checked.results)
    assert (sampled.src, sampled.target) == ("b", "10.0.0.3"), "not a → 10.0.0.1, which replied on a retry"
