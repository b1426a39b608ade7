"""The built-ins ported from Python to lesson files say and do what their classes did.

tests/data/lesson_baseline/NAME.* were captured from the Python classes before they
were removed (the exports' failed-ping hints have since gained a FORWARD counters
line, added to the baselines as it was added to every export). Exports differ only in one thing: the ping inside a counter claim is
described by its statement (`ns1 reaches 192.168.10.11`), not by a second text.
(Real sandbox runs of each: tests/test_scenario_NAME.py.)
"""

from __future__ import annotations

import os
import re

import pytest

from conftest import REPO, run_netsh
from netsh.lesson.compile import Lesson
from netsh.scenario import builtin

BASE = REPO / "tests" / "data" / "lesson_baseline"
PORTED = ["bridge-firewall", "bridge-l3", "veth-two-ns"]


@pytest.mark.parametrize("name", PORTED)
def test_ported_lessons_are_the_builtins_and_have_no_python_twin(name):
    assert issubclass(builtin()[name], Lesson)
    assert not (REPO / "scenarios" / f"{name.replace('-', '_')}.py").exists()
    assert (REPO / "scenarios" / f"{name}.zh.md").is_file()


@pytest.mark.parametrize("name", PORTED)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_show_is_unchanged(name, lang):
    r = run_netsh("show", name, "--lang", lang, env={**os.environ, "COLUMNS": "100"})
    assert r.returncode == 0, r.stderr
    assert r.stdout == (BASE / f"{name}.show{'.zh' if lang == 'zh' else ''}.txt").read_text()


def _checks(script: str) -> str:
    return re.sub(r"^check ([01]) '[^']*' --", r"check \1 --", script, flags=re.M)


@pytest.mark.parametrize("name", PORTED)
def test_export_is_unchanged_but_for_the_ping_texts_of_counter_claims(name, tmp_path):
    out = tmp_path / f"{name}.export.sh"
    assert run_netsh("export", name, "-o", str(out)).returncode == 0
    assert _checks(out.read_text()) == _checks((BASE / f"{name}.export.sh.txt").read_text())
