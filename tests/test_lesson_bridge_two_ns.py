"""bridge-two-ns as a lesson file says and does what its Python class did.

tests/data/lesson_baseline/ was captured from the Python scenario before it was
removed: `netsh show` (en, zh), `netsh export`, `netsh list --json` and the
skeleton of a sandboxed run's JSON report (every command, probe, claim and
verdict; no timings, outputs or MACs). The exports were captured again when
exported scripts learned to check every claim (their commands, in order, are
also pinned by tests/golden.py); `list --json` may gain fields, never lose one.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from conftest import REPO, needs_root, run_netsh

BASE = Path(__file__).parent / "data" / "lesson_baseline"
LESSON = REPO / "scenarios" / "bridge-two-ns.md"


def _cmd(c: dict) -> dict:
    return {k: c[k] for k in ("command", "argv", "netns", "host")}


def _claim(c: dict) -> dict:
    return {"step": c["step"], "claim": c["claim"], "expected": c["expected"], "held": c["held"],
            "probes": [_cmd(p) for p in c["probes"]]}


def skeleton(report: dict) -> dict:
    """A report without what changes from run to run (outputs, timings, MACs, the date)."""
    return {"keys": sorted(report), "scenario": report["scenario"], "parameters": report["parameters"],
            "target": report["target"],
            "steps": [{"index": s["index"], "title": s["title"], "setup": s["setup"],
                       "commands": [_cmd(c) for c in s["commands"]], "claims": [_claim(c) for c in s["claims"]]}
                      for s in report["steps"]],
            "undo": [_cmd(c) for c in report["undo"]], "claims": [_claim(c) for c in report["claims"]],
            "held": report["held"], "error": report["error"]}


def _wide(*args: str):
    return run_netsh(*args, env={**os.environ, "COLUMNS": "100"})


def test_the_python_class_is_gone_and_the_lesson_is_the_builtin():
    assert not (REPO / "scenarios" / "bridge_two_ns.py").exists()
    from netsh.lesson.compile import Lesson
    from netsh.scenario import builtin

    assert issubclass(builtin()["bridge-two-ns"], Lesson)


def test_show_is_unchanged_in_both_languages():
    for lang, name in (("en", "show.txt"), ("zh", "show.zh.txt")):
        for where in ("bridge-two-ns", str(LESSON)):
            r = _wide("show", where, "--lang", lang)
            assert r.returncode == 0, r.stderr
            assert r.stdout == (BASE / name).read_text(), (lang, where)


def test_export_is_unchanged(tmp_path):
    out = tmp_path / "export.sh"
    r = run_netsh("export", str(LESSON), "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert out.read_text() == (BASE / "export.sh.txt").read_text()


def test_list_json_describes_it_as_before():
    r = run_netsh("list", "--json")
    entry = next(e for e in json.loads(r.stdout) if e["name"] == "bridge-two-ns")
    before = next(e for e in json.loads((BASE / "list.json").read_text()) if e["name"] == "bridge-two-ns")
    assert {k: entry.get(k) for k in before} == before  # fields are added (rules), never renamed


@needs_root
def test_a_sandboxed_run_has_the_same_commands_claims_verdicts_and_report_shape(tmp_path):
    report = tmp_path / "r.json"
    r = run_netsh("run", str(LESSON), "--report", str(report), "-q", timeout=120)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr
    got = skeleton(json.loads(report.read_text()))
    want = json.loads((BASE / "report.skeleton.json").read_text())
    assert got == want
    assert len(got["claims"]) == 16 and "All 15 claims held." in r.stdout
