"""The JSON report: steps of thousands of commands are summarised per place
unless --report-full; small steps keep every command."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from netsh.cli.app import app
from netsh.command import Result, cmd
from netsh.events import CommandRan, Outcome, StepStarted
from netsh.render.report import BULK, Report
from netsh.scenario import find
from netsh.step import step


def feed(report: Report, commands, failing=()):
    report(StepStarted(1, step("many", "", commands)))
    for i, c in enumerate(commands):
        bad = i in failing
        report(CommandRan(1, Result(c, 2 if bad else 0, "", "RTNETLINK answers: File exists\n" if bad else "", 0.001)))
    return report.build(find("bridge-two-ns")(), "sandbox", {}, Outcome())["steps"][0]


def many():
    return [cmd("ip", "link", "set", "lo", "up", netns=f"ns{i % 3}") for i in range(BULK + 1)]


def test_a_bulk_step_is_counted_per_place_and_keeps_only_what_failed():
    built = feed(Report(), many(), failing=(4,))
    assert [(p["netns"], p["commands"], p["failed"]) for p in built["summary"]] == \
        [("ns0", 17, 0), ("ns1", 17, 1), ("ns2", 17, 0)]
    assert [c["command"] for c in built["commands"]] == ["ip netns exec ns1 ip link set lo up"]
    assert built["summary"][0]["duration"] == 0.017


def test_report_full_and_small_steps_keep_every_command():
    assert "summary" not in feed(Report(full=True), many())
    assert len(feed(Report(full=True), many())["commands"]) == BULK + 1
    small = feed(Report(), many()[:BULK])
    assert "summary" not in small and len(small["commands"]) == BULK


def test_report_full_on_the_command_line(tmp_path):
    runner = CliRunner()
    short, full = tmp_path / "short.json", tmp_path / "full.json"
    for path, extra in ((short, ()), (full, ("--report-full",))):
        r = runner.invoke(app, ["run", "bridge-n-ns", "-p", "n=40", "--dry-run", "-q", "--report", str(path), *extra])
        assert r.exit_code == 0, r.output
    steps = {s["index"]: s for s in json.loads(short.read_text())["steps"]}
    assert steps[2]["commands"] == [] and [p["commands"] for p in steps[2]["summary"]] == [160]  # the host
    assert [p["netns"] for p in steps[4]["summary"]] == [f"ns{i}" for i in range(1, 33)]
    everything = {s["index"]: s for s in json.loads(full.read_text())["steps"]}
    assert len(everything[2]["commands"]) == 40 * 4 and "summary" not in everything[2]
    assert runner.invoke(app, ["run", "bridge-n-ns", "--dry-run", "--report-full"]).exit_code == 2
