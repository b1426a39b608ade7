"""What every built-in scenario's test checks: a real sandbox run in which every
claim holds, and an export that shellcheck accepts."""

from __future__ import annotations

import json
import shutil
import subprocess

from conftest import run_netsh
from netsh.scenario import find


def commands_of(name: str) -> list[str]:
    """The scenario's commands, as displayed, in order (no claim probes)."""
    return [c.display for s in find(name)().steps() for c in s.commands]


def run_and_report(name: str, tmp_path) -> tuple[subprocess.CompletedProcess, dict, dict]:
    """Run in the default sandbox with --report; (process, report, claims by text)."""
    report = tmp_path / f"{name}.json"
    r = run_netsh("run", name, "--report", str(report), timeout=120)
    assert report.exists(), r.stdout + r.stderr
    data = json.loads(report.read_text())
    return r, data, {c["claim"]: c for c in data["claims"]}


def assert_every_claim_held(r: subprocess.CompletedProcess, data: dict) -> None:
    not_held = [(c["claim"], c["observed"], c["why"]) for c in data["claims"] if c["held"] is not True]
    assert not not_held, not_held
    assert data["held"] is True and data["error"] is None
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr


def assert_export_passes_shellcheck(name: str, tmp_path) -> str:
    script = tmp_path / f"{name}.sh"
    r = run_netsh("export", name, "-o", str(script))
    assert r.returncode == 0, r.stderr
    check = subprocess.run([shutil.which("shellcheck") or "shellcheck", "-s", "bash", str(script)],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout
    return script.read_text()
