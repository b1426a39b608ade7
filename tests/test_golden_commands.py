"""Command generation against the tutorials: every built-in scenario's commands as
golden lists (tests/golden.py), and every seed command in the seed's order."""

import re

import pytest

from golden import GOLDEN, SEED, SEED_FILE
from netsh import __version__
from netsh.render.script import export
from netsh.scenario import find



@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_golden_command_list(name):
    assert [c.display for s in find(name)().steps() for c in s.commands] == GOLDEN[name]


def scenario_commands():
    return [c.display for s in find("bridge-two-ns")().steps() for c in s.commands]


def test_the_scenario_runs_every_seed_command_in_order():
    cmds = scenario_commands()
    positions = [cmds.index(line) for line in SEED]
    assert positions == sorted(positions)


def _norm(text: str) -> str:
    return re.sub(r"\s*\|\s*", "|", " ".join(text.split()))


def test_the_seed_list_matches_the_seed_text_when_it_is_present():
    files = list(SEED_FILE.glob("*.txt")) if SEED_FILE.is_dir() else []
    if not files:
        pytest.skip("the seed lives beside the repository (../shared/seed), not in it")
    text = _norm(files[0].read_text())
    positions = [text.index(_norm(line)) for line in SEED]
    assert positions == sorted(positions)


@pytest.mark.parametrize("name,lines", [("bridge-two-ns", SEED), *sorted(GOLDEN.items())])
def test_exported_script_has_every_command_in_order(name, lines):
    script, at = export(find(name)(), __version__), 0
    for line in lines:  # each one after the one before (ValueError: missing or out of order)
        at = script.index(line, at) + len(line)
