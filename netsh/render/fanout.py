"""`netsh check` on many hosts: one matrix of claims × hosts, its JSON and JUnit XML.

JSON shape (`netsh_check_hosts: 1`):
    {"netsh_check_hosts": 1, "held": bool,
     "hosts": [{"target": str, "reachable": bool, "error": str | null,
                ...the single-host document of render/checks.py (facts, held, counts, scenarios)}]}
"""

from __future__ import annotations

from dataclasses import replace

from rich.markup import escape
from rich.table import Table

from netsh.checks import HostResult
from netsh.render.checks import MARKS, to_json, to_junit


def hosts_json(hosts: list[HostResult]) -> dict:
    return {"netsh_check_hosts": 1, "held": all(h.held for h in hosts),
            "hosts": [{"target": h.target, "reachable": h.error is None, "error": h.error,
                       **to_json(h.results, h.facts), "held": h.held} for h in hosts]}


def hosts_junit(hosts: list[HostResult]) -> str:
    """JUnit XML: a testsuite per scenario and host, named "TARGET SCENARIO"."""
    return to_junit([replace(r, name=f"{h.target} {r.name}") for h in hosts for r in h.results], {})


def hosts_matrix(hosts: list[HostResult]) -> Table:
    """Rows: every claim of every scenario; columns: the hosts; cells: ✓ ✗ ? or why not run."""
    table = Table(title="Claims by host", title_justify="left")
    table.add_column("scenario")
    table.add_column("step", justify="right")
    table.add_column("claim")
    for h in hosts:
        kernel = h.facts.get("kernel", "")
        table.add_column(escape(h.target) + (f"\n[dim]Linux {escape(kernel)}[/]" if kernel else ""),
                         justify="center", overflow="fold")
    rows: dict[tuple[str, int, str], dict[str, str]] = {}
    texts: dict[tuple[str, int, str], str] = {}
    stopped: dict[str, dict[str, str]] = {}
    for h in hosts:
        for r in h.results:
            for c in r.claims:
                # Rows key on the claim's id: hosts with other languages or wordings still line up.
                texts.setdefault((r.name, c.index, c.key), c.text)
                rows.setdefault((r.name, c.index, c.key), {})[h.target] = MARKS[c.verdict.held]
            if r.error is not None:
                stopped.setdefault(r.name, {})[h.target] = f"[red]stopped:[/] {escape(r.error.splitlines()[0])}"
    for row, cells in rows.items():
        name, index, _ = row
        table.add_row(name, str(index), escape(texts[row]), *(cells.get(h.target, "") for h in hosts))
    for name, cells in stopped.items():
        table.add_row(name, "", "[red]the run stopped[/]", *(cells.get(h.target, "") for h in hosts))
    unreachable = {h.target: f"[red]✗ {escape(h.error)}[/]" for h in hosts if h.error}
    if unreachable:
        table.add_row("", "", "[red]host reachable[/]",
                      *(unreachable.get(h.target, MARKS[True]) for h in hosts))
    return table
