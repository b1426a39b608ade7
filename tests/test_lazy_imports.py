"""`netsh --help` and `netsh list` import only what they use: no plumbum, no
executor, runner or session, no rich for help (each costs tens of ms at every
start; `scripts/bench` reports the wall time of `netsh --help`)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

PROBE = """
import json, sys
sys.argv = ["netsh", *json.loads(sys.argv[1])]
from netsh.cli.app import main
try:
    main()
except SystemExit:
    pass
sys.stdout.flush()
print("\\nMODULES " + json.dumps(sorted(sys.modules)))
"""

NEVER = ("plumbum", "netsh.executors", "netsh.runner", "netsh.session", "netsh.journal")


def modules_after(*args: str) -> set[str]:
    r = subprocess.run([sys.executable, "-c", PROBE, json.dumps(args)], capture_output=True, text=True)
    line = next(ln for ln in r.stdout.splitlines() if ln.startswith("MODULES "))
    return set(json.loads(line.removeprefix("MODULES ")))


def loaded(mods: set[str], package: str) -> bool:
    return any(m == package or m.startswith(package + ".") for m in mods)


@pytest.mark.parametrize("args", [("--help",), ("list",), ("list", "--json")])
def test_help_and_list_do_not_import_what_they_do_not_use(args):
    mods = modules_after(*args)
    assert "netsh.cli.app" in mods
    assert [p for p in NEVER if loaded(mods, p)] == []


def test_help_loads_neither_scenarios_nor_rich_and_list_not_rich():
    help_mods = modules_after("--help")
    assert not loaded(help_mods, "netsh.scenarios")
    assert not loaded(help_mods, "rich"), "plain help: rich's formatter alone costs ~70 ms"
    assert not loaded(modules_after("list"), "rich")
