"""The JSON report of a run (--report FILE.json): a stable, documented shape."""

from __future__ import annotations

import json
import time

from netsh.events import ClaimChecked, CommandRan, Outcome, StepStarted, Undone


class Report:
    """A run listener that collects every command and claim."""

    def __init__(self):
        self.steps: list[dict] = []
        self.undo: list[dict] = []

    def __call__(self, event) -> None:
        if isinstance(event, StepStarted):
            self.steps.append({"index": event.index, "title": event.step.title, "setup": event.setup,
                               "commands": [], "claims": []})
        elif isinstance(event, CommandRan):
            self.steps[-1]["commands"].append(event.result.to_json())
        elif isinstance(event, ClaimChecked):
            self.steps[-1]["claims"].append(claim_json(event))
        elif isinstance(event, Undone):
            self.undo.append(event.result.to_json())

    def build(self, scenario, target: str, facts: dict, outcome: Outcome) -> dict:
        return {
            "netsh_report": 1,
            "scenario": scenario.name,
            "parameters": {k: (str(v) if not isinstance(v, int) else v) for k, v in vars(scenario.p).items()},
            "target": target,
            "facts": facts,
            "finished": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "steps": self.steps,
            "undo": self.undo,
            "claims": [claim_json(c) for c in outcome.claims],
            "held": all(c.verdict.held is not False for c in outcome.claims) and outcome.error is None,
            "error": str(outcome.error) if outcome.error else None,
        }

    def write(self, path, *args) -> None:
        with open(path, "w", encoding="utf-8") as fh:
            json.dump(self.build(*args), fh, indent=2, ensure_ascii=False)
            fh.write("\n")


def claim_json(c: ClaimChecked) -> dict:
    v = c.verdict
    return {"id": c.key, "step": c.index, "claim": c.text, "expected": c.text, "held": v.held,
            "state": v.state.value, "observed": v.observed, "why": v.why or None,
            "evidence": v.evidence.to_json() if v.evidence else None,
            "tutorial_outdated": c.verdict.outdated or None,
            "table": [list(row) for row in c.verdict.table] or None,  # side-by-side evidence
            "probes": [r.to_json() for r in c.results]}
