"""The JSON report of a run (--report FILE.json): a stable, documented shape.

A step with more than BULK commands (bridge-n-ns configures thousands) is
summarised per place: how many commands ran there, how many failed, how long
they took; only the commands that failed or printed something are kept whole.
The report then grows with the number of namespaces, not of commands, and so
does the memory collecting it. `--report-full` keeps every command.
"""

from __future__ import annotations

import json
import time

from netsh.events import ClaimChecked, CommandRan, Outcome, StepStarted, Undone


BULK = 50  # commands in one step above which the report summarises them per place


class Report:
    """A run listener that collects every claim, and every command or a summary of them."""

    def __init__(self, full: bool = False):
        self.full = full
        self.steps: list[dict] = []
        self.undo: list[dict] = []
        self.places: dict[tuple, dict] | None = None  # the current step's summary, if it has one

    def __call__(self, event) -> None:
        if isinstance(event, StepStarted):
            self.steps.append({"index": event.index, "title": event.step.title, "setup": event.setup,
                               "commands": [], "claims": []})
            self.places = None if self.full or len(event.step.commands) <= BULK else {}
            if self.places is not None:
                self.steps[-1]["summary"] = self.places
        elif isinstance(event, CommandRan):
            if self.places is None:
                self.steps[-1]["commands"].append(event.result.to_json())
            else:
                self._count(event.result)
        elif isinstance(event, ClaimChecked):
            self.steps[-1]["claims"].append(claim_json(event))
        elif isinstance(event, Undone):
            self.undo.append(event.result.to_json())

    def _count(self, result) -> None:
        """Add a command to its place's tally; keep it whole if a reader needs it."""
        c = result.command
        tally = self.places.setdefault((c.host, c.netns), {"host": c.host, "netns": c.netns, "commands": 0,
                                                           "failed": 0, "duration": 0.0})
        tally["commands"] += 1
        tally["failed"] += result.ran and not result.ok
        tally["duration"] += result.duration
        if (result.ran and not result.ok) or result.stdout or result.stderr:
            self.steps[-1]["commands"].append(result.to_json())

    def build(self, scenario, target: str, facts: dict, outcome: Outcome) -> dict:
        return {
            "netsh_report": 1,
            "scenario": scenario.name,
            "parameters": {k: (str(v) if not isinstance(v, int) else v) for k, v in vars(scenario.p).items()},
            "target": target,
            "facts": facts,
            "finished": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "steps": [finished(s) for s in self.steps],
            "undo": self.undo,
            "claims": [claim_json(c) for c in outcome.claims],
            "held": all(c.verdict.held is not False for c in outcome.claims) and outcome.error is None,
            "error": str(outcome.error) if outcome.error else None,
        }

    def write(self, path, *args) -> None:
        with open(path, "w", encoding="utf-8") as fh:
            json.dump(self.build(*args), fh, indent=2, ensure_ascii=False)
            fh.write("\n")


def finished(step: dict) -> dict:
    """A step as the report shows it: a summary becomes a list, one entry per place."""
    if "summary" not in step:
        return step
    places = [{**t, "duration": round(t["duration"], 4)} for t in step["summary"].values()]
    return {**step, "summary": places}


def claim_json(c: ClaimChecked) -> dict:
    v = c.verdict
    return {"id": c.key, "step": c.index, "claim": c.text, "expected": c.text, "held": v.held,
            "state": v.state.value, "observed": v.observed, "why": v.why or None,
            "evidence": v.evidence.to_json() if v.evidence else None,
            "tutorial_outdated": c.verdict.outdated or None,
            "table": [list(row) for row in c.verdict.table] or None,  # side-by-side evidence
            "probes": [r.to_json() for r in c.results]}
