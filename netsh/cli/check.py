"""`netsh check [SCENARIO...] [--junit FILE] [--json FILE]`: does the lesson still
work on this kernel? Every scenario runs in its own sandbox; one matrix shows
every claim, held or not, with the kernel and tool versions."""

from __future__ import annotations

import io
from pathlib import Path

import typer

from netsh.cli.options import SSH_CONFIG, load_scenario


def check(scenarios: list[str] = typer.Argument(None, metavar="[SCENARIO]...",
                                                help="Scenario names or .py files (default: every built-in one)."),
          junit: Path = typer.Option(None, "--junit", metavar="FILE.xml",
                                     help="Also write JUnit XML: a testsuite per scenario, a testcase per claim."),
          json_file: Path = typer.Option(None, "--json", metavar="FILE.json",
                                         help="Also write the results as JSON (shape: netsh/render/checks.py)."),
          target: list[str] = typer.Option([], "--target", metavar="ssh://[user@]host[:port]",
                                           help="Check on this remote host (repeatable: every host at once, "
                                                "one column each)."),
          targets: Path = typer.Option(None, "--targets", metavar="FILE",
                                       help="Check on every host listed in FILE (one ssh:// target a line, "
                                            "# comments), all at once."),
          ssh_config: Path = SSH_CONFIG):
    """Run scenarios in sandboxes and show every claim held or not here. Exit 1 if one did not hold."""
    import json

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn

    from netsh.executors.sandbox import SandboxExecutor
    from netsh.render.checks import matrix, to_json, to_junit
    from netsh.scenario import builtin
    from netsh.session import check_writable

    names = scenarios or sorted(builtin())
    chosen = [load_scenario(name, []) for name in names]  # usage errors before anything runs
    for path in (junit, json_file):
        if path is not None:
            check_writable(path)
    hosts = [*target, *(read_targets(targets) if targets else [])]
    if hosts:
        from netsh.fanout import check_hosts
        raise typer.Exit(check_hosts(hosts, chosen, str(ssh_config) if ssh_config else None, json_file, junit))
    with SandboxExecutor() as probe:
        facts = probe.facts()
    console = Console()
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("starting", total=len(chosen))
        results = []
        for sc in chosen:
            results.append(run_one(sc, lambda text: progress.update(task, description=text)))
            progress.advance(task)
    console.print(matrix(results, facts))
    document = to_json(results, facts)
    c = document["counts"]
    console.print(f"{c['held']} held, {c['not_held']} not held, {c['unknown']} undecidable here, "
                  f"{c['stopped']} of {len(results)} scenarios stopped early.",
                  style="green bold" if document["held"] else "red bold")
    if json_file is not None:
        json_file.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    if junit is not None:
        junit.write_text(to_junit(results, facts))
    raise typer.Exit(0 if document["held"] else 1)


def run_one(sc, show, target: str = "sandbox", ssh_config: str | None = None):
    """One scenario in its own sandbox, quietly; claims are collected as they are judged."""
    from rich.console import Console

    from netsh.errors import NetshError
    from netsh.events import ClaimChecked
    from netsh.render.checks import ScenarioResult
    from netsh.session import Session

    result = ScenarioResult(sc.name)

    def collect(event):
        if isinstance(event, ClaimChecked):
            result.claims.append(event)
            show(f"{sc.name}: {len(result.claims)} claims checked")

    show(f"{sc.name}: starting")
    session = Session(sc, target, Console(file=io.StringIO()), quiet=True, listeners=[collect],
                      ssh_config=ssh_config)
    try:
        outcome = session.run()
        result.error = str(outcome.error) if outcome.error else None
    except NetshError as exc:  # this scenario cannot run here; the others still may
        result.error = str(exc)
    return result


def read_targets(path: Path) -> list[str]:
    """One target a line; blank lines and # comments are skipped."""
    from netsh.errors import UsageError

    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}", "Give a file with one ssh:// target a line.") from None
    return [line.split("#", 1)[0].strip() for line in lines if line.split("#", 1)[0].strip()]


def register(app: typer.Typer, guard) -> None:
    app.command("check")(guard(check))
