"""What `netsh check` reports: every claim of every scenario run on this machine,
as a terminal matrix, a JSON document and JUnit XML.

JSON shape (`netsh_check: 1`):
    {"netsh_check": 1, "finished": ISO time, "facts": {kernel, iproute2, ethtool, iptables},
     "held": bool,   # false if any claim did not hold or any scenario stopped early
     "counts": {"held": n, "not_held": n, "unknown": n, "stopped": n},
     "scenarios": [{"scenario": name, "held": bool, "error": str | null,
                    "claims": [{"id", "step", "claim", "expected", "held": true|false|null,
                                "state": "held"|"not_held"|"undecidable"|"not_run",
                                "observed", "why", "evidence": {...} | null, "tutorial_outdated"}]}]}
`held: null` is a claim nothing on this machine can decide (e.g. a flag no tool
reports here); it is not a failure. `evidence` is netsh/why/evidence.py's value.
"""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET

from rich.markup import escape
from rich.table import Table

from netsh.checks import ScenarioResult
from netsh.events import ClaimChecked
from netsh.render.report import claim_json

MARKS = {True: "[green]✓[/]", False: "[red]✗[/]", None: "[yellow]?[/]"}


def counts(results: list[ScenarioResult]) -> dict[str, int]:
    verdicts = [c.verdict.held for r in results for c in r.claims]
    states = [c.verdict.state for r in results for c in r.claims]
    return {"held": verdicts.count(True), "not_held": verdicts.count(False),
            "unknown": verdicts.count(None), "stopped": sum(r.error is not None for r in results),
            "not_run": sum(s.value == "not_run" for s in states)}


def to_json(results: list[ScenarioResult], facts: dict) -> dict:
    return {
        "netsh_check": 1,
        "finished": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "facts": facts,
        "held": all(r.held for r in results),
        "counts": counts(results),
        "scenarios": [{"scenario": r.name, "held": r.held, "error": r.error,
                       "claims": [{k: v for k, v in claim_json(c).items() if k != "probes"}
                                  for c in r.claims]}
                      for r in results],
    }


def to_junit(results: list[ScenarioResult], facts: dict) -> str:
    """One testsuite per scenario, one testcase per claim; not held is a failure,
    undecidable is skipped, a run that stopped early adds an error testcase."""
    total = counts(results)
    root = ET.Element("testsuites", name="netsh check", tests=str(sum(len(r.claims) for r in results)),
                      failures=str(total["not_held"]), errors=str(total["stopped"]),
                      skipped=str(total["unknown"]))
    for r in results:
        suite = ET.SubElement(root, "testsuite", name=r.name, tests=str(len(r.claims) + (r.error is not None)),
                              failures=str(sum(c.verdict.held is False for c in r.claims)),
                              errors=str(int(r.error is not None)),
                              skipped=str(sum(c.verdict.held is None for c in r.claims)),
                              time=f"{sum(_seconds(c) for c in r.claims):.3f}")
        props = ET.SubElement(suite, "properties")
        for name, value in facts.items():
            ET.SubElement(props, "property", name=name, value=str(value))
        for c in r.claims:
            # Named by the claim's id, so a reworded or translated claim keeps its history.
            case = ET.SubElement(suite, "testcase", classname=r.name, name=c.key, time=f"{_seconds(c):.3f}")
            ET.SubElement(ET.SubElement(case, "properties"), "property", name="claim",
                          value=f"step {c.index}: {c.text}")
            v = c.verdict
            if v.held is False:
                reason = v.evidence.reason if v.evidence and v.evidence.reason else ""
                ET.SubElement(case, "failure", message=v.observed + (f" — {reason}" if reason else "")).text = \
                    "\n".join(x for x in (v.why, v.evidence.path if v.evidence else "") if x) or v.observed
            elif v.held is None:
                ET.SubElement(case, "skipped", message=v.observed)
            if v.outdated:
                ET.SubElement(case, "system-out").text = f"the tutorial is out of date here: {v.outdated}"
        if r.error is not None:
            case = ET.SubElement(suite, "testcase", classname=r.name, name="the run reaches its end")
            ET.SubElement(case, "error", message=r.error.splitlines()[0]).text = r.error
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _seconds(c: ClaimChecked) -> float:
    return sum(r.duration for r in c.results)


def matrix(results: list[ScenarioResult], facts: dict, explain: bool = False) -> Table:
    """The terminal matrix; a claim that did not hold shows its located reason (every claim with `explain`)."""
    versions = " · ".join(f"{k} {v}" for k, v in facts.items())
    table = Table(title=f"Claims on this machine ({escape(versions)})", title_justify="left")
    table.add_column("scenario")
    table.add_column("step", justify="right")
    table.add_column("claim")
    table.add_column("", justify="center")
    table.add_column("observed", overflow="fold")
    for r in results:
        for n, c in enumerate(r.claims):
            ev = c.verdict.evidence
            why = f"\n[dim]→ {escape(ev.reason)}[/]" if ev and ev.reason and (explain or c.verdict.held is False) \
                else ""
            table.add_row(r.name if n == 0 else "", str(c.index), escape(c.text), MARKS[c.verdict.held],
                          escape(c.verdict.observed) + why)
        if r.error is not None:
            table.add_row(r.name if not r.claims else "", "", "[red]the run stopped[/]", MARKS[False],
                          escape(r.error))
    return table
