"""`netsh graph SCENARIO [--format mermaid|dot|svg]`: run the scenario in a
sandbox, read the topology it built, draw it with a claim's packet path."""

from __future__ import annotations

import enum
import sys
from pathlib import Path

import typer

from netsh.cli.options import PARAMS, PREFIX, SCENARIO, load_scenario


class GraphFormat(str, enum.Enum):
    mermaid = "mermaid"
    dot = "dot"
    svg = "svg"


def reach_claims(sc) -> list:
    from netsh.claims import Reaches

    return [c for step in sc.plan for c in step.claims if isinstance(c, Reaches)]


def pick_claim(claims: list, wanted: str):
    """The claim whose path is drawn: the one matching `wanted`, else the first
    namespace-to-namespace reach that should succeed, else any that should."""
    from netsh.errors import UsageError

    if wanted:
        found = [c for c in claims if wanted.lower() in c.text.lower()]
        if not found:
            listed = "; ".join(c.text for c in claims) or "none"
            raise UsageError(f"no reachability claim matches {wanted!r}", f"This scenario's are: {listed}.")
        return found[0]
    good = [c for c in claims if c.expect]
    return next((c for c in good if c.src is not None), good[0] if good else None)


def made_by_setup(executor) -> set[str]:
    """The namespaces the executor's own setup made (the sandbox's stand-in outside network)."""
    return {name for step in executor.setup_steps() for c in step.commands for name in c.created("netns")}


def graph(scenario: str = SCENARIO, param: list[str] = PARAMS, prefix: str = PREFIX,
          fmt: GraphFormat = typer.Option(GraphFormat.mermaid, "--format", "-f",
                                     help="mermaid, dot, or svg (needs graphviz)."),
          claim: str = typer.Option("", "--claim", metavar="TEXT",
                                    help="Draw the path of the reachability claim containing TEXT."),
          output: Path = typer.Option(None, "--output", "-o", metavar="FILE", help="Write here, not to stdout.")):
    """Draw the topology a scenario builds, from live state, with a claim's packet path marked."""
    from rich.console import Console

    from netsh.events import ClaimChecked
    from netsh.render.graph import dot_to_svg, require_dot, to_dot, to_mermaid, topology
    from netsh.session import Session, SessionOptions
    from netsh.state.path import packet_path
    from netsh.state.snapshot import collect

    if fmt is GraphFormat.svg:
        require_dot()  # stop before the run when Graphviz is missing
    sc = load_scenario(scenario, param, prefix)
    chosen = pick_claim(reach_claims(sc), claim)
    seen = {}

    def observed(event):  # the chosen claim's evidence: the path its ping really took, and where it stopped
        if isinstance(event, ClaimChecked) and chosen is not None and event.text == chosen.text:
            seen.setdefault("evidence", event.verdict.evidence)

    session = Session(sc, "sandbox", Console(stderr=True),
                      SessionOptions(quiet=True, explain=True, listeners=(observed,)))
    outcome = session.run(inspect=lambda ex: seen.update(snapshot=collect(ex), outside=made_by_setup(ex)))
    snap = seen["snapshot"]
    path = packet_path(snap, chosen.src, chosen.target, chosen.text) if chosen else None
    topo = topology(snap, path, seen["outside"], seen.get("evidence"))
    if path is not None:
        typer.echo(f"netsh: path of “{path.claim}”: {topo.caption.split(': ', 1)[-1]}", err=True)
    text = to_mermaid(topo) if fmt is GraphFormat.mermaid else to_dot(topo)
    if fmt is GraphFormat.svg:
        text = dot_to_svg(text)
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    raise typer.Exit(1 if outcome.error else 0)


def register(app: typer.Typer, guard) -> None:
    app.command("graph")(guard(graph))
